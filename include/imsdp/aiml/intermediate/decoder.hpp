// AIDF v1 frame decoder (research/model-and-tensor.md 7.5): validates a whole frame in the
// order of 7.5 and exposes zero-copy views of its TLVs and tensors. Sans-IO and allocation
// free; the work is proportional to the header, TLVs and descriptors, never to the payload
// (except the optional CRC-32C).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/intermediate/crc32c.hpp>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <imsdp/result.hpp>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>

namespace imsdp::aiml::intermediate {

/// One TLV of the TLV area (7.4), viewing the frame.
struct tlv_view {
  std::uint16_t type = 0;
  std::span<std::byte const> value;
  std::size_t offset = 0;  // of the type field, from the frame start
  [[nodiscard]] bool critical() const noexcept { return (type & tlv_type::critical_bit) != 0; }
};

/// One tensor of a validated frame: its descriptor and its stored bytes (zero-copy). For a
/// raw tensor `stored` is the row-major element data: a DLTensor {data = stored.data(),
/// dtype = dlpack_type(type), ndim = rank, shape = shape(), strides = NULL}.
struct tensor_view {
  tensor_descriptor descriptor;
  std::span<std::byte const> stored;
  std::size_t index = 0;

  [[nodiscard]] std::uint64_t element_count() const noexcept {
    std::uint64_t n = 1;
    for (std::size_t i = 0; i < descriptor.rank; ++i)
      n *= descriptor.dims[i];
    return n;  // cannot overflow: checked against the limits by decode_frame
  }
  [[nodiscard]] std::array<std::int64_t, max_rank> shape() const noexcept {
    std::array<std::int64_t, max_rank> s{};
    for (std::size_t i = 0; i < descriptor.rank; ++i)
      s[i] = descriptor.dims[i];
    return s;
  }
};

/// Reads the fixed fields; no validation.
[[nodiscard]] inline frame_header read_frame_header(std::byte const* p) noexcept {
  using wire::load;
  frame_header h;
  h.version_major = load<std::uint8_t>(p + 4);
  h.version_minor = load<std::uint8_t>(p + 5);
  h.header_size = load<std::uint16_t>(p + 6);
  h.frame_len = load<std::uint32_t>(p + 8);
  h.flags = load<std::uint32_t>(p + 12);
  h.frame_seq = load<std::uint32_t>(p + 16);
  h.config_id = load<std::uint16_t>(p + 20);
  h.partition_id = load<std::uint16_t>(p + 22);
  h.tensor_count = load<std::uint16_t>(p + 24);
  h.tlv_size = load<std::uint16_t>(p + 26);
  h.stream_ref = load<std::uint16_t>(p + 28);
  h.rtp_ts = load<std::uint32_t>(p + 32);
  h.rtp_duration = load<std::uint32_t>(p + 36);
  h.capture_ntp = load<std::uint64_t>(p + 40);
  h.payload_offset = load<std::uint32_t>(p + 48);
  h.crc32c = load<std::uint32_t>(p + 56);
  return h;
}

/// Reads the fields of one 80-byte descriptor; no validation.
[[nodiscard]] inline tensor_descriptor read_descriptor(std::byte const* p) noexcept {
  using wire::load;
  tensor_descriptor d;
  d.tensor_id = load<std::uint16_t>(p);
  d.type = static_cast<dtype>(load<std::uint8_t>(p + 2));
  d.rank = load<std::uint8_t>(p + 3);
  d.payload_codec = static_cast<codec>(load<std::uint8_t>(p + 4));
  d.quant = static_cast<quantization>(load<std::uint8_t>(p + 5));
  d.quant_axis = load<std::uint8_t>(p + 6);
  d.role = static_cast<tensor_role>(load<std::uint8_t>(p + 7));
  d.ref_index = load<std::uint16_t>(p + 8);
  d.block_size = load<std::uint16_t>(p + 10);
  for (std::size_t i = 0; i < max_rank; ++i)
    d.dims[i] = load<std::uint32_t>(p + 16 + 4 * i);
  d.scale = std::bit_cast<float>(load<std::uint32_t>(p + 48));
  d.zero_point = static_cast<std::int32_t>(load<std::uint32_t>(p + 52));
  d.offset = load<std::uint32_t>(p + 56);
  d.stored_len = load<std::uint32_t>(p + 60);
  d.decoded_len = load<std::uint64_t>(p + 64);
  return d;
}

/// Reads a SEQUENCE_STEP value (format.hpp); `value` is 24 bytes. No validation.
[[nodiscard]] inline sequence_step read_sequence_step(std::span<std::byte const> value) noexcept {
  using wire::load;
  auto const* p = value.data();
  return {load<std::uint32_t>(p), load<std::uint32_t>(p + 4), load<std::uint64_t>(p + 8),
          load<std::uint32_t>(p + 16), load<std::uint16_t>(p + 20)};
}

/// Item `i` of a BATCH value (format.hpp). No validation.
[[nodiscard]] inline batch_item read_batch_item(std::span<std::byte const> value,
                                                std::size_t i) noexcept {
  using wire::load;
  auto const* p = value.data() + batch_head_size + i * batch_item_size;
  return {load<std::uint64_t>(p), load<std::uint64_t>(p + 8), load<std::uint32_t>(p + 16)};
}

/// The items of a validated BATCH TLV, and the rows of dimension 0 each one holds.
class batch_view {
 public:
  explicit batch_view(std::span<std::byte const> value) noexcept : value_(value) {}
  [[nodiscard]] std::size_t size() const noexcept {
    return wire::load<std::uint16_t>(value_.data());
  }
  [[nodiscard]] batch_item operator[](std::size_t i) const noexcept {
    return read_batch_item(value_, i);
  }
  /// The first row of item `i` along dimension 0 (the lengths before it).
  [[nodiscard]] std::uint64_t first_row(std::size_t i) const noexcept {
    std::uint64_t row = 0;
    for (std::size_t k = 0; k < i; ++k)
      row += read_batch_item(value_, k).length;
    return row;
  }

