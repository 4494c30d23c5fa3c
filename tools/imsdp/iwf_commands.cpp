// imsdp iwf: the WebRTC <-> IMS interworking function (DESIGN.md section 12;
// docs/interworking.md). to-ims and to-webrtc translate one SDP with the call state kept in
// a file; loop runs a browser offer through the IMS leg and back (the --answer-cmd of the
// browser oracle); check runs the output checks on any SDP.
#include <filesystem>
#include <fstream>
#include <imsdp/interworking/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

struct iwf_options {
  std::string direction;  // "to-ims" or "to-webrtc"
  std::string file;
  std::string policy;
  std::string state;
  std::string resources;
  std::string plan;
  std::string caps;            // loop: the IMS UE's capabilities
  std::string current;         // loop: the WebRTC answer the browser holds
  std::string previous_offer;  // loop: the browser's previous offer
  std::string profile = "lenient";
  bool explain = false;
  bool dry_run = false;
  bool rtpengine = false;
  bool show_keys = false;
  bool state_keys = false;
};

template <class T>
std::optional<T> load(std::string const& file, result<T> (*read)(std::string_view), int& status) {
  auto const text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto value = read(*text);
  if (!value) {
    std::cerr << file << ":" << value.error().path << ": " << value.error().message() << '\n';
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*value);
}

std::optional<sdp::session_description> load_sdp(std::string const& file,
                                                 std::string const& profile_name, int& status) {
  auto const p = profile_option(profile_name);
  if (!p) {
    status = usage_or_io;
    return std::nullopt;
  }
  auto const text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto doc = sdp::parse(*text, *p);
  if (!doc) {
    print_diagnostic(std::cerr, file, *text, to_diagnostic(doc.error()));
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*doc);
}

struct inputs {
  interworking::policy policy = interworking::default_policy();
  interworking::call_state state;
  interworking::media_resources resources;
};

// The policy (defaults without one), the state (a new call when the file does not exist
// yet) and the resources.
std::optional<inputs> load_inputs(iwf_options const& o, int& status) {
  inputs in;
  if (!o.policy.empty()) {
    auto p = load(o.policy, &interworking::policy_from_json, status);
    if (!p) return std::nullopt;
    in.policy = std::move(*p);
  }
  in.policy.ims.sdes.keys = random_key;  // ims.srtp=sdes
  if (!o.state.empty() && std::filesystem::exists(o.state)) {
    auto s = load(o.state, &interworking::state_from_json, status);
    if (!s) return std::nullopt;
    in.state = std::move(*s);
  }
  if (!o.resources.empty()) {
    auto r = load(o.resources, &interworking::resources_from_json, status);
    if (!r) return std::nullopt;
    in.resources = std::move(*r);
  }
  return in;
}

bool write_file(std::string const& path, std::string const& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (out) return true;
  std::cerr << "imsdp: cannot write " << path << '\n';
  return false;
}

void explain(interworking::translation const& t) {
  for (auto const& d : t.explanation)
    std::cerr << escaped(negotiation::to_string(d)) << '\n';
  std::cerr << "sdp: " << to_string(t.what) << " towards " << to_string(t.towards) << '\n';
  for (auto const& s : t.sip.supported)
    std::cerr << "sip: Supported: " << s << '\n';
  if (!t.sip.alerting_allowed)
    std::cerr << "sip: no alerting until the offerer's preconditions are met (RFC 3312 8)\n";
}

void print_error(std::string const& file, error const& e) {
  std::cerr << file << ": " << to_string(e.code) << ": " << escaped(e.message());
  if (!e.path.empty()) std::cerr << " (resources " << e.path << ")";
  std::cerr << '\n';
}

