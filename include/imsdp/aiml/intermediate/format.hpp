// AIDF v1 wire format: constants, field types and limits (research/model-and-tensor.md
// section 7, the little-endian proposal; DESIGN.md section 7).
//
// A data-channel message is a 16-byte fragment header and a chunk of a frame (7.1). A frame
// is a 64-byte header (7.2), a TLV area (7.4), tensor_count 80-byte descriptors (7.3), zero
// padding to payload_offset, and the tensor payloads, each 64-byte aligned, ending exactly at
// frame_len. Every integer is little-endian.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/dtype.hpp>
#include <optional>
#include <string_view>

namespace imsdp::aiml::intermediate {

/// "\x89AID" (7.2): a non-ASCII first byte keeps frames apart from text.
inline constexpr std::array<std::byte, 4> frame_magic{std::byte{0x89}, std::byte{0x41},
                                                      std::byte{0x49}, std::byte{0x44}};
inline constexpr std::uint8_t version_major = 1;
inline constexpr std::size_t frame_header_size = 64;   // v1.0 header
inline constexpr std::size_t max_header_size = 256;    // later minors may grow it
inline constexpr std::size_t descriptor_size = 80;     // 7.3
inline constexpr std::size_t payload_alignment = 64;   // 7.2: offsets from frame start
inline constexpr std::size_t tlv_alignment = 8;        // 7.4
inline constexpr std::size_t max_rank = 8;             // 7.3
inline constexpr std::size_t max_tlv_area = 4096;      // 7.5 rule 3
inline constexpr std::size_t max_tensor_count = 256;   // 7.2 hard cap
inline constexpr std::uint16_t no_stream = 0xFFFF;     // stream_ref "none"
inline constexpr std::uint16_t no_reference = 0xFFFF;  // ref_index of data tensors

/// The 16-byte fragment header (7.1).
inline constexpr std::byte fragment_magic{0xAF};
inline constexpr std::uint8_t fragment_version = 1;
inline constexpr std::size_t fragment_header_size = 16;
inline constexpr std::size_t max_fragment_count = 0xFFFF;  // u16 frag_count

/// Frame header flags (7.2): bits 0-15 critical (an unknown one set rejects the frame),
/// bits 16-31 advisory (ignored when unknown).
namespace flags {
inline constexpr std::uint32_t crc32c = 1u << 0;         // the crc32c field is valid
inline constexpr std::uint32_t independent = 1u << 1;    // no temporal dependency
inline constexpr std::uint32_t last_of_task = 1u << 16;  // advisory
inline constexpr std::uint32_t known_critical = crc32c | independent;
inline constexpr std::uint32_t critical_mask = 0xFFFFu;
}  // namespace flags

/// Element types: ONNX codes (research 3.3), shared with the model descriptor.
using aiml::dtype;

/// The integer range of a type that affine quantization may target; nullopt otherwise.
struct integer_range {
  std::int64_t min;
  std::int64_t max;
};
[[nodiscard]] constexpr std::optional<integer_range> quantized_range(dtype t) noexcept {
  switch (t) {
    case dtype::int8:
      return integer_range{-128, 127};
    case dtype::uint8:
      return integer_range{0, 255};
    case dtype::int16:
      return integer_range{-32768, 32767};
    case dtype::uint16:
      return integer_range{0, 65535};
    case dtype::int4:
      return integer_range{-8, 7};
    case dtype::uint4:
      return integer_range{0, 15};
    case dtype::int2:
      return integer_range{-2, 1};
    case dtype::uint2:
      return integer_range{0, 3};
    default:
      return std::nullopt;
  }
}

/// DLPack's DLDataType for a frame type (research 3.2), so a validated tensor maps onto a
/// DLTensor without a copy (strides NULL, data = view pointer).
struct dl_data_type {
  std::uint8_t code;  // kDLInt 0, kDLUInt 1, kDLFloat 2, kDLBfloat 4, kDLBool 6, kDLFloat8_* ...
  std::uint8_t bits;
  std::uint16_t lanes;
};
[[nodiscard]] constexpr std::optional<dl_data_type> dlpack_type(dtype t) noexcept {
  auto const bits = static_cast<std::uint8_t>(bits_of(t));
  switch (t) {
    case dtype::int8:
    case dtype::int16:
    case dtype::int32:
    case dtype::int64:
    case dtype::int4:
    case dtype::int2:
      return dl_data_type{0, bits, 1};
    case dtype::uint8:
    case dtype::uint16:
    case dtype::uint32:
    case dtype::uint64:
    case dtype::uint4:
    case dtype::uint2:
      return dl_data_type{1, bits, 1};
    case dtype::float16:
    case dtype::float32:
    case dtype::float64:
      return dl_data_type{2, bits, 1};
    case dtype::bfloat16:
      return dl_data_type{4, bits, 1};
    case dtype::boolean:
      return dl_data_type{6, bits, 1};
    case dtype::float8e4m3fn:
      return dl_data_type{10, bits, 1};
    case dtype::float8e4m3fnuz:
      return dl_data_type{11, bits, 1};
    case dtype::float8e5m2:
      return dl_data_type{12, bits, 1};
    case dtype::float8e5m2fnuz:
      return dl_data_type{13, bits, 1};
    case dtype::float8e8m0:
      return dl_data_type{14, bits, 1};
    case dtype::float4e2m1:
      return dl_data_type{17, bits, 1};
    default:
      return std::nullopt;
  }
}

/// The KServe v2 (Open Inference Protocol) datatype of a frame type, as Triton's binary tensor
/// extension carries it: the tensor's raw bytes are the binary data (little-endian,
/// row-major), BOOL one byte per element. nullopt for types without one (4- and 2-bit, fp8,
/// complex, strings): dequantize or convert those first (docs/aidf.md "Runtimes").
[[nodiscard]] constexpr std::optional<std::string_view> kserve_datatype(dtype t) noexcept {
  switch (t) {
    case dtype::boolean:
      return "BOOL";
    case dtype::uint8:
      return "UINT8";
    case dtype::uint16:
      return "UINT16";
    case dtype::uint32:
      return "UINT32";
    case dtype::uint64:
      return "UINT64";
    case dtype::int8:
      return "INT8";
    case dtype::int16:
      return "INT16";
    case dtype::int32:
      return "INT32";
    case dtype::int64:
      return "INT64";
    case dtype::float16:
      return "FP16";
    case dtype::float32:
      return "FP32";
    case dtype::float64:
      return "FP64";
    case dtype::bfloat16:
      return "BF16";
    default:
      return std::nullopt;
  }
}

/// Payload codecs (7.3).
enum class codec : std::uint8_t {
  raw = 0,
  zstd = 1,  // RFC 8878
  lz4_frame = 2,
  zlib = 3,  // RFC 1950
  nnc = 16,  // MPEG NNC / TAIMP bitstream
  fcm = 17,  // MPEG FCM bitstream
};
/// Registered (0-3, 16, 17) or private (128-255) codec values; others reject the frame.
[[nodiscard]] constexpr bool codec_known(std::uint8_t value) noexcept {
  return value <= 3 || value == 16 || value == 17 || value >= 128;
}
[[nodiscard]] constexpr std::string_view to_string(codec c) noexcept {
  switch (c) {
    case codec::raw:
      return "raw";
    case codec::zstd:
      return "zstd";
    case codec::lz4_frame:
      return "lz4";
    case codec::zlib:
      return "zlib";
    case codec::nnc:
      return "nnc";
    case codec::fcm:
      return "fcm";
  }
  return static_cast<std::uint8_t>(c) >= 128 ? "private" : "unknown";
}

/// Quantization of a data tensor (7.3): real = scale * (q - zero_point).
enum class quantization : std::uint8_t {
  none = 0,
  per_tensor = 1,  // scale and zero_point in the descriptor
  per_axis = 2,    // companion tensors along quant_axis
  block = 3,       // companion scale tensor, one scale per block_size elements
};
[[nodiscard]] constexpr std::string_view to_string(quantization q) noexcept {
  switch (q) {
    case quantization::none:
      return "none";
    case quantization::per_tensor:
      return "per-tensor";
    case quantization::per_axis:
      return "per-axis";
    case quantization::block:
      return "block";
  }
  return "unknown";
}

/// What a tensor is (7.3): data, or the scales or zero points of the data tensor at
/// ref_index in the same frame (per-axis and block quantization).
enum class tensor_role : std::uint8_t { data = 0, scale_of = 1, zero_point_of = 2 };
[[nodiscard]] constexpr std::string_view to_string(tensor_role r) noexcept {
  switch (r) {
    case tensor_role::data:
      return "data";
    case tensor_role::scale_of:
      return "scale";
    case tensor_role::zero_point_of:
      return "zero-point";
  }
  return "unknown";
}

/// TLV types (7.4). Bit 15 critical, bit 14 private. Every registered type is a singleton.
namespace tlv_type {
inline constexpr std::uint16_t media_mid = 0x0001;        // UTF-8 SDP mid, 1..32 bytes
inline constexpr std::uint16_t ssrc = 0x0002;             // u32
inline constexpr std::uint16_t source_geometry = 0x0003;  // u32 w, h [, u32 crop x, y, w, h]
inline constexpr std::uint16_t send_ntp = 0x0004;         // u64 NTP UQ32.32
inline constexpr std::uint16_t model_ref = 0x0005;        // SHA-256 of the head sub-model
inline constexpr std::uint16_t quality_hint = 0x0006;     // u8 compression profile id
inline constexpr std::uint16_t request_ref = 0x0007;      // u64 request id (docs/aidf.md)
inline constexpr std::uint16_t codec_params = 0x8001;     // codec specific, critical
inline constexpr std::uint16_t auth_tag = 0x8002;         // e.g. HMAC-SHA-256-128, critical
inline constexpr std::uint16_t sequence_step = 0x8003;    // stateful step (docs/aidf.md), critical
inline constexpr std::uint16_t batch = 0x8004;  // items along dim 0 (docs/aidf.md), critical
inline constexpr std::uint16_t critical_bit = 0x8000;
inline constexpr std::uint16_t private_bit = 0x4000;
inline constexpr std::size_t max_mid_length = 32;
}  // namespace tlv_type
[[nodiscard]] constexpr std::string_view tlv_type_name(std::uint16_t type) noexcept {
  switch (type) {
    case tlv_type::media_mid:
      return "media-mid";
    case tlv_type::ssrc:
      return "ssrc";
    case tlv_type::source_geometry:
      return "source-geometry";
    case tlv_type::send_ntp:
      return "send-ntp";
    case tlv_type::model_ref:
      return "model-ref";
    case tlv_type::quality_hint:
      return "quality-hint";
    case tlv_type::codec_params:
      return "codec-params";
    case tlv_type::auth_tag:
      return "auth-tag";
    case tlv_type::sequence_step:
      return "sequence-step";
    case tlv_type::request_ref:
      return "request-ref";
    case tlv_type::batch:
      return "batch";
    default:
      return {};
  }
}

/// The SEQUENCE_STEP TLV (our extension for stateful split inference, docs/aidf.md): the
/// frame is step `position .. position + length` of sequence `sequence_id` (an LLM's token
/// positions, an ASR stream's frames) in state epoch `epoch`. It is critical, so a receiver
/// that keeps no state refuses the frame instead of running it as independent. Value, 24
/// bytes: u32 sequence_id (not 0), u32 epoch, u64 position, u32 length (at least 1), u16
/// step flags, u16 reserved (0).
namespace step_flags {
inline constexpr std::uint16_t start = 1u << 0;  // first step: position 0, fresh state
inline constexpr std::uint16_t end = 1u << 1;    // last step: the state may be freed
inline constexpr std::uint16_t reset = 1u << 2;  // opens `epoch`: state rolls back to position
inline constexpr std::uint16_t known = start | end | reset;
}  // namespace step_flags
inline constexpr std::size_t sequence_step_size = 24;

struct sequence_step {
  std::uint32_t sequence_id = 0;
  std::uint32_t epoch = 0;
  std::uint64_t position = 0;
  std::uint32_t length = 1;
  std::uint16_t flags = 0;
  [[nodiscard]] constexpr bool start() const noexcept { return (flags & step_flags::start) != 0; }
  [[nodiscard]] constexpr bool end() const noexcept { return (flags & step_flags::end) != 0; }
  [[nodiscard]] constexpr bool reset() const noexcept { return (flags & step_flags::reset) != 0; }
  friend bool operator==(sequence_step const&, sequence_step const&) = default;
};

/// REQUEST_REF (our extension, docs/aidf.md "Batches and requests"): u64, not 0. The UE puts
/// a request id on an uplink frame; the network puts the same id on every downlink frame that
/// answers it, so results find their request whatever the order or the channel.
///
/// BATCH (our extension, same section): the data tensors' first dimension holds items one
/// after another, item i being `length` rows with its own id and capture time (ragged
/// batching). Critical: a receiver that read the tensors as one item would mix requests.
/// Value: u16 item_count (>= 1), u16 and u32 reserved (0), then 24 bytes an item: u64
/// item_id (unique in the frame), u64 capture_ntp (NTP UQ32.32, 0: unknown), u32 length
/// (>= 1), u32 reserved (0). Every data tensor has rank >= 1 and dims[0] = the sum of the
/// lengths; companion tensors are not batched.
inline constexpr std::size_t batch_head_size = 8;
inline constexpr std::size_t batch_item_size = 24;
inline constexpr std::size_t max_batch_items = (0xFFFF - batch_head_size) / batch_item_size;

struct batch_item {
  std::uint64_t item_id = 0;
  std::uint64_t capture_ntp = 0;
  std::uint32_t length = 1;
  friend bool operator==(batch_item const&, batch_item const&) = default;
};

/// The 64-byte frame header (7.2), decoded. `encode` computes header_size, frame_len,
/// tensor_count, tlv_size, payload_offset and crc32c; the caller sets the rest.
struct frame_header {
  std::uint8_t version_major = intermediate::version_major;
  std::uint8_t version_minor = 0;
  std::uint16_t header_size = frame_header_size;
  std::uint32_t frame_len = 0;
  std::uint32_t flags = 0;
  std::uint32_t frame_seq = 0;
  std::uint16_t config_id = 0;
  std::uint16_t partition_id = 0;
  std::uint16_t tensor_count = 0;
  std::uint16_t tlv_size = 0;
  std::uint16_t stream_ref = no_stream;  // index into the negotiated stream table (-> mid)
  std::uint32_t rtp_ts = 0;              // RTP timestamp of the source media unit
  std::uint32_t rtp_duration = 0;        // span in that clock; 0 = an instant
  std::uint64_t capture_ntp = 0;         // NTP UQ32.32 capture time; 0 = absent
  std::uint32_t payload_offset = 0;
  std::uint32_t crc32c = 0;
  friend bool operator==(frame_header const&, frame_header const&) = default;
};

/// One 80-byte tensor descriptor (7.3), decoded. Values are as on the wire: `type`,
/// `payload_codec`, `quant` and `role` hold whatever byte was sent until validated.
struct tensor_descriptor {
  std::uint16_t tensor_id = 0;
  dtype type = dtype::undefined;
  std::uint8_t rank = 0;
  codec payload_codec = codec::raw;
  quantization quant = quantization::none;
  std::uint8_t quant_axis = 0;
  tensor_role role = tensor_role::data;
  std::uint16_t ref_index = no_reference;
  std::uint16_t block_size = 0;
  std::array<std::uint32_t, max_rank> dims{};  // row-major; entries >= rank are 0
  float scale = 0;                             // per_tensor only
  std::int32_t zero_point = 0;                 // per_tensor only
  std::uint32_t offset = 0;                    // from the frame start
  std::uint32_t stored_len = 0;                // bytes on the wire
  std::uint64_t decoded_len = 0;               // ceil(numel * bits / 8)
  friend bool operator==(tensor_descriptor const&, tensor_descriptor const&) = default;
};

/// Limits on a decoded frame (7.8). Defaults are safe for a 16 MiB frame.
struct frame_limits {
  std::uint32_t max_frame_len = 16u << 20;
  std::uint16_t max_tensors = max_tensor_count;  // a decoding step: hidden state + 2 per layer
  std::uint16_t max_tlv_size = max_tlv_area;     // <= max_tlv_area
  std::uint64_t max_elements = std::uint64_t{1} << 26;  // per tensor
  std::uint64_t max_decoded = std::uint64_t{64} << 20;  // decompressed bytes per tensor
  std::uint16_t max_batch_items = 256;                  // <= max_batch_items (2728)
};

}  // namespace imsdp::aiml::intermediate
