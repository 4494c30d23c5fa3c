// Test helpers for AIDF: hex input, deterministic payloads, the frame of research 7.7.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace imsdp::test {

namespace aidf = imsdp::aiml::intermediate;

/// Bytes from hex digits; spaces, newlines and '|' separators are skipped.
inline std::vector<std::byte> from_hex(std::string_view text) {
  std::vector<std::byte> out;
  int high = -1;
  for (char c : text) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::byte>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

/// n bytes of a fixed pseudo-random pattern.
inline std::vector<std::byte> pattern(std::size_t n, std::uint32_t seed = 1) {
  std::vector<std::byte> out(n);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::byte>(x >> 24);
  }
  return out;
}

/// The frame of research 7.7 (seq 7, config 1, partition 2, MEDIA_MID "v0", one int8
/// tensor 1x1024x14x14 with scale 0.0235 and zero point -128), with another type or shape
/// on request (then unquantized).
struct example_frame {
  aidf::frame_header header;
  aidf::tlv_input tlv;
  aidf::tensor_input tensor;
  [[nodiscard]] aidf::frame_input input() const {
    return {header, std::span(&tlv, 1), std::span(&tensor, 1), {}};
  }
};

inline example_frame worked_example_input(std::span<std::byte const> payload,
                                          aidf::dtype type = aidf::dtype::int8,
                                          std::initializer_list<std::uint32_t> dims = {1, 1024, 14,
                                                                                       14}) {
  static constexpr std::string_view mid = "v0";
  example_frame e;
  e.header.flags = aidf::flags::independent;
  e.header.frame_seq = 7;
  e.header.config_id = 1;
  e.header.partition_id = 2;
  e.header.stream_ref = 0;
  e.header.rtp_ts = 0x12345678;
  e.header.capture_ntp = 0xE8F4A3B280000000ull;
  e.tlv = {aidf::tlv_type::media_mid, std::as_bytes(std::span(mid.data(), mid.size()))};
  auto& d = e.tensor.descriptor;
  d.type = type;
  d.rank = static_cast<std::uint8_t>(dims.size());
  std::size_t i = 0;
  for (auto v : dims)
    d.dims[i++] = v;
  if (type == aidf::dtype::int8) {
    d.quant = aidf::quantization::per_tensor;
    d.scale = 0.0235f;
    d.zero_point = -128;
  }
  e.tensor.data = payload;
  return e;
}

/// The bytes of a frame input (empty if it cannot be encoded).
inline std::vector<std::byte> encode(aidf::frame_input const& in) {
  auto const size = aidf::encoded_size(in);
  if (!size) return {};
  std::vector<std::byte> out(*size);
  if (!aidf::encode_frame(in, out)) return {};
  return out;
}

/// Encodes a validated frame again from its views.
inline std::vector<std::byte> reencode(aidf::frame_view const& frame) {
  std::vector<aidf::tlv_input> tlvs;
  std::vector<aidf::tensor_input> tensors;
  auto const in = aidf::input_of(frame, tlvs, tensors);
  std::vector<std::byte> out(frame.bytes().size());
  auto const n = aidf::encode_frame(in, out);
  if (!n) return {};
  out.resize(*n);
  return out;
}

}  // namespace imsdp::test