int run_translate(iwf_options const& o) {
  int status = ok;
  auto in = load_inputs(o, status);
  if (!in) return status;
  auto const doc = load_sdp(o.file, o.profile, status);
  if (!doc) return status;
  auto const t = o.direction == "to-ims"
                     ? interworking::to_ims(*doc, in->policy, in->state, in->resources)
                     : interworking::to_webrtc(*doc, in->policy, in->state, in->resources);
  if (!t) {
    print_error(o.file, t.error());
    return invalid_input;
  }
  if (o.explain) explain(*t);
  if (!o.plan.empty() &&
      !write_file(o.plan,
                  (o.rtpengine ? nlohmann::json(interworking::rtpengine_flags(t->plan, t->towards))
                               : interworking::plan_to_json(t->plan))
                          .dump(2) +
                      "\n"))
    return usage_or_io;
  if (!o.state.empty() && !o.dry_run &&
      !write_file(o.state, interworking::state_to_json(
                               t->next, o.state_keys ? interworking::state_keys::kept
                                                     : interworking::state_keys::masked)
                                   .dump(2) +
                               "\n"))
    return usage_or_io;
  print_sdp(std::cout, sdp::serialize(*t->sdp), o.show_keys);
  return ok;
}

// One round: browser offer -> to_ims -> the IMS UE's answer (imsdp answer under its
// capabilities, session-aware from the state) -> to_webrtc.
result<interworking::translation> loop_once(sdp::session_description const& offer, inputs const& in,
                                            interworking::call_state const& state,
                                            negotiation::capabilities const& caps, bool verbose) {
  auto const to_ims = interworking::to_ims(offer, in.policy, state, in.resources);
  if (!to_ims) return to_ims.error();
  if (verbose) explain(*to_ims);
  auto const held = [](std::string const& text) -> negotiation::description {
    if (text.empty()) return {};
    auto doc = sdp::parse(text, profile::lenient());
    if (!doc) return {};
    return std::make_shared<sdp::session_description const>(std::move(*doc));
  };
  auto const ue =
      negotiation::create_answer(*to_ims->sdp, caps, held(state.ims.remote), held(state.ims.local));
  if (!ue) {
    auto e = ue.error();
    e.detail = "the IMS UE does not answer: " + e.detail;
    return e;
  }
  auto back = interworking::to_webrtc(*ue->sdp, in.policy, to_ims->next);
  if (back && verbose) explain(*back);
  return back;
}

int run_loop(iwf_options const& o) {
  int status = ok;
  auto in = load_inputs(o, status);
  if (!in) return status;
  auto const text = read_input(o.caps);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  auto caps = negotiation::capabilities_from_json(*text);
  if (!caps) {
    std::cerr << o.caps << ":" << caps.error().path << ": " << caps.error().message() << '\n';
    return invalid_input;
  }
  if (caps->sdes) caps->sdes->keys = random_key;
  auto const offer = load_sdp(o.file, o.profile, status);
  if (!offer) return status;
  // A re-offer (the oracle's reoffer configs): the first exchange is run again to build
  // the call, whose WebRTC answer then is the one the browser holds (--current).
  auto state = in->state;
  if (!o.current.empty() && !o.previous_offer.empty()) {
    auto const previous = load_sdp(o.previous_offer, o.profile, status);
    auto const current = read_input(o.current);
    if (!previous || !current) return status == ok ? usage_or_io : status;
    auto const first = loop_once(*previous, *in, state, *caps, false);
    if (!first) {
      print_error(o.previous_offer, first.error());
      return invalid_input;
    }
    state = first->next;
    state.webrtc.local = *current;
  }
  auto const back = loop_once(*offer, *in, state, *caps, o.explain);
  if (!back) {
    print_error(o.file, back.error());
    return invalid_input;
  }
  if (!o.plan.empty() && !write_file(o.plan, interworking::plan_to_json(back->plan).dump(2) + "\n"))
    return usage_or_io;
  std::cout << sdp::serialize(*back->sdp);
  return ok;
}

struct check_options {
  std::string file;
  std::string side = "ims";
  std::string type = "offer";
  std::string offer;
  std::string policy;
  std::string profile = "lenient";
};