 private:
  std::span<std::byte const> value_;
};

/// Iterates a validated TLV area.
class tlv_iterator {
 public:
  using value_type = tlv_view;
  using difference_type = std::ptrdiff_t;

  tlv_iterator() = default;
  tlv_iterator(std::span<std::byte const> frame, std::size_t pos) : frame_(frame), pos_(pos) {}

  [[nodiscard]] tlv_view operator*() const noexcept {
    auto const* p = frame_.data() + pos_;
    return {wire::load<std::uint16_t>(p),
            frame_.subspan(pos_ + 4, wire::load<std::uint16_t>(p + 2)), pos_};
  }
  tlv_iterator& operator++() noexcept {
    pos_ += wire::align_up(4 + wire::load<std::uint16_t>(frame_.data() + pos_ + 2), tlv_alignment);
    return *this;
  }
  tlv_iterator operator++(int) noexcept {
    auto old = *this;
    ++*this;
    return old;
  }
  friend bool operator==(tlv_iterator const& a, tlv_iterator const& b) noexcept {
    return a.pos_ == b.pos_;
  }

 private:
  std::span<std::byte const> frame_;
  std::size_t pos_ = 0;
};

struct tlv_range {
  tlv_iterator first;
  tlv_iterator last;
  [[nodiscard]] tlv_iterator begin() const noexcept { return first; }
  [[nodiscard]] tlv_iterator end() const noexcept { return last; }
};

struct decode_options {
  frame_limits limits{};
  bool verify_crc = true;  // when the frame's CRC flag is set (7.5 rule 2)
};

class frame_view;
[[nodiscard]] inline result<frame_view> decode_frame(std::span<std::byte const> frame,
                                                     decode_options const& options = {});

/// A validated frame viewing the caller's buffer (which must outlive it). Only
/// decode_frame makes one, so every view it hands out lies inside the frame.
class frame_view {
 public:
  [[nodiscard]] frame_header const& header() const noexcept { return header_; }
  [[nodiscard]] std::span<std::byte const> bytes() const noexcept { return bytes_; }
  /// Header bytes past the 64 this version knows (a later minor version's fields).
  [[nodiscard]] std::span<std::byte const> header_tail() const noexcept {
    return bytes_.subspan(frame_header_size, header_.header_size - frame_header_size);
  }

