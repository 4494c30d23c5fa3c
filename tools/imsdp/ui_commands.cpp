// imsdp ui check | fmt | offer | decide | load (docs/user-interaction.md).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <imsdp/user_interaction/guard.hpp>
#include <iostream>
#include <memory>
#include <random>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

namespace ux = user_interaction;

// FILE:pointer: code: message, as the design's error log line (section 13.7).
void print_error(std::string_view file, error const& e) {
  std::cout << file;
  if (!e.path.empty()) std::cout << ':' << e.path;
  if (e.where.line != 0) std::cout << ':' << e.where.line << ':' << e.where.column;
  std::cout << ": error: " << to_string(e.code) << ": "
            << escaped(e.detail.empty() ? describe(e.code) : std::string_view(e.detail)) << '\n';
}

template <class T>
std::optional<T> load(std::string const& path, auto&& reader, int& status) {
  auto text = read_input(path);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto value = reader(*text);
  if (!value) {
    print_error(path, value.error());
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*value);
}

// Calls each_line(line number, line) for every non-blank line of a JSON-lines text.
template <class EachLine>
void for_each_line(std::string_view text, EachLine&& each_line) {
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    auto const line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) each_line(line_no, line);
  }
}

std::optional<ux::policy> load_policy(std::string const& path, int& status) {
  return load<ux::policy>(
      path, [](std::string const& t) { return ux::policy_from_json(t); }, status);
}

std::optional<ux::key_set> load_keys(std::string const& path, int& status) {
  return load<ux::key_set>(
      path, [](std::string const& t) { return ux::keys_from_json(t); }, status);
}

std::optional<ux::time_point> now_option(std::string const& text, int& status) {
  auto const t = ux::parse_time(text);
  if (!t) {
    std::cerr << "imsdp: --now: not an RFC 3339 UTC time (2026-05-01T10:00:00Z)\n";
    status = usage_or_io;
  }
  return t;
}

struct check_options {
  std::string file, policy, keys, home, now;
};

void check(check_options const& o, bool canonical, int& status) {
  auto text = read_input(o.file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return;
  }
  auto m = ux::read(*text);
  if (!m) {
    print_error(o.file, m.error());
    status = invalid_input;
    return;
  }
  if (canonical) {
    std::cout << ux::write(*m) << '\n';
    return;
  }
  auto const* offer = std::get_if<ux::offer>(&*m);
  if (offer != nullptr && !o.policy.empty()) {
    auto const rules = load_policy(o.policy, status);
    if (!rules) return;
    for (auto const& e : ux::validate_offer(*offer, *rules)) {
      print_error(o.file, e);
      status = invalid_input;
    }
  }
  if (offer != nullptr && !o.keys.empty()) {
    auto const keys = load_keys(o.keys, status);
    auto const now = now_option(o.now, status);
    if (!keys || !now) return;
    auto const verified =
        ux::verify_offer(*text, *keys, o.home.empty() ? offer->iss : o.home, *now);
    if (!verified) {
      print_error(o.file, verified.error());
      status = invalid_input;
    }
  }
  if (status == ok)
    std::cout << o.file << ": valid " << ux::kind_of(*m) << " message (id "
              << std::visit([](auto const& x) { return x.id; }, *m) << ")\n";
}

struct offer_options {
  std::string policy, keys, template_ref, subject, subscriber, nonce, now,
      id = "o-1", lang, token_kid = "n1", sign_kid, slots;
  std::uint32_t ttl = 0;
};