int run_check(check_options const& o) {
  int status = ok;
  auto policy = interworking::default_policy();
  if (!o.policy.empty()) {
    auto p = load(o.policy, &interworking::policy_from_json, status);
    if (!p) return status;
    policy = std::move(*p);
  }
  auto const doc = load_sdp(o.file, o.profile, status);
  if (!doc) return status;
  std::optional<sdp::session_description> offer;
  if (!o.offer.empty()) {
    offer = load_sdp(o.offer, o.profile, status);
    if (!offer) return status;
  }
  auto const type =
      o.type == "answer" ? interworking::sdp_type::answer : interworking::sdp_type::offer;
  auto const* offered = offer ? &*offer : nullptr;
  auto const problems = o.side == "webrtc" ? interworking::check_webrtc(*doc, type, offered)
                                           : interworking::check_ims(*doc, type, policy, offered);
  for (auto const& e : problems)
    std::cout << o.file << ": " << escaped(e.message()) << '\n';
  return problems.empty() ? ok : invalid_input;
}

}  // namespace

void add_iwf_commands(CLI::App& app, int& status) {
  auto* iwf =
      app.add_subcommand("iwf", "WebRTC <-> IMS interworking function (docs/interworking.md)");
  iwf->require_subcommand(1);
  for (std::string const direction : {"to-ims", "to-webrtc"}) {
    auto o = std::make_shared<iwf_options>();
    o->direction = direction;
    auto* cmd = iwf->add_subcommand(direction, direction == "to-ims"
                                                   ? "Translate WebRTC-side SDP for the IMS leg"
                                                   : "Translate IMS-side SDP for the WebRTC leg");
    cmd->add_option("file", o->file, "SDP file, or - for standard input")->required();
    cmd->add_option("--policy", o->policy,
                    "policy JSON (schemas/interworking/); default policy without");
    cmd->add_option("--state", o->state,
                    "call state JSON, read and written back (a new call when it does not exist)");
    cmd->add_option("--resources", o->resources,
                    "media resources JSON for an offer: ports, ICE credentials, fingerprint");
    cmd->add_option("--plan", o->plan, "write the media plan JSON here");
    cmd->add_flag("--rtpengine", o->rtpengine, "write the plan as rtpengine ng flags instead");
    cmd->add_option("--profile", o->profile, "profile the SDP is parsed under")
        ->capture_default_str();
    cmd->add_flag("--explain", o->explain, "a line per decision (standard error)");
    cmd->add_flag("--dry-run", o->dry_run, "do not write the state back");
    add_show_keys(*cmd, o->show_keys);
    cmd->add_flag("--state-keys", o->state_keys,
                  "keep the SDES keys of the IMS leg (ims.srtp sdes) in the state file, which "
                  "an SDES call needs to go on from it; the file is then a secret");
    cmd->callback([o, &status] { status = run_translate(*o); });
  }
  auto l = std::make_shared<iwf_options>();
  auto* loop = iwf->add_subcommand(
      "loop", "Browser offer -> IMS offer -> the IMS UE's answer -> WebRTC answer");
  loop->add_option("file", l->file, "the browser's offer, or - for standard input")->required();
  loop->add_option("--policy", l->policy, "policy JSON");
  loop->add_option("--caps", l->caps, "the IMS UE's capabilities JSON")->required();
  loop->add_option("--resources", l->resources, "media resources JSON")->required();
  loop->add_option("--plan", l->plan, "write the media plan JSON here");
  loop->add_option("--current", l->current,
                   "a re-offer: the WebRTC answer the browser holds (with --previous-offer)");
  loop->add_option("--previous-offer", l->previous_offer,
                   "a re-offer: the browser's previous offer, run first to build the call");
  loop->add_flag("--explain", l->explain, "a line per decision (standard error)");
  loop->callback([l, &status] { status = run_loop(*l); });

  auto c = std::make_shared<check_options>();
  auto* check = iwf->add_subcommand("check", "Run the interworking output checks on an SDP");
  check->add_option("file", c->file, "SDP file, or - for standard input")->required();
  check->add_option("--side", c->side, "webrtc or ims")
      ->check(CLI::IsMember({"webrtc", "ims"}))
      ->capture_default_str();
  check->add_option("--type", c->type, "offer or answer")
      ->check(CLI::IsMember({"offer", "answer"}))
      ->capture_default_str();
  check->add_option("--offer", c->offer, "the offer an answer is checked against");
  check->add_option("--policy", c->policy, "policy JSON (the IMS preconditions rule)");
  check->callback([c, &status] { status = run_check(*c); });
}

}  // namespace imsdp::cli