  [[nodiscard]] std::size_t tensor_count() const noexcept { return header_.tensor_count; }
  [[nodiscard]] tensor_view tensor(std::size_t i) const noexcept {
    auto const d = read_descriptor(bytes_.data() + descriptor_offset(i));
    return {d, bytes_.subspan(d.offset, d.stored_len), i};
  }
  [[nodiscard]] std::size_t descriptor_offset(std::size_t i) const noexcept {
    return std::size_t{header_.header_size} + header_.tlv_size + descriptor_size * i;
  }

  [[nodiscard]] tlv_range tlvs() const noexcept {
    return {{bytes_, header_.header_size},
            {bytes_, std::size_t{header_.header_size} + header_.tlv_size}};
  }
  [[nodiscard]] std::optional<tlv_view> find_tlv(std::uint16_t type) const noexcept {
    for (auto const t : tlvs())
      if (t.type == type) return t;
    return std::nullopt;
  }
  /// The SDP mid of the MEDIA_MID TLV, if present (research section 5: bind to the mid).
  [[nodiscard]] std::optional<std::string_view> media_mid() const noexcept {
    auto const t = find_tlv(tlv_type::media_mid);
    if (!t) return std::nullopt;
    return std::string_view(reinterpret_cast<char const*>(t->value.data()), t->value.size());
  }
  /// The REQUEST_REF TLV, if present: the request this frame carries or answers.
  [[nodiscard]] std::optional<std::uint64_t> request_ref() const noexcept {
    auto const t = find_tlv(tlv_type::request_ref);
    if (!t) return std::nullopt;
    return wire::load<std::uint64_t>(t->value.data());
  }
  /// The BATCH TLV, if present: the items the data tensors' first dimension holds.
  [[nodiscard]] std::optional<batch_view> batch() const noexcept {
    auto const t = find_tlv(tlv_type::batch);
    if (!t) return std::nullopt;
    return batch_view(t->value);
  }
  /// The SEQUENCE_STEP TLV, if present: the frame is a step of a stateful sequence
  /// (sequence.hpp decides whether to apply it).
  [[nodiscard]] std::optional<intermediate::sequence_step> sequence_step() const noexcept {
    auto const t = find_tlv(tlv_type::sequence_step);
    if (!t) return std::nullopt;
    return read_sequence_step(t->value);
  }

 private:
  friend result<frame_view> decode_frame(std::span<std::byte const>, decode_options const&);
  frame_view(std::span<std::byte const> bytes, frame_header const& header) noexcept
      : bytes_(bytes), header_(header) {}