void make_offer(offer_options const& o, int& status) {
  auto const rules = load_policy(o.policy, status);
  auto const keys = load_keys(o.keys, status);
  auto const now = now_option(o.now, status);
  if (!rules || !keys || !now) return;
  ux::offer_request req;
  req.id = o.id;
  req.template_ref = o.template_ref;
  auto const colon = o.subject.find(':');
  auto const type = ux::subject_type_from(o.subject.substr(0, colon));
  if (colon == std::string::npos || !type || o.nonce.size() != 32) {
    std::cerr << "imsdp: --subject TYPE:REF (call:c-1) and --nonce of 32 hex digits\n";
    status = usage_or_io;
    return;
  }
  req.subject = {*type, o.subject.substr(colon + 1)};
  req.subscriber = o.subscriber;
  for (std::size_t i = 0; i < 16; ++i)
    req.nonce[i] = static_cast<unsigned char>(std::stoul(o.nonce.substr(i * 2, 2), nullptr, 16));
  req.lang = o.lang;
  if (!o.slots.empty()) {
    auto const given = nlohmann::json::parse(o.slots, nullptr, false);
    bool const strings =
        given.is_object() && std::all_of(given.begin(), given.end(),
                                         [](nlohmann::json const& v) { return v.is_string(); });
    if (!strings) {
      std::cerr << "imsdp: --slots is a JSON object of strings, e.g. {\"app\":\"Maps\"}\n";
      status = usage_or_io;
      return;
    }
    for (auto it = given.begin(); it != given.end(); ++it)
      req.slots[it.key()] = it.value().get<std::string>();
  }
  if (o.ttl != 0) req.ttl = o.ttl;
  req.token_kid = o.token_kid;
  if (!o.sign_kid.empty()) req.sign_kid = o.sign_kid;
  auto const offer = ux::build_offer(*rules, req, *keys, *now);
  if (!offer) {
    print_error("offer", offer.error());
    status = invalid_input;
    return;
  }
  std::cout << ux::write(*offer) << '\n';
}

struct decide_options {
  std::string policy, keys, trace, serving = "-", results;
};

// A trace: one JSON object per line, {"at": TIME, "sender": ID, "response": {...}} or
// {"at": TIME, "withdraw": NONCE, "expires": TIME}. Prints one ack (and charging record) per
// response, and the detailed reason the UE never sees on standard error.
void decide(decide_options const& o, int& status) {
  auto const rules = load_policy(o.policy, status);
  auto const keys = load_keys(o.keys, status);
  auto const trace = read_input(o.trace);
  if (!rules || !keys) return;
  if (!trace) {
    std::cerr << "imsdp: " << trace.error().message() << '\n';
    status = usage_or_io;
    return;
  }
  ux::guard g(*rules);
  ux::context const ctx{*rules, *keys};
  std::ofstream results;
  if (!o.results.empty()) {
    results.open(o.results, std::ios::binary);
    if (!results) {
      std::cerr << "imsdp: cannot write " << o.results << '\n';
      status = usage_or_io;
      return;
    }
  }
  for_each_line(*trace, [&](std::size_t line_no, std::string_view line) {
    auto const j = nlohmann::json::parse(line, nullptr, false);
    auto const where = o.trace + ":" + std::to_string(line_no);
    auto const at = j.is_object() && j.contains("at") && j["at"].is_string()
                        ? ux::parse_time(j["at"].get<std::string>())
                        : std::nullopt;
    if (!at) {
      std::cout << where << ": error: a JSON object with \"at\" (RFC 3339 UTC) per line\n";
      status = invalid_input;
      return;
    }
    if (j.contains("withdraw")) {
      auto const expires = ux::parse_time(j.value("expires", ""));
      bool const done = expires && g.withdraw(j.value("withdraw", ""), *expires, *at);
      std::cout << (done ? "withdrawn" : "not withdrawn") << '\n';
      return;
    }
    auto const text = j.contains("response") ? j["response"].dump() : std::string();
    auto const sender = j.value("sender", "");  // the verdict's charging event views it
    auto const v = g.decide(text, sender, ctx, *at);
    auto const number = std::to_string(line_no);
    std::cout << ux::write(ux::to_ack(v, "a-" + number, *at)) << '\n';
    if (v.reason != errc::ok)
      std::cerr << where << (v.where.size ? ":" : "") << v.where.view() << ": "
                << to_string(v.reason) << '\n';
    if (!v.accepted) return;
    std::cout << ux::write(ux::to_record(v, "cdr-" + number, *at, *rules, o.serving)) << '\n';
    if (results.is_open())
      results << ux::result_to_json(ux::to_result(v, "res-" + number, o.serving)) << '\n';
  });
}

