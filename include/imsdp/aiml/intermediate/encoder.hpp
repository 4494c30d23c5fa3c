// AIDF v1 frame encoder (research/model-and-tensor.md 7.2-7.4): the exact size is known
// before writing, the frame is written into the caller's buffer, and the result is checked
// by the decoder's rules, so only valid frames leave the encoder.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <imsdp/aiml/intermediate/crc32c.hpp>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <imsdp/result.hpp>
#include <limits>
#include <span>
#include <vector>

namespace imsdp::aiml::intermediate {

struct tlv_input {
  std::uint16_t type = 0;
  std::span<std::byte const> value;
};

/// The 24-byte value of a SEQUENCE_STEP TLV (format.hpp), to put in a tlv_input.
[[nodiscard]] inline std::array<std::byte, sequence_step_size> sequence_step_value(
    sequence_step const& s) noexcept {
  std::array<std::byte, sequence_step_size> v{};
  wire::store<std::uint32_t>(v.data(), s.sequence_id);
  wire::store<std::uint32_t>(v.data() + 4, s.epoch);
  wire::store<std::uint64_t>(v.data() + 8, s.position);
  wire::store<std::uint32_t>(v.data() + 16, s.length);
  wire::store<std::uint16_t>(v.data() + 20, s.flags);
  return v;
}

/// The value of a BATCH TLV (format.hpp) for `items` (1 to max_batch_items of them).
[[nodiscard]] inline std::vector<std::byte> batch_value(std::span<batch_item const> items) {
  std::vector<std::byte> v(batch_head_size + items.size() * batch_item_size);
  wire::store<std::uint16_t>(v.data(), static_cast<std::uint16_t>(items.size()));
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto* p = v.data() + batch_head_size + i * batch_item_size;
    wire::store<std::uint64_t>(p, items[i].item_id);
    wire::store<std::uint64_t>(p + 8, items[i].capture_ntp);
    wire::store<std::uint32_t>(p + 16, items[i].length);
  }
  return v;
}

/// A tensor to write. The encoder computes `offset` and `stored_len` (= data.size()); for a
/// raw tensor also `decoded_len`. For another codec, `data` is the compressed bytes and the
/// caller sets `decoded_len`.
struct tensor_input {
  tensor_descriptor descriptor;
  std::span<std::byte const> data;
};

/// A frame to write. The encoder computes header_size (64 + header_tail), frame_len,
/// tensor_count, tlv_size, payload_offset and, when flags has crc32c, the CRC; the other
/// header fields are written as given.
struct frame_input {
  frame_header header;
  std::span<tlv_input const> tlvs;
  std::span<tensor_input const> tensors;
  std::span<std::byte const> header_tail;  // fields of a later minor version; multiple of 8
};

namespace detail {

/// The header as it will be written (computed fields filled in) and the frame size.
struct frame_layout {
  frame_header header;
  std::size_t size = 0;
};

inline result<frame_layout> plan(frame_input const& in) {
  frame_layout out;
  auto& h = out.header;
  h = in.header;
  if (in.header_tail.size() % 8 != 0 || in.header_tail.size() > max_header_size - frame_header_size)
    return wire::fail(errc::bad_header_size, 6, "header_size");
  h.header_size = static_cast<std::uint16_t>(frame_header_size + in.header_tail.size());
  std::uint64_t tlv = 0;
  for (auto const& t : in.tlvs) {
    if (t.value.size() > std::numeric_limits<std::uint16_t>::max())
      return wire::fail(errc::bad_tlv_value, 0, "tlv.length");
    tlv += wire::align_up(4 + t.value.size(), tlv_alignment);
    if (tlv > max_tlv_area) return wire::fail(errc::limit_exceeded, 26, "tlv_size");
  }
  if (in.tensors.size() > max_tensor_count)
    return wire::fail(errc::limit_exceeded, 24, "tensor_count");
  h.tlv_size = static_cast<std::uint16_t>(tlv);
  h.tensor_count = static_cast<std::uint16_t>(in.tensors.size());
  std::uint64_t const desc_end = h.header_size + tlv + descriptor_size * in.tensors.size();
  std::uint64_t end = wire::align_up(desc_end, payload_alignment);
  h.payload_offset = static_cast<std::uint32_t>(end);
  for (std::size_t i = 0; i < in.tensors.size(); ++i) {
    end = wire::align_up(end, payload_alignment);
    if (!wire::checked_add(end, in.tensors[i].data.size(), end) ||
        end > std::numeric_limits<std::uint32_t>::max())
      return wire::fail(errc::limit_exceeded, 8, "frame_len");
  }
  h.frame_len = static_cast<std::uint32_t>(end);
  out.size = end;
  return out;
}

inline void write_header(std::byte* p, frame_header const& h) noexcept {
  using wire::store;
  std::memcpy(p, frame_magic.data(), frame_magic.size());
  store<std::uint8_t>(p + 4, h.version_major);
  store<std::uint8_t>(p + 5, h.version_minor);
  store<std::uint16_t>(p + 6, h.header_size);
  store<std::uint32_t>(p + 8, h.frame_len);
  store<std::uint32_t>(p + 12, h.flags);
  store<std::uint32_t>(p + 16, h.frame_seq);
  store<std::uint16_t>(p + 20, h.config_id);
  store<std::uint16_t>(p + 22, h.partition_id);
  store<std::uint16_t>(p + 24, h.tensor_count);
  store<std::uint16_t>(p + 26, h.tlv_size);
  store<std::uint16_t>(p + 28, h.stream_ref);
  store<std::uint16_t>(p + 30, 0);
  store<std::uint32_t>(p + 32, h.rtp_ts);
  store<std::uint32_t>(p + 36, h.rtp_duration);
  store<std::uint64_t>(p + 40, h.capture_ntp);
  store<std::uint32_t>(p + 48, h.payload_offset);
  store<std::uint32_t>(p + 52, 0);
  store<std::uint32_t>(p + 56, 0);  // crc32c: computed last, over the frame with this zero
  store<std::uint32_t>(p + 60, 0);
}

inline void write_descriptor(std::byte* p, tensor_descriptor const& d) noexcept {
  using wire::store;
  store<std::uint16_t>(p, d.tensor_id);
  store<std::uint8_t>(p + 2, static_cast<std::uint8_t>(d.type));
  store<std::uint8_t>(p + 3, d.rank);
  store<std::uint8_t>(p + 4, static_cast<std::uint8_t>(d.payload_codec));
  store<std::uint8_t>(p + 5, static_cast<std::uint8_t>(d.quant));
  store<std::uint8_t>(p + 6, d.quant_axis);
  store<std::uint8_t>(p + 7, static_cast<std::uint8_t>(d.role));
  store<std::uint16_t>(p + 8, d.ref_index);
  store<std::uint16_t>(p + 10, d.block_size);
  store<std::uint32_t>(p + 12, 0);
  for (std::size_t i = 0; i < max_rank; ++i)
    store<std::uint32_t>(p + 16 + 4 * i, d.dims[i]);
  store<std::uint32_t>(p + 48, std::bit_cast<std::uint32_t>(d.scale));
  store<std::uint32_t>(p + 52, static_cast<std::uint32_t>(d.zero_point));
  store<std::uint32_t>(p + 56, d.offset);
  store<std::uint32_t>(p + 60, d.stored_len);
  store<std::uint64_t>(p + 64, d.decoded_len);
  store<std::uint64_t>(p + 72, 0);
}

}  // namespace detail