  std::span<std::byte const> bytes_;
  frame_header header_;
};

namespace detail {

using wire::fail;

// 7.5 rule 1: the fixed header.
inline result<frame_header> check_header(std::span<std::byte const> f, frame_limits const& lim) {
  if (f.size() < frame_header_size) return fail(errc::frame_truncated, f.size(), "frame header");
  for (std::size_t i = 0; i < frame_magic.size(); ++i)
    if (f[i] != frame_magic[i]) return fail(errc::bad_magic, 0, "magic");
  auto const h = read_frame_header(f.data());
  if (h.version_major != version_major) return fail(errc::unsupported_version, 4, "ver_major");
  if (h.frame_len < f.size()) return fail(errc::frame_length_mismatch, 8, "frame_len");
  if (h.frame_len > f.size()) return fail(errc::frame_truncated, f.size(), "frame_len");
  if (h.frame_len > lim.max_frame_len) return fail(errc::limit_exceeded, 8, "frame_len");
  if (h.header_size < frame_header_size || h.header_size > max_header_size ||
      h.header_size % 8 != 0 || h.header_size > h.frame_len)
    return fail(errc::bad_header_size, 6, "header_size");
  if ((h.flags & flags::critical_mask & ~flags::known_critical) != 0)
    return fail(errc::unknown_critical_flag, 12, "flags");
  if (wire::load<std::uint16_t>(f.data() + 30) != 0)
    return fail(errc::reserved_not_zero, 30, "reserved0");
  if (wire::load<std::uint32_t>(f.data() + 52) != 0)
    return fail(errc::reserved_not_zero, 52, "reserved1");
  if (wire::load<std::uint32_t>(f.data() + 60) != 0)
    return fail(errc::reserved_not_zero, 60, "reserved2");
  if ((h.flags & flags::crc32c) == 0 && h.crc32c != 0)
    return fail(errc::reserved_not_zero, 56, "crc32c");
  return h;
}

// 7.5 rule 3: counts, sizes and the areas before the payload.
inline result<void> check_layout(std::span<std::byte const> f, frame_header const& h,
                                 frame_limits const& lim) {
  if (h.tensor_count == 0) return fail(errc::bad_tensor_count, 24, "tensor_count");
  if (h.tensor_count > lim.max_tensors || h.tensor_count > max_tensor_count)
    return fail(errc::limit_exceeded, 24, "tensor_count");
  if (h.tlv_size % tlv_alignment != 0) return fail(errc::bad_tlv_area, 26, "tlv_size");
  if (h.tlv_size > lim.max_tlv_size || h.tlv_size > max_tlv_area)
    return fail(errc::limit_exceeded, 26, "tlv_size");
  // At most 256 + 4096 + 80 * 65535: no overflow in u64.
  std::uint64_t const desc_end =
      std::uint64_t{h.header_size} + h.tlv_size + descriptor_size * std::uint64_t{h.tensor_count};
  if (desc_end > h.frame_len) return fail(errc::bad_layout, 24, "tensor_count");
  if (h.payload_offset % payload_alignment != 0 || h.payload_offset < desc_end ||
      h.payload_offset > h.frame_len)
    return fail(errc::bad_layout, 48, "payload_offset");
  // No hidden data: the payload starts at the first aligned offset after the descriptors.
  if (h.payload_offset != wire::align_up(desc_end, payload_alignment))
    return fail(errc::bad_layout, 48, "payload_offset");
  if (!wire::all_zero(f.data() + desc_end, h.payload_offset - desc_end))
    return fail(errc::nonzero_padding, desc_end, "descriptor padding");
  return {};
}

inline bool tlv_size_ok(std::uint16_t type, std::size_t n) noexcept {
  switch (type) {
    case tlv_type::media_mid:
      return n >= 1 && n <= tlv_type::max_mid_length;
    case tlv_type::ssrc:
      return n == 4;
    case tlv_type::source_geometry:
      return n == 8 || n == 24;
    case tlv_type::send_ntp:
      return n == 8;
    case tlv_type::model_ref:
      return n == 32;
    case tlv_type::quality_hint:
      return n == 1;
    case tlv_type::codec_params:
    case tlv_type::auth_tag:
      return n >= 1;
    case tlv_type::sequence_step:
      return n == sequence_step_size;
    case tlv_type::request_ref:
      return n == 8;
    case tlv_type::batch:
      return n >= batch_head_size + batch_item_size && (n - batch_head_size) % batch_item_size == 0;
    default:
      return true;
  }
}

// The bit of a registered TLV type in a "seen" mask, or 0 for unregistered types.
inline std::uint32_t tlv_singleton_bit(std::uint16_t type) noexcept {
  if (type >= tlv_type::media_mid && type <= tlv_type::request_ref) return 1u << type;
  if (type == tlv_type::codec_params) return 1u << 8;
  if (type == tlv_type::auth_tag) return 1u << 9;
  if (type == tlv_type::sequence_step) return 1u << 10;
  if (type == tlv_type::batch) return 1u << 11;
  return 0;
}

// SEQUENCE_STEP (format.hpp) whose 24-byte value starts at `at`. A frame of a sequence
// depends on the state before it, so only a start step may also be marked independent.
inline result<void> check_sequence_step(std::span<std::byte const> f, std::size_t at,
                                        frame_header const& h) {
  auto const s = read_sequence_step(f.subspan(at, sequence_step_size));
  if (s.sequence_id == 0) return fail(errc::bad_tlv_value, at, "sequence-step.sequence_id");
  if (s.length == 0) return fail(errc::bad_tlv_value, at + 16, "sequence-step.length");
  if (s.position > UINT64_MAX - s.length)
    return fail(errc::bad_tlv_value, at + 8, "sequence-step.position");
  if ((s.flags & ~step_flags::known) != 0 || (s.start() && s.reset()))
    return fail(errc::bad_tlv_value, at + 20, "sequence-step.flags");
  if (s.start() && s.position != 0)
    return fail(errc::bad_tlv_value, at + 8, "sequence-step.position");
  if (wire::load<std::uint16_t>(f.data() + at + 22) != 0)
    return fail(errc::reserved_not_zero, at + 22, "sequence-step.reserved");
  if ((h.flags & flags::independent) != 0 && !s.start())
    return fail(errc::bad_tlv_value, at + 20, "sequence-step.independent");
  return {};
}

// BATCH (format.hpp) whose value of `length` bytes starts at `at`: the count matches the
// length and the limit, reserved fields are 0, items have a length and distinct ids.
inline result<void> check_batch(std::span<std::byte const> f, std::size_t at, std::size_t length,
                                frame_limits const& limits) {
  auto const value = f.subspan(at, length);
  std::size_t const count = wire::load<std::uint16_t>(value.data());
  if (count != (length - batch_head_size) / batch_item_size)
    return fail(errc::bad_tlv_value, at, "batch.item_count");
  if (count > limits.max_batch_items) return fail(errc::limit_exceeded, at, "batch.item_count");
  if (!wire::all_zero(value.data() + 2, batch_head_size - 2))
    return fail(errc::reserved_not_zero, at + 2, "batch.reserved");
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t const item = at + batch_head_size + i * batch_item_size;
    auto const b = read_batch_item(value, i);
    if (b.length == 0) return fail(errc::bad_tlv_value, item + 16, "batch.length");
    if (wire::load<std::uint32_t>(f.data() + item + 20) != 0)
      return fail(errc::reserved_not_zero, item + 20, "batch.reserved");
    for (std::size_t k = 0; k < i; ++k)  // count <= max_batch_items: bounded
      if (read_batch_item(value, k).item_id == b.item_id)
        return fail(errc::bad_tlv_value, item, "batch.item_id");
  }
  return {};
}

// RFC 5888 identification-tag = token (RFC 8866 token-char).
inline bool mid_char(std::byte b) noexcept {
  auto const c = std::to_integer<unsigned char>(b);
  if (c >= '0' && c <= '9') return true;
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

// 7.5 rule 4: walk the TLVs with `remaining` bookkeeping.
inline result<void> check_tlvs(std::span<std::byte const> f, frame_header const& h,
                               frame_limits const& limits) {
  std::size_t pos = h.header_size;
  std::size_t const end = pos + h.tlv_size;
  std::uint32_t seen = 0;
  while (pos < end) {
    std::size_t const remaining = end - pos;  // a multiple of 8, so at least 8
    auto const type = wire::load<std::uint16_t>(f.data() + pos);
    std::size_t const length = wire::load<std::uint16_t>(f.data() + pos + 2);
    if (length > remaining - 4) return fail(errc::tlv_truncated, pos + 2, "tlv.length");
    std::size_t const padded = wire::align_up(4 + length, tlv_alignment);
    auto const bit = tlv_singleton_bit(type);
    if ((type & tlv_type::critical_bit) != 0 && bit == 0)
      return fail(errc::unknown_critical_tlv, pos, "tlv.type");
    if ((seen & bit) != 0) return fail(errc::duplicate_tlv, pos, "tlv.type");
    seen |= bit;
    if (!tlv_size_ok(type, length)) return fail(errc::bad_tlv_value, pos + 2, "tlv.length");
    if (type == tlv_type::media_mid)
      for (std::size_t i = 0; i < length; ++i)
        if (!mid_char(f[pos + 4 + i])) return fail(errc::bad_tlv_value, pos + 4 + i, "media-mid");
    if (type == tlv_type::sequence_step)
      if (auto r = check_sequence_step(f, pos + 4, h); !r) return r;
    if (type == tlv_type::batch)
      if (auto r = check_batch(f, pos + 4, length, limits); !r) return r;
    if (type == tlv_type::request_ref && wire::load<std::uint64_t>(f.data() + pos + 4) == 0)
      return fail(errc::bad_tlv_value, pos + 4, "request-ref");
    if (!wire::all_zero(f.data() + pos + 4 + length, padded - 4 - length))
      return fail(errc::nonzero_padding, pos + 4 + length, "tlv padding");
    pos += padded;
  }
  return {};
}

// 7.5 rule 5 for one descriptor at `at`, except the cross-tensor rules. `previous_end` is
// where the previous tensor's bytes ended (payload_offset for the first).
inline result<void> check_descriptor(std::span<std::byte const> f, std::size_t at,
                                     tensor_descriptor const& d, frame_header const& h,
                                     std::uint64_t previous_end, frame_limits const& lim) {
  std::uint16_t const tensor_count = h.tensor_count;
  std::uint32_t const payload_offset = h.payload_offset;
  auto const* p = f.data() + at;
  if (wire::load<std::uint32_t>(p + 12) != 0)
    return fail(errc::reserved_not_zero, at + 12, "reserved");
  if (wire::load<std::uint64_t>(p + 72) != 0)
    return fail(errc::reserved_not_zero, at + 72, "reserved");
  if (!valid_in_frames(d.type)) return fail(errc::bad_dtype, at + 2, "dtype");
  if (d.rank > max_rank) return fail(errc::bad_rank, at + 3, "rank");
  std::uint64_t numel = 1;
  for (std::size_t i = 0; i < max_rank; ++i) {
    std::size_t const where = at + 16 + 4 * i;
    if (i >= d.rank) {
      if (d.dims[i] != 0) return fail(errc::bad_dims, where, "dims");
      continue;
    }
    if (d.dims[i] == 0) return fail(errc::bad_dims, where, "dims");
    if (!wire::checked_mul(numel, d.dims[i], numel))
      return fail(errc::size_overflow, where, "dims");
  }
  if (numel > lim.max_elements) return fail(errc::limit_exceeded, at + 16, "dims");
  std::uint64_t bits = 0;
  if (!wire::checked_mul(numel, bits_of(d.type), bits))
    return fail(errc::size_overflow, at + 16, "dims");
  std::uint64_t const expected = bits / 8 + (bits % 8 != 0 ? 1 : 0);
  if (d.decoded_len != expected) return fail(errc::length_mismatch, at + 64, "decoded_len");

  auto const c = static_cast<std::uint8_t>(d.payload_codec);
  if (!codec_known(c)) return fail(errc::bad_codec, at + 4, "codec");
  if (d.payload_codec == codec::raw) {
    if (d.stored_len != d.decoded_len) return fail(errc::length_mismatch, at + 60, "stored_len");
  } else if (d.decoded_len > lim.max_decoded) {
    return fail(errc::limit_exceeded, at + 64, "decoded_len");
  } else if (d.stored_len == 0) {
    return fail(errc::length_mismatch, at + 60, "stored_len");
  }

  // Quantization fields (7.3): only the fields of the chosen scheme may be set.
  bool const per_tensor = d.quant == quantization::per_tensor;
  bool const axis_used = d.quant == quantization::per_axis || d.quant == quantization::block;
  if (static_cast<std::uint8_t>(d.quant) > 3) return fail(errc::bad_quantization, at + 5, "quant");
  if (d.quant != quantization::none && !quantized_range(d.type))
    return fail(errc::bad_quantization, at + 5, "quant");
  if (axis_used ? d.quant_axis >= d.rank : d.quant_axis != 0)
    return fail(errc::bad_quantization, at + 6, "quant_axis");
  if ((d.quant == quantization::block) != (d.block_size != 0))
    return fail(errc::bad_quantization, at + 10, "block_size");
  if (per_tensor) {
    auto const range = *quantized_range(d.type);
    if (!std::isfinite(d.scale) || !(d.scale > 0))
      return fail(errc::bad_quantization, at + 48, "scale");
    if (d.zero_point < range.min || d.zero_point > range.max)
      return fail(errc::bad_quantization, at + 52, "zero_point");
  } else if (wire::load<std::uint64_t>(p + 48) != 0) {
    return fail(errc::bad_quantization, at + 48, "scale");
  }

  // Companions (7.3 role): they point at a data tensor and are raw and unquantized.
  auto const role = static_cast<std::uint8_t>(d.role);
  if (role > 2) return fail(errc::bad_companion, at + 7, "role");
  if (d.role == tensor_role::data) {
    if (d.ref_index != no_reference) return fail(errc::bad_companion, at + 8, "ref_index");
  } else {
    if (d.ref_index >= tensor_count) return fail(errc::bad_companion, at + 8, "ref_index");
    if (d.quant != quantization::none || d.payload_codec != codec::raw || d.rank != 1)
      return fail(errc::bad_companion, at + 7, "role");
  }

  // Placement: aligned, inside the frame, in order, no holes (7.5 rule 5).
  std::uint64_t const end = std::uint64_t{d.offset} + d.stored_len;
  if (d.offset % payload_alignment != 0) return fail(errc::bad_offset, at + 56, "offset");
  if (end > f.size() || d.offset < payload_offset) return fail(errc::bad_offset, at + 56, "offset");
  if (d.offset < previous_end) return fail(errc::overlapping_tensors, at + 56, "offset");
  if (d.offset != wire::align_up(previous_end, payload_alignment))
    return fail(errc::gap_between_tensors, at + 56, "offset");
  if (!wire::all_zero(f.data() + previous_end, d.offset - previous_end))
    return fail(errc::nonzero_padding, previous_end, "tensor padding");
  // Sub-byte types are packed LSB first; the unused high bits of the last byte are zero.
  if (d.payload_codec == codec::raw && bits % 8 != 0) {
    auto const last = std::to_integer<unsigned>(f[end - 1]);
    if ((last >> (bits % 8)) != 0) return fail(errc::nonzero_padding, end - 1, "sub-byte padding");
  }
  return {};
}

// The cross-tensor rules of 7.5 rules 5 and 6 that need only the frame: unique ids, and
// companions consistent with their data tensor. Inner loops read single fields (at most
// 256 tensors, so at most 32640 id comparisons).
inline result<void> check_companions(frame_view const& v) {
  std::size_t const n = v.tensor_count();
  auto const* base = v.bytes().data();
  auto field16 = [&](std::size_t i, std::size_t offset) {
    return wire::load<std::uint16_t>(base + v.descriptor_offset(i) + offset);
  };
  for (std::size_t i = 0; i < n; ++i) {
    auto const d = v.tensor(i).descriptor;
    std::size_t const at = v.descriptor_offset(i);
    for (std::size_t j = 0; j < i; ++j)
      if (field16(j, 0) == d.tensor_id) return fail(errc::duplicate_tensor_id, at, "tensor_id");
    if (d.role == tensor_role::data) {
      if (d.quant != quantization::per_axis && d.quant != quantization::block) continue;
      std::size_t scales = 0;
      std::size_t zero_points = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (field16(j, 8) != i) continue;
        auto const role =
            static_cast<tensor_role>(wire::load<std::uint8_t>(base + v.descriptor_offset(j) + 7));
        (role == tensor_role::scale_of ? scales : zero_points) += 1;
      }
      if (scales != 1 || zero_points > 1) return fail(errc::bad_companion, at, "role");
      continue;
    }
    auto const target_view = v.tensor(d.ref_index);
    auto const& target = target_view.descriptor;
    if (target.role != tensor_role::data ||
        (target.quant != quantization::per_axis && target.quant != quantization::block))
      return fail(errc::bad_companion, at + 8, "ref_index");
    // One scale (float32) or zero point (int32) per channel, or one scale per block.
    std::uint64_t expected = target.dims[target.quant_axis];
    if (target.quant == quantization::block) {
      if (d.role != tensor_role::scale_of) return fail(errc::bad_companion, at + 7, "role");
      auto const count = target_view.element_count();
      expected = count / target.block_size + (count % target.block_size != 0 ? 1 : 0);
    }
    dtype const want = d.role == tensor_role::scale_of ? dtype::float32 : dtype::int32;
    if (d.type != want) return fail(errc::bad_companion, at + 2, "dtype");
    if (d.dims[0] != expected) return fail(errc::bad_companion, at + 16, "dims");
  }
  return {};
}

}  // namespace detail