struct respond_options {
  std::string policy, keys, state, sender, now, response, serving = "-", cdr;
};

// One response against the guard kept in a state file: prints the ack (and the charging record
// when accepted), then replaces the state file, so a refused response leaves it as it was.
void respond(respond_options const& o, int& status) {
  auto const rules = load_policy(o.policy, status);
  auto const keys = load_keys(o.keys, status);
  auto const now = now_option(o.now, status);
  auto const text = read_input(o.response);
  if (!rules || !keys || !now) return;
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return;
  }
  std::optional<ux::guard> g;
  if (std::ifstream(o.state).good()) {
    auto restored = load<ux::guard>(
        o.state, [&](std::string const& t) { return ux::guard::restore(*rules, t); }, status);
    if (!restored) return;
    g.emplace(std::move(*restored));
  } else {
    g.emplace(*rules);  // a new state file
  }
  auto const v = g->decide(*text, o.sender, ux::context{*rules, *keys}, *now);
  std::cout << ux::write(ux::to_ack(v, "a-" + std::to_string(v.charging.seq), *now)) << '\n';
  std::cerr << o.response << (v.where.size ? ":" : "") << v.where.view() << ": "
            << to_string(v.reason) << '\n';
  if (v.accepted) {
    auto const cdr = ux::write(
        ux::to_record(v, "cdr-" + std::to_string(v.charging.seq), *now, *rules, o.serving));
    std::cout << cdr << '\n';
    if (!o.cdr.empty()) std::ofstream(o.cdr, std::ios::binary | std::ios::app) << cdr << '\n';
  }
  auto const temporary = o.state + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << g->save() << '\n';
    if (!out) {
      std::cerr << "imsdp: cannot write " << temporary << '\n';
      status = usage_or_io;
      return;
    }
  }
  if (std::rename(temporary.c_str(), o.state.c_str()) != 0) {
    std::cerr << "imsdp: cannot replace " << o.state << '\n';
    status = usage_or_io;
    return;
  }
  if (!v.accepted && v.status != ux::ack_status::duplicate) status = invalid_input;
}

struct expose_options {
  std::string policy, keys, consents, results, purpose, audience, now,
      id = "x-1", seal, pseudonym_kid = "p1", template_ref;
  bool individual = false;
  std::uint32_t ttl = 86400;
};

// Reads one JSON value per non-blank line with `reader`; prints errors as FILE:LINE:pointer.
template <class T>
std::optional<std::vector<T>> read_lines(std::string const& path, auto&& reader, int& status) {
  auto text = read_input(path);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  std::vector<T> out;
  bool failed = false;
  for_each_line(*text, [&](std::size_t line_no, std::string_view line) {
    if (failed) return;
    auto value = reader(line);
    if (!value) {
      print_error(path + ":" + std::to_string(line_no), value.error());
      status = invalid_input;
      failed = true;
      return;
    }
    out.push_back(std::move(*value));
  });
  if (failed) return std::nullopt;
  return out;
}

struct consent_file : ux::consent_source {
  std::vector<ux::consent_record> all;
  mutable std::vector<ux::consent_record> scratch;  // the records of the last subject asked
  std::span<ux::consent_record const> records(std::string_view subject) const override {
    scratch.clear();
    for (auto const& r : all)
      if (r.subject == subject) scratch.push_back(r);
    return scratch;
  }
};

