// The "interworking" target: a call through the IWF, step by step (docs/interworking.md).
//
//   {"id": "y_...", "policy": {...}, "resources": {...},
//    "steps": [
//      {"to": "ims", "sdp": "v=0..." | {"file": "examples/webrtc-offer.sdp"},
//       "expect": {"towards": "ims", "what": "forward", "alerting": true,
//                  "contains": ["m=audio 50000 RTP/AVP 96 97 98 99 8 0 100 101"],
//                  "absent": ["a=ice-"], "plan": {...subset of the plan JSON...}}},
//      {"peer": {...capabilities...} | {"file": "examples/caps-ims-ue.json"}},
//                                               the other leg answers the last output
//      {"to": "webrtc", "expect": {...}},       input: that answer
//      {"to": "ims", "sdp": ..., "error": {"code": "iwf_no_codec", "rule": "12.5.9"}}]}
//
// A step may carry its own "resources" (an ICE restart's new credentials). The state runs
// from step to step; a step with "error" must fail with that code (and rule)
// and leaves the state as it was. "policy" and "resources" (defaults: the default policy,
// examples/iwf/resources.json) may sit in the file's "shared". y_ cases have no error
// step, n_ cases at least one. The SDES keys of the IWF (ims.srtp sdes) and of peers with
// "sdes" are fixed bytes, 0x3C (base64 "PDw8..."), so a crypto line is an exact line.
#include <filesystem>
#include <fstream>
#include <imsdp/detail/split.hpp>
#include <imsdp/interworking/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <span>
#include <sstream>

#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

using nlohmann::json;

std::string read_source(std::string const& path) {
  std::ifstream in(std::filesystem::path(IMSDP_SOURCE_DIR) / path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A member of the case, else of the file's "shared".
json const* member(json const& test, char const* key) {
  if (test.contains(key)) return &test[key];
  if (current_file != nullptr && current_file->contains("shared") &&
      (*current_file)["shared"].contains(key))
    return &(*current_file)["shared"][key];
  return nullptr;
}

std::string check_output(json const& expect, interworking::translation const& t,
                         std::string const& where) {
  auto const text = sdp::serialize(*t.sdp);
  std::vector<std::string_view> lines;
  for (auto const line : imsdp::detail::split(text, '\n'))
    if (!line.empty()) lines.push_back(line.substr(0, line.size() - (line.back() == '\r')));
  if (expect.contains("towards") && expect["towards"] != to_string(t.towards))
    return where + ": towards " + std::string(to_string(t.towards));
  if (expect.contains("what") && expect["what"] != to_string(t.what))
    return where + ": disposition " + std::string(to_string(t.what));
  if (expect.contains("alerting") && expect["alerting"] != t.sip.alerting_allowed)
    return where + ": alerting_allowed is " + (t.sip.alerting_allowed ? "true" : "false");
  for (auto const& want : expect.value("contains", json::array()))
    if (std::find(lines.begin(), lines.end(), want.get<std::string>()) == lines.end())
      return where + ": no line " + want.dump() + " in\n" + text;
  for (auto const& prefix : expect.value("absent", json::array()))
    for (auto const line : lines)
      if (line.starts_with(prefix.get<std::string>()))
        return where + ": a line starting " + prefix.dump() + " in\n" + text;
  std::string why;
  if (expect.contains("plan") &&
      !json_subset(expect["plan"], interworking::plan_to_json(t.plan), "", why))
    return where + ": plan " + why + "; plan " + interworking::plan_to_json(t.plan).dump();
  return {};
}

// The runner is the host of both the IWF and the peers: its SDES keys are fixed bytes
// (the expectations name crypto lines, never keys).
bool vector_keys(std::span<std::uint8_t> out) {
  for (auto& b : out)
    b = 0x3C;
  return true;
}

}  // namespace

std::string check_interworking_case(json const& test) {
  auto policy = interworking::default_policy();
  if (auto const* p = member(test, "policy")) {
    auto read = interworking::policy_from_json(p->dump());
    if (!read) return "policy: " + read.error().message() + " at " + read.error().path;
    policy = *read;
  }
  policy.ims.sdes.keys = vector_keys;
  auto const* r = member(test, "resources");
  auto resources = interworking::resources_from_json(
      r != nullptr ? r->dump() : read_source("examples/iwf/resources.json"));
  if (!resources) return "resources: " + resources.error().message();
  interworking::call_state state;
  std::optional<std::string> input;  // the peer's answer, the next step's input
  std::shared_ptr<sdp::session_description const> last_output;
  bool refused = false;
  auto const& steps = test.at("steps");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto const& step = steps[i];
    auto const where = "step " + std::to_string(i + 1);
    if (step.contains("peer")) {
      auto const& peer = step["peer"];
      auto caps = negotiation::capabilities_from_json(
          peer.contains("file") ? read_source(peer["file"].get<std::string>()) : peer.dump());
      if (!caps) return where + ": capabilities: " + caps.error().message();
      if (caps->sdes) caps->sdes->keys = vector_keys;
      if (!last_output) return where + ": no output to answer";
      auto answer = negotiation::create_answer(*last_output, *caps);
      if (!answer) return where + ": the peer does not answer: " + answer.error().message();
      input = sdp::serialize(*answer->sdp);
      continue;
    }
    std::string text;
    if (step.contains("sdp")) {
      text = step["sdp"].is_object() ? read_source(step["sdp"]["file"].get<std::string>())
                                     : step["sdp"].get<std::string>();
    } else if (input) {
      text = *input;
    } else {
      return where + ": no input";
    }
    input.reset();
    auto doc = sdp::parse(text, profile::lenient());
    if (!doc) return where + ": the input does not parse: " + doc.error().message();
    // A step may give the resources of its own offer (new ICE credentials).
    auto step_resources = *resources;
    if (step.contains("resources")) {
      auto own = interworking::resources_from_json(step["resources"].dump());
      if (!own) return where + ": resources: " + own.error().message();
      step_resources = *own;
    }
    auto const to_ims = step.at("to") == "ims";
    auto t = to_ims ? interworking::to_ims(*doc, policy, state, step_resources)
                    : interworking::to_webrtc(*doc, policy, state, step_resources);
    if (step.contains("error")) {
      refused = true;
      if (t) return where + ": expected " + step["error"].dump() + ", got an SDP";
      if (to_string(t.error().code) != step["error"].value("code", ""))
        return where + ": expected " + step["error"].dump() + ", got " + t.error().message();
      if (step["error"].contains("rule") && t.error().rule != step["error"]["rule"])
        return where + ": rule " + std::string(t.error().rule);
      continue;
    }
    if (!t)
      return where + ": " + std::string(to_string(t.error().code)) + ": " + t.error().message();
    if (auto why = check_output(step.value("expect", json::object()), *t, where); !why.empty())
      return why;
    state = t->next;
    last_output = t->sdp;
  }
  auto const id = test["id"].get<std::string>();
  if (id[0] == 'y' && refused) return "a y_ case with an error step";
  if (id[0] == 'n' && !refused) return "an n_ case without an error step";
  return {};
}

}  // namespace imsdp::conformance
