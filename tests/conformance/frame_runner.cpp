// The "frame" target: AIDF v1 frames ("hex"), fragment streams ("messages") and step
// streams ("steps": frames with a SEQUENCE_STEP TLV), each frame or message an array of
// annotated hex lines ("89 41 49 44 | magic"; "00*48" is 48 zero bytes).
//
//   y_  a frame must decode (under "limits"), "expect" is a subset of its JSON form, and
//       encoding its views gives the same bytes; a message stream must give "expect"
//       {completed, recovered, statuses} and every completed frame must decode; a step stream's
//       frames must decode and their steps, offered to one sequence_tracker in order, give "expect"
//       {verdicts}.
//   n_  must fail with "error": {code, offset, rule} (and "message": the index of the
//       failing message for streams; the ones before it must be accepted).
#include <cstdlib>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <imsdp/aiml/intermediate/json.hpp>
#include <imsdp/aiml/intermediate/sequence.hpp>
#include <string>
#include <vector>

#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

using nlohmann::json;
namespace aidf = imsdp::aiml::intermediate;

bool parse_hex(json const& lines, std::vector<std::byte>& out, std::string& why) {
  for (auto const& line : lines) {
    auto text = line.get<std::string>();
    text = text.substr(0, text.find('|'));
    std::size_t pos = 0;
    while (pos < text.size()) {
      auto const start = text.find_first_not_of(' ', pos);
      if (start == std::string::npos) break;
      auto end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      auto const token = text.substr(start, end - start);
      pos = end;
      std::size_t repeat = 1;
      auto const star = token.find('*');
      if (star != std::string::npos) repeat = std::stoul(token.substr(star + 1));
      auto const hex = token.substr(0, star);
      char* stop = nullptr;
      unsigned long const value = std::strtoul(hex.c_str(), &stop, 16);
      if (hex.size() != 2 || *stop != '\0') {
        why = "bad hex token '" + token + "'";
        return false;
      }
      out.insert(out.end(), repeat, static_cast<std::byte>(value));
    }
  }
  return true;
}

aidf::frame_limits frame_limits_of(json const& test) {
  aidf::frame_limits l;
  if (!test.contains("limits")) return l;
  auto const& j = test["limits"];
  l.max_frame_len = j.value("maxFrameLen", l.max_frame_len);
  l.max_tensors = j.value("maxTensors", l.max_tensors);
  l.max_elements = j.value("maxElements", l.max_elements);
  l.max_decoded = j.value("maxDecoded", l.max_decoded);
  l.max_batch_items = j.value("maxBatchItems", l.max_batch_items);
  return l;
}

std::string check_error(json const& expected, error const& e) {
  json const actual{{"code", std::string(to_string(e.code))},
                    {"offset", e.where.offset},
                    {"rule", std::string(e.rule)}};
  json wanted = expected;
  wanted.erase("message");
  std::string why;
  if (!json_subset(wanted, actual, "/error", why)) return why + " (" + e.message() + ")";
  return {};
}

std::string check_frame(json const& test, bool accept) {
  std::vector<std::byte> bytes;
  std::string why;
  if (!parse_hex(test["hex"], bytes, why)) return why;
  aidf::decode_options options;
  options.limits = frame_limits_of(test);
  auto const frame = aidf::decode_frame(bytes, options);
  if (!accept) {
    if (frame) return "accepted, expected " + test["error"].dump();
    return check_error(test["error"], frame.error());
  }
  if (!frame) return "rejected: " + aidf::error_json(frame.error()).dump();
  if (test.contains("expect") && !json_subset(test["expect"], aidf::to_json(*frame), "", why))
    return why;
  std::vector<aidf::tlv_input> tlvs;
  std::vector<aidf::tensor_input> tensors;
  std::vector<std::byte> again(bytes.size());
  auto const written =
      aidf::encode_frame(aidf::input_of(*frame, tlvs, tensors), again, options.limits);
  if (!written || again != bytes) return "encoding the decoded frame does not give the input";
  return {};
}

std::string check_messages(json const& test, bool accept) {
  aidf::reassembly_limits limits;
  aidf::reassembler r(limits);
  std::size_t const failing = accept ? SIZE_MAX : test["error"].value("message", std::size_t{0});
  json statuses = json::array();
  std::size_t completed = 0;
  auto const& messages = test["messages"];
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::vector<std::byte> bytes;
    std::string why;
    if (!parse_hex(messages[i], bytes, why)) return why;
    auto const event = r.push(bytes, {});
    if (i == failing) {
      if (event) return "message " + std::to_string(i) + " accepted";
      return check_error(test["error"], event.error());
    }
    if (!event)
      return "message " + std::to_string(i) + ": " + aidf::error_json(event.error()).dump();
    static constexpr char const* names[] = {"incomplete", "complete", "duplicate", "stale"};
    statuses.push_back(names[static_cast<int>(event->status)]);
    if (event->status == aidf::fragment_status::complete) {
      ++completed;
      if (!aidf::decode_frame(event->frame)) return "a completed frame does not decode";
    }
  }
  if (!accept) return "no message failed";
  json const actual{
      {"completed", completed}, {"recovered", r.stats().recovered}, {"statuses", statuses}};
  std::string why;
  if (test.contains("expect") && !json_subset(test["expect"], actual, "", why)) return why;
  return {};
}

std::string check_steps(json const& test) {
  aidf::sequence_tracker tracker;
  json verdicts = json::array();
  auto const& frames = test["steps"];
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::vector<std::byte> bytes;
    std::string why;
    if (!parse_hex(frames[i], bytes, why)) return why;
    auto const frame = aidf::decode_frame(bytes);
    if (!frame) return "step " + std::to_string(i) + ": " + aidf::error_json(frame.error()).dump();
    auto const step = frame->sequence_step();
    if (!step) return "step " + std::to_string(i) + " has no sequence-step TLV";
    verdicts.push_back(std::string(aidf::to_string(tracker.offer(*step, {}).verdict)));
  }
  json const actual{{"verdicts", verdicts}};
  std::string why;
  if (test.contains("expect") && !json_subset(test["expect"], actual, "", why)) return why;
  return {};
}

}  // namespace

std::string check_frame_case(json const& test) {
  bool const accept = test["id"].get<std::string>()[0] == 'y';
  if (!accept && !test.contains("error")) return "an n_ case needs \"error\"";
  if (test.contains("messages")) return check_messages(test, accept);
  if (test.contains("steps")) return check_steps(test);
  if (!test.contains("hex")) return "a case needs \"hex\", \"messages\" or \"steps\"";
  return check_frame(test, accept);
}

}  // namespace imsdp::conformance