namespace detail {
// BATCH: every data tensor's first dimension is the items' rows.
inline result<void> check_batch_rows(frame_view const& v) {
  auto const batch = v.batch();
  if (!batch) return {};
  std::uint64_t const rows = batch->first_row(batch->size());
  for (std::size_t i = 0; i < v.tensor_count(); ++i) {
    auto const& d = v.tensor(i).descriptor;
    if (d.role == tensor_role::data && (d.rank == 0 || d.dims[0] != rows))
      return fail(errc::bad_tlv_value, v.descriptor_offset(i) + 16, "batch.rows");
  }
  return {};
}
}  // namespace detail

/// Validates a whole frame (research 7.5 rules 1-5) and returns views into `frame`.
/// `frame` must be exactly frame_len bytes (one reassembled frame).
inline result<frame_view> decode_frame(std::span<std::byte const> frame,
                                       decode_options const& options) {
  auto header = detail::check_header(frame, options.limits);
  if (!header) return std::move(header).error();
  auto const& h = *header;
  if (options.verify_crc && (h.flags & flags::crc32c) != 0 && frame_crc32c(frame) != h.crc32c)
    return wire::fail(errc::crc_mismatch, 56, "crc32c");
  if (auto r = detail::check_layout(frame, h, options.limits); !r) return r.error();
  if (auto r = detail::check_tlvs(frame, h, options.limits); !r) return r.error();
  frame_view const view(frame, h);
  std::uint64_t previous_end = h.payload_offset;
  for (std::size_t i = 0; i < h.tensor_count; ++i) {
    std::size_t const at = view.descriptor_offset(i);
    auto const d = read_descriptor(frame.data() + at);
    if (auto r = detail::check_descriptor(frame, at, d, h, previous_end, options.limits); !r)
      return r.error();
    previous_end = std::uint64_t{d.offset} + d.stored_len;
  }
  if (previous_end != frame.size())
    return wire::fail(errc::gap_between_tensors, previous_end, "frame_len");
  if (auto r = detail::check_companions(view); !r) return r.error();
  if (auto r = detail::check_batch_rows(view); !r) return r.error();
  return view;
}

}  // namespace imsdp::aiml::intermediate