void expose_command(expose_options const& o, int& status) {
  auto const rules = load_policy(o.policy, status);
  auto const keys = load_keys(o.keys, status);
  auto const now = now_option(o.now, status);
  if (!rules || !keys || !now) return;
  auto records = read_lines<ux::consent_record>(
      o.consents,
      [](std::string_view line) -> result<ux::consent_record> {
        auto m = ux::read(line);
        if (!m) return m.error();
        if (auto* c = std::get_if<ux::consent_record>(&*m)) return std::move(*c);
        return make_json_error(errc::ui_unknown_kind, "/kind", "not a consent record");
      },
      status);
  auto results = read_lines<ux::result_record>(
      o.results, [](std::string_view line) { return ux::result_from_json(line); }, status);
  if (!records || !results) return;
  consent_file consents;
  consents.all = std::move(*records);
  ux::exposure_request req;
  req.id = o.id;
  req.issuer = rules->home_network;
  req.audience = o.audience;
  req.purpose = o.purpose;
  req.form = o.individual ? ux::result_form::individual : ux::result_form::aggregate;
  req.template_ref = o.template_ref;
  req.ttl = o.ttl;
  req.pseudonym_kid = o.pseudonym_kid;
  ux::suppression_report report;
  auto const e = ux::expose(req, *results, consents, *rules, *keys, *now, &report);
  std::cerr << "suppressed: " << report.no_consent << " without consent, " << report.other_template
            << " of other templates, " << report.fields_removed << " fields, "
            << report.texts_removed << " free texts\n";
  if (!e) {
    print_error("expose", e.error());
    status = invalid_input;
    return;
  }
  if (o.seal.empty()) {
    std::cout << ux::write_exposure(*e) << '\n';
    return;
  }
  auto const sealed = ux::seal(*e, *keys, o.seal);
  if (!sealed) {
    print_error("seal", sealed.error());
    status = invalid_input;
    return;
  }
  std::cout << *sealed << '\n';
}

struct load_options {
  std::uint32_t subscribers = 10000, targets = 10;
  std::uint64_t responses = 1000000, seed = 1;
};

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// An in-process flood: each subscriber holds one spam-report offer (maxResponses 2) about one
// of `targets` numbers; responses pick a subscriber at random, half of them with a new id.
void flood(load_options const& o, int& status) {
  if (o.subscribers == 0 || o.targets == 0) {
    std::cerr << "imsdp: --subscribers and --targets must be positive\n";
    status = usage_or_io;
    return;
  }
  ux::policy rules;
  rules.home_network = "ims.example";
  ux::interaction_template t;
  t.ref = "spam@1";
  t.cat = ux::category::spam_report;
  t.subjects = {ux::subject_type::call};
  t.prompts = {{"en", "Report this caller?", std::nullopt}};
  t.actions = {{"r",
                ux::action_type::report,
                std::nullopt,
                std::nullopt,
                {{"unwanted-call", std::nullopt, std::nullopt, std::nullopt},
                 {"robocall", std::nullopt, std::nullopt, std::nullopt}}}};
  t.max_responses = 2;
  t.ttl = 3600;
  rules.templates = {t};
  rules.replay_capacity = o.subscribers * 2;
  rules.bucket_capacity = (o.subscribers + o.targets) * 2;
  rules.token_cache_capacity = o.subscribers * 2;  // each token verified once: room to spare
  auto& spam = rules.categories[static_cast<std::size_t>(ux::category::spam_report)];
  spam.subscriber = {1, 60, 1};
  spam.target = {100, 1, 200};
  ux::key_set keys;
  ux::key k;
  k.kid = "n1";
  k.secret.assign(32, 0x5a);
  (void)keys.add(k);
  auto const t0 = *ux::parse_time("2026-05-01T10:00:00Z");
  std::vector<std::string> prefix(o.subscribers), senders(o.subscribers);
  for (std::uint32_t s = 0; s < o.subscribers; ++s) {
    ux::offer_request req;
    req.id = "o-" + std::to_string(s);
    req.template_ref = "spam@1";
    req.subject = {ux::subject_type::call, "tel-" + std::to_string(s % o.targets)};
    senders[s] = "ps-" + std::to_string(s);
    req.subscriber = senders[s];
    for (std::size_t i = 0; i < 4; ++i)
      req.nonce[i] = static_cast<unsigned char>(s >> (8 * i));
    req.token_kid = "n1";
    auto const offer = ux::build_offer(rules, req, keys, t0);
    prefix[s] = R"({"v":1,"kind":"response","offer":")" + offer->id +
                R"(","ts":"2026-05-01T10:00:01Z","token":")" + offer->token +
                R"(","answers":[{"aid":"r","value":"robocall"}],"id":"r-)";
  }
  ux::guard g(rules);
  ux::context const ctx{rules, keys};
  std::mt19937_64 rng(o.seed);
  auto const rss_before = max_rss_kib();
  std::string text;
  auto const start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < o.responses; ++i) {
    auto const s = static_cast<std::uint32_t>(rng() % o.subscribers);
    text = prefix[s];
    text += std::to_string(rng() % 4);
    text += "\"}";
    // 10 000 responses per simulated second.
    auto const now = t0 + std::chrono::milliseconds(1000 + i / 10);
    (void)g.decide(text, senders[s], ctx, now);
  }
  auto const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto const s = g.stats();
  nlohmann::json out{
      {"responses", o.responses},
      {"subscribers", o.subscribers},
      {"targets", o.targets},
      {"decisionsPerSecond",
       static_cast<std::uint64_t>(static_cast<double>(o.responses) / seconds)},
      {"accepted", s.by_status[0]},
      {"duplicate", s.by_status[1]},
      {"expired", s.by_status[2]},
      {"invalid", s.by_status[3]},
      {"rateLimited", s.by_status[4]},
      {"consentMissing", s.by_status[5]},
      {"overloads", s.overloads},
      {"replay",
       {{"capacity", s.replay_capacity},
        {"used", s.replay_used},
        {"highWater", s.replay_high_water}}},
      {"buckets", {{"capacity", s.bucket_capacity}, {"used", s.bucket_used}}},
      {"tokenCache", {{"capacity", s.token_cache_capacity}, {"hits", s.token_cache_hits}}},
      {"tableBytes", s.memory_bytes},
      {"maxRssKiB", {{"beforeFlood", rss_before}, {"afterFlood", max_rss_kib()}}}};
  print_json(std::cout, out);
}

}  // namespace

