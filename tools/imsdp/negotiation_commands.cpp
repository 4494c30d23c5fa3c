// imsdp answer: the answer to an offer under local capabilities, with --explain a line per
// decision; imsdp offer: an initial offer from capabilities; imsdp negotiate: an event
// script replayed into its trace (DESIGN.md section 9).

#include <filesystem>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

struct answer_options {
  std::string offer;
  std::string caps;
  std::string current;         // our current local description (a session)
  std::string previous_offer;  // the peer's previous offer (ICE restart detection)
  std::string profile = "lenient";
  bool explain = false;
  bool json = false;
  bool show_keys = false;
};

/// Capabilities from a file, with the key source set; prints the error when unreadable.
std::optional<negotiation::capabilities> load_capabilities(std::string const& file, int& status) {
  auto const text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto caps = negotiation::capabilities_from_json(*text);
  if (!caps) {
    std::cerr << file << ":" << caps.error().path << ": " << caps.error().message() << '\n';
    status = invalid_input;
    return std::nullopt;
  }
  if (caps->sdes) caps->sdes->keys = random_key;
  return std::move(*caps);
}

/// A JSON file; prints the error and returns nullopt when it cannot be read or parsed.
std::optional<nlohmann::json> load_json(std::string const& file, int& status) {
  auto text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) {
    std::cerr << file << ": not valid JSON\n";
    status = invalid_input;
    return std::nullopt;
  }
  return j;
}

int run_answer(answer_options const& o) {
  auto const p = profile_option(o.profile);
  if (!p) return usage_or_io;
  auto text = read_input(o.offer);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  auto const offer = sdp::parse(*text, *p);
  if (!offer) {
    print_diagnostic(std::cerr, o.offer, *text, to_diagnostic(offer.error()));
    return invalid_input;
  }
  int status = ok;
  auto const caps = load_capabilities(o.caps, status);
  if (!caps) return status;
  // A session: our current description and the peer's previous offer, when given.
  auto const description_of = [&](std::string const& file) -> result<negotiation::description> {
    if (file.empty()) return negotiation::description{};
    auto body = read_input(file);
    if (!body) return body.error();
    auto doc = sdp::parse(*body, *p);
    if (!doc) {
      print_diagnostic(std::cerr, file, *body, to_diagnostic(doc.error()));
      return doc.error();
    }
    return std::make_shared<sdp::session_description const>(std::move(*doc));
  };
  auto const current = description_of(o.current);
  auto const previous_offer = description_of(o.previous_offer);
  if (!current || !previous_offer) {
    auto const& e = !current ? current.error() : previous_offer.error();
    if (e.code == errc::io_error) std::cerr << "imsdp: " << e.message() << '\n';
    return e.code == errc::io_error ? usage_or_io : invalid_input;
  }
  auto const answer = negotiation::create_answer(*offer, *caps, *current, *previous_offer);
  if (!answer) {
    std::cerr << "imsdp: no answer: " << answer.error().message() << '\n';
    return invalid_input;
  }
  if (o.json) {
    nlohmann::json decisions = nlohmann::json::array();
    for (auto const& d : answer->decisions)
      decisions.push_back(to_string(d));
    // JSON is printed output: the answer's own SRTP keys are masked in it (secrets.hpp).
    nlohmann::json out{{"answer", sdp::redact_secrets(sdp::serialize(*answer->sdp))},
                       {"decisions", std::move(decisions)},
                       {"session", negotiation::negotiated(*answer->sdp, *offer, false)}};
    print_json(std::cout, out);
    return ok;
  }
  // The decisions go to standard error, so standard output stays a description.
  if (o.explain)
    for (auto const& d : answer->decisions)
      std::cerr << to_string(d) << '\n';
  print_sdp(std::cout, sdp::serialize(*answer->sdp), o.show_keys);
  return ok;
}

int run_offer(std::string const& caps_file, bool show_keys) {
  int status = ok;
  auto const caps = load_capabilities(caps_file, status);
  if (!caps) return status;
  auto const offer = negotiation::create_offer(*caps);
  if (!offer) {
    std::cerr << "imsdp: no offer: " << offer.error().message() << '\n';
    return invalid_input;
  }
  print_sdp(std::cout, sdp::serialize(*offer->sdp), show_keys);
  return ok;
}

int run_negotiate(std::string const& file, bool json) {
  int status = ok;
  auto const script = load_json(file, status);
  if (!script) return status;
  // Files a script names are relative to the script.
  auto const base =
      file == "-" ? std::filesystem::current_path() : std::filesystem::path(file).parent_path();
  std::vector<negotiation::script_session> sessions;
  auto const trace = negotiation::run_script(
      *script, [&](std::string const& path) { return read_input((base / path).string()); },
      json ? &sessions : nullptr, random_key);
  if (!trace) {
    std::cerr << file << ": " << trace.error().message() << '\n';
    return invalid_input;
  }
  if (json) {
    nlohmann::json out{{"trace", *trace}, {"sessions", nlohmann::json::array()}};
    for (auto const& s : sessions)
      out["sessions"].push_back({{"line", s.line}, {"dialog", s.dialog}, {"session", s.session}});
    print_json(std::cout, out);
    return ok;
  }
  for (auto const& line : *trace)
    std::cout << line << '\n';
  return ok;
}

}  // namespace

void add_negotiation_commands(CLI::App& app, int& status) {
  auto a = std::make_shared<answer_options>();
  auto* answer = app.add_subcommand("answer", "Answer an offer under local capabilities");
  answer->add_option("--offer", a->offer, "offer SDP file, or - for standard input")->required();
  answer->add_option("--caps", a->caps, "capabilities JSON (schemas/negotiation/)")->required();
  answer->add_option("--profile", a->profile, "profile the offer is parsed under")
      ->capture_default_str();
  answer->add_flag("--explain", a->explain,
                   "a line per codec, channel and configuration decision (standard error)");
  answer->add_option("--current", a->current,
                     "our current local description: the answer keeps its o= identity, ICE "
                     "credentials, fingerprint, setup role and tls-id (RFC 9429 5.3.2)");
  answer->add_option("--previous-offer", a->previous_offer,
                     "the peer's previous offer, to tell an ICE restart (new ufrag) from none");
  answer->add_flag("--json", a->json,
                   "JSON: the answer, the decisions and the negotiated session of each m-line");
  add_show_keys(*answer, a->show_keys);
  answer->callback([a, &status] { status = run_answer(*a); });

  struct offer_options {
    std::string caps;
    bool show_keys = false;
  };
  auto of = std::make_shared<offer_options>();
  auto* offer = app.add_subcommand("offer", "Write an initial offer from local capabilities");
  offer->add_option("--caps", of->caps, "capabilities JSON (schemas/negotiation/)")->required();
  add_show_keys(*offer, of->show_keys);
  offer->callback([of, &status] { status = run_offer(of->caps, of->show_keys); });

  struct negotiate_options {
    std::string script;
    bool json = false;
  };
  auto n = std::make_shared<negotiate_options>();
  auto* negotiate = app.add_subcommand("negotiate", "Replay an event script and print the trace");
  negotiate->add_option("script", n->script, "event script JSON, or - for standard input")
      ->required();
  negotiate->add_flag("--json", n->json,
                      "JSON: the trace and the negotiated session of every session action");
  negotiate->callback([n, &status] { status = run_negotiate(n->script, n->json); });
}

}  // namespace imsdp::cli