/// The exact number of bytes encode_frame will write, or why the input cannot be a frame.
[[nodiscard]] inline result<std::size_t> encoded_size(frame_input const& in) {
  auto layout = detail::plan(in);
  if (!layout) return std::move(layout).error();
  return layout->size;
}

/// Writes the frame into `out` (at least encoded_size bytes) and returns its size. The
/// written frame is checked with decode_frame under `limits` (CRC excluded); an input that
/// breaks a rule of 7.5 fails with that rule's error and offset in the written frame.
[[nodiscard]] inline result<std::size_t> encode_frame(frame_input const& in,
                                                      std::span<std::byte> out,
                                                      frame_limits const& limits = {}) {
  auto layout = detail::plan(in);
  if (!layout) return std::move(layout).error();
  auto const& h = layout->header;
  if (out.size() < layout->size) return wire::fail(errc::buffer_too_small, out.size(), "frame_len");
  std::byte* const p = out.data();
  detail::write_header(p, h);
  wire::copy(p + frame_header_size, in.header_tail);
  std::size_t pos = h.header_size;
  for (auto const& t : in.tlvs) {
    wire::store<std::uint16_t>(p + pos, t.type);
    wire::store<std::uint16_t>(p + pos + 2, static_cast<std::uint16_t>(t.value.size()));
    wire::copy(p + pos + 4, t.value);
    std::size_t const padded = wire::align_up(4 + t.value.size(), tlv_alignment);
    std::memset(p + pos + 4 + t.value.size(), 0, padded - 4 - t.value.size());
    pos += padded;
  }
  std::size_t end = h.payload_offset;
  for (auto const& t : in.tensors) {
    std::size_t const offset = wire::align_up(end, payload_alignment);
    tensor_descriptor d = t.descriptor;
    d.offset = static_cast<std::uint32_t>(offset);
    d.stored_len = static_cast<std::uint32_t>(t.data.size());
    if (d.payload_codec == codec::raw) d.decoded_len = d.stored_len;
    detail::write_descriptor(p + pos, d);
    pos += descriptor_size;
    std::memset(p + end, 0, offset - end);
    wire::copy(p + offset, t.data);
    end = offset + t.data.size();
  }
  std::memset(p + pos, 0, h.payload_offset - pos);
  auto const frame = out.first(layout->size);
  if ((h.flags & flags::crc32c) != 0) wire::store<std::uint32_t>(p + 56, frame_crc32c(frame));
  decode_options options;
  options.limits = limits;
  options.verify_crc = false;
  if (auto check = decode_frame(frame, options); !check) return std::move(check).error();
  return layout->size;
}

/// The input that encodes a validated frame back to the same bytes, for relays that change
/// a header field (frame_seq, stream_ref) or drop a TLV. `tlvs` and `tensors` receive
/// views into the frame and must outlive the returned input.
[[nodiscard]] inline frame_input input_of(frame_view const& frame, std::vector<tlv_input>& tlvs,
                                          std::vector<tensor_input>& tensors) {
  tlvs.clear();
  tensors.clear();
  for (auto const t : frame.tlvs())
    tlvs.push_back({t.type, t.value});
  for (std::size_t i = 0; i < frame.tensor_count(); ++i) {
    auto const t = frame.tensor(i);
    tensors.push_back({t.descriptor, t.stored});
  }
  return {frame.header(), tlvs, tensors, frame.header_tail()};
}

}  // namespace imsdp::aiml::intermediate