void add_ui_commands(CLI::App& app, int& status) {
  auto* ui = app.add_subcommand("ui", "User interaction for IMS services (FS_IMSUserInteract)");
  ui->require_subcommand(1);

  for (bool canonical : {false, true}) {
    auto o = std::make_shared<check_options>();
    auto* cmd = canonical
                    ? ui->add_subcommand("fmt", "Print a message in its RFC 8785 canonical form")
                    : ui->add_subcommand(
                          "check", "Validate any message; offers also against a policy and keys");
    cmd->add_option("file", o->file, "Message JSON, or - for standard input")->required();
    if (!canonical) {
      cmd->add_option("--policy", o->policy, "Operator policy JSON: check an offer's rules 1-2");
      cmd->add_option("--keys", o->keys, "Keys JSON: verify an offer's signature (needs --now)");
      cmd->add_option("--home", o->home,
                      "The subscriber's home network (default: the offer's issuer)");
      cmd->add_option("--now", o->now, "The time of the check (RFC 3339 UTC)");
    }
    cmd->callback([o, canonical, &status] { check(*o, canonical, status); });
  }

  auto oo = std::make_shared<offer_options>();
  auto* offer =
      ui->add_subcommand("offer", "Build an offer of a registered template with its token");
  offer->add_option("--policy", oo->policy, "Operator policy JSON")->required();
  offer->add_option("--keys", oo->keys, "Keys JSON")->required();
  offer->add_option("--template", oo->template_ref, "Template <id>@<version>")->required();
  offer->add_option("--subject", oo->subject, "TYPE:REF, e.g. call:c-7b21")->required();
  offer->add_option("--subscriber", oo->subscriber, "The pseudonym the token binds")->required();
  offer->add_option("--nonce", oo->nonce, "128 random bits as 32 hex digits")->required();
  offer->add_option("--now", oo->now, "Issue time (RFC 3339 UTC)")->required();
  offer->add_option("--id", oo->id, "Offer id")->capture_default_str();
  offer->add_option("--lang", oo->lang, "Prompt language");
  offer->add_option("--ttl", oo->ttl, "Seconds (default: the template's)");
  offer->add_option("--slots", oo->slots, "Slot values as a JSON object, e.g. {\"app\":\"Maps\"}");
  offer->add_option("--token-kid", oo->token_kid, "HS256 token key")->capture_default_str();
  offer->add_option("--sign-kid", oo->sign_kid, "EdDSA offer key (none: unsigned)");
  offer->callback([oo, &status] { make_offer(*oo, status); });

  auto dopt = std::make_shared<decide_options>();
  auto* dec = ui->add_subcommand(
      "decide", "Run a trace of responses through one guard; print acks and charging records");
  dec->add_option("--policy", dopt->policy, "Operator policy JSON")->required();
  dec->add_option("--keys", dopt->keys, "Keys JSON")->required();
  dec->add_option("--serving", dopt->serving, "Serving network in charging records")
      ->capture_default_str();
  dec->add_option("trace", dopt->trace,
                  "JSON lines: {at, sender, response} or {at, withdraw, expires}")
      ->required();
  dec->callback([dopt, &status] { decide(*dopt, status); });

  dec->add_option("--results", dopt->results,
                  "Write the result record of each acceptance (JSON lines)");

  auto ro = std::make_shared<respond_options>();
  auto* resp =
      ui->add_subcommand("respond", "Decide on one response; the guard's state lives in a file");
  resp->add_option("--policy", ro->policy, "Operator policy JSON")->required();
  resp->add_option("--keys", ro->keys, "Keys JSON")->required();
  resp->add_option("--state", ro->state, "Guard state JSON (created when absent, replaced after)")
      ->required();
  resp->add_option("--sender", ro->sender, "The authenticated sender's pseudonym")->required();
  resp->add_option("--now", ro->now, "The time of the decision (RFC 3339 UTC)")->required();
  resp->add_option("--serving", ro->serving, "Serving network in the charging record")
      ->capture_default_str();
  resp->add_option("--cdr", ro->cdr, "Append the charging record to this file");
  resp->add_option("response", ro->response, "Response JSON, or - for standard input")->required();
  resp->callback([ro, &status] { respond(*ro, status); });

  auto eo = std::make_shared<expose_options>();
  auto* exp = ui->add_subcommand(
      "expose", "The minimized view of results a third party may see (rules 15-18)");
  exp->add_option("--policy", eo->policy, "Operator policy JSON (its exposure rules)")->required();
  exp->add_option("--keys", eo->keys, "Keys JSON (pseudonym and exposure keys)")->required();
  exp->add_option("--consent", eo->consents, "Consent records, one JSON per line")->required();
  exp->add_option("--purpose", eo->purpose, "The purpose of the exposure")->required();
  exp->add_option("--audience", eo->audience, "The recipient")->required();
  exp->add_option("--template", eo->template_ref, "The template whose results are exposed")
      ->required();
  exp->add_option("--now", eo->now, "The time of the exposure (RFC 3339 UTC)")->required();
  exp->add_option("--id", eo->id, "Exposure id")->capture_default_str();
  exp->add_option("--ttl", eo->ttl, "Seconds the recipient may keep it")->capture_default_str();
  exp->add_flag("--individual", eo->individual, "Pseudonymous items instead of an aggregate");
  exp->add_option("--pseudonym-kid", eo->pseudonym_kid, "HMAC key of the pseudonyms")
      ->capture_default_str();
  exp->add_option("--seal", eo->seal, "EdDSA exposure key: print the JWS compact envelope");
  exp->add_option("results", eo->results, "Result records, one JSON per line (ui decide --results)")
      ->required();
  exp->callback([eo, &status] { expose_command(*eo, status); });

  auto lo = std::make_shared<load_options>();
  auto* load_cmd = ui->add_subcommand(
      "load", "An in-process response flood: verdicts, memory, decisions per second");
  load_cmd->add_option("--subscribers", lo->subscribers)->capture_default_str();
  load_cmd->add_option("--responses", lo->responses)->capture_default_str();
  load_cmd->add_option("--targets", lo->targets)->capture_default_str();
  load_cmd->add_option("--seed", lo->seed)->capture_default_str();
  load_cmd->callback([lo, &status] { flood(*lo, status); });
}

}  // namespace imsdp::cli
