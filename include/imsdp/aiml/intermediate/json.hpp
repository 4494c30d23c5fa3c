// The JSON form of a decoded AIDF frame (schemas/aiml/intermediate/frame.schema.json), used
// by `imsdp frame decode` and the conformance vectors.
#pragma once

#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <nlohmann/json.hpp>
#include <string>

namespace imsdp::aiml::intermediate {

/// Lower-case hex of bytes, no separators.
[[nodiscard]] inline std::string to_hex(std::span<std::byte const> bytes) {
  constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    auto const v = std::to_integer<unsigned>(b);
    out += digits[v >> 4];
    out += digits[v & 15];
  }
  return out;
}

[[nodiscard]] inline nlohmann::json to_json(frame_header const& h) {
  nlohmann::json flag_names = nlohmann::json::array();
  if ((h.flags & flags::crc32c) != 0) flag_names.push_back("crc32c");
  if ((h.flags & flags::independent) != 0) flag_names.push_back("independent");
  if ((h.flags & flags::last_of_task) != 0) flag_names.push_back("last-of-task");
  return {
      {"versionMajor", h.version_major},
      {"versionMinor", h.version_minor},
      {"headerSize", h.header_size},
      {"frameLen", h.frame_len},
      {"flags", h.flags},
      {"flagNames", flag_names},
      {"frameSeq", h.frame_seq},
      {"configId", h.config_id},
      {"partitionId", h.partition_id},
      {"tensorCount", h.tensor_count},
      {"tlvSize", h.tlv_size},
      {"streamRef", h.stream_ref == no_stream ? nlohmann::json() : nlohmann::json(h.stream_ref)},
      {"rtpTimestamp", h.rtp_ts},
      {"rtpDuration", h.rtp_duration},
      {"captureNtp", h.capture_ntp},
      {"payloadOffset", h.payload_offset},
      {"crc32c", h.crc32c}};
}

/// {"sequenceId", "epoch", "position", "length", "flags"} of a SEQUENCE_STEP.
[[nodiscard]] inline nlohmann::json to_json(sequence_step const& s) {
  nlohmann::json names = nlohmann::json::array();
  if (s.start()) names.push_back("start");
  if (s.end()) names.push_back("end");
  if (s.reset()) names.push_back("reset");
  return {{"sequenceId", s.sequence_id},
          {"epoch", s.epoch},
          {"position", s.position},
          {"length", s.length},
          {"flags", names}};
}

[[nodiscard]] inline nlohmann::json to_json(tlv_view const& t) {
  nlohmann::json j{{"type", t.type},
                   {"critical", t.critical()},
                   {"offset", t.offset},
                   {"length", t.value.size()},
                   {"hex", to_hex(t.value)}};
  if (auto const name = tlv_type_name(t.type); !name.empty()) j["name"] = name;
  if (t.type == tlv_type::media_mid)
    j["value"] = std::string(reinterpret_cast<char const*>(t.value.data()), t.value.size());
  if (t.type == tlv_type::sequence_step) j["value"] = to_json(read_sequence_step(t.value));
  if (t.type == tlv_type::request_ref) j["value"] = wire::load<std::uint64_t>(t.value.data());
  if (t.type == tlv_type::batch) {
    batch_view const b(t.value);
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t i = 0; i < b.size(); ++i)
      items.push_back({{"itemId", b[i].item_id},
                       {"captureNtp", b[i].capture_ntp},
                       {"firstRow", b.first_row(i)},
                       {"length", b[i].length}});
    j["value"] = {{"items", items}};
  }
  return j;
}

[[nodiscard]] inline nlohmann::json to_json(tensor_view const& t) {
  auto const& d = t.descriptor;
  nlohmann::json shape = nlohmann::json::array();
  for (std::size_t i = 0; i < d.rank; ++i)
    shape.push_back(d.dims[i]);
  nlohmann::json quant{{"scheme", to_string(d.quant)}};
  if (d.quant == quantization::per_tensor) {
    quant["scale"] = d.scale;
    quant["zeroPoint"] = d.zero_point;
  }
  if (d.quant == quantization::per_axis || d.quant == quantization::block)
    quant["axis"] = d.quant_axis;
  if (d.quant == quantization::block) quant["blockSize"] = d.block_size;
  return {
      {"index", t.index},
      {"tensorId", d.tensor_id},
      {"dtype", to_string(d.type)},
      {"rank", d.rank},
      {"shape", shape},
      {"elements", t.element_count()},
      {"codec", to_string(d.payload_codec)},
      {"quantization", quant},
      {"role", to_string(d.role)},
      {"refIndex", d.ref_index == no_reference ? nlohmann::json() : nlohmann::json(d.ref_index)},
      {"offset", d.offset},
      {"storedLen", d.stored_len},
      {"decodedLen", d.decoded_len}};
}

/// {"header", "tlvs", "tensors"} of a validated frame.
[[nodiscard]] inline nlohmann::json to_json(frame_view const& f) {
  nlohmann::json tlvs = nlohmann::json::array();
  for (auto const t : f.tlvs())
    tlvs.push_back(to_json(t));
  nlohmann::json tensors = nlohmann::json::array();
  for (std::size_t i = 0; i < f.tensor_count(); ++i)
    tensors.push_back(to_json(f.tensor(i)));
  nlohmann::json j{{"header", to_json(f.header())}, {"tlvs", tlvs}, {"tensors", tensors}};
  if (!f.header_tail().empty()) j["headerTail"] = to_hex(f.header_tail());
  return j;
}

[[nodiscard]] inline nlohmann::json to_json(fragment_header const& h) {
  return {
      {"index", h.index}, {"count", h.count}, {"frameSeq", h.frame_seq}, {"frameLen", h.frame_len}};
}

/// {"code", "offset", "rule", "message"} of an error on binary input.
[[nodiscard]] inline nlohmann::json error_json(error const& e) {
  return {{"code", std::string(to_string(e.code))},
          {"offset", e.where.offset},
          {"rule", std::string(e.rule)},
          {"message", e.message()}};
}

}  // namespace imsdp::aiml::intermediate
