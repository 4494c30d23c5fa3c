// frame_decode: any bytes as one AIDF frame. Oracles: no crash; a valid frame's views lie
// inside the input; encoding the views gives the input back byte for byte; a frame is
// accepted with the CRC check off whenever it is with it on; zstd payloads decompress into
// exactly decoded_len or fail; the frame passes a configuration made from itself; a batch
// fills its data tensors' first dimension with distinct items.
#include <cstdint>
#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/compression.hpp>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <span>
#include <vector>

#include "fuzz_check.hpp"

namespace aidf = imsdp::aiml::intermediate;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const bytes = std::as_bytes(std::span(data, size));
  aidf::decode_options options;
  options.limits.max_decoded = 1u << 20;
  auto const frame = aidf::decode_frame(bytes, options);
  options.verify_crc = false;
  auto const without_crc = aidf::decode_frame(bytes, options);
  if (!frame) {
    IMSDP_FUZZ_CHECK(frame.error().where.offset <= size, "error offsets lie within the input");
    IMSDP_FUZZ_CHECK(!frame.error().rule.empty(), "errors name the field");
    return 0;
  }
  IMSDP_FUZZ_CHECK(without_crc.has_value(), "the CRC check only removes frames");

  aidf::negotiated_configuration config;
  config.config_id = frame->header().config_id;
  config.partition_id = frame->header().partition_id;
  config.stateful = frame->sequence_step().has_value();
  for (std::size_t i = 0; i < frame->tensor_count(); ++i) {
    auto const t = frame->tensor(i);
    IMSDP_FUZZ_CHECK(
        t.stored.data() >= bytes.data() && t.stored.data() + t.stored.size() <= bytes.data() + size,
        "tensor views lie inside the frame");
    IMSDP_FUZZ_CHECK(t.descriptor.offset % 64 == 0, "payloads are 64-byte aligned");
    if (t.descriptor.payload_codec == aidf::codec::zstd) {
      std::vector<std::byte> out(t.descriptor.decoded_len);
      (void)aidf::decode_payload(t, out, options.limits);  // success or a clean error
    }
    if (t.descriptor.role != aidf::tensor_role::data) continue;
    aidf::partition_tensor spec;
    spec.tensor_id = t.descriptor.tensor_id;
    spec.type = t.descriptor.type;
    for (std::size_t k = 0; k < t.descriptor.rank; ++k)
      spec.shape.push_back(aidf::dimension_bound::fixed(t.descriptor.dims[k]));
    config.tensors.push_back(spec);
  }
  // A batch's items have rows and distinct ids, and fill every data tensor's first dimension.
  if (auto const batch = frame->batch()) {
    IMSDP_FUZZ_CHECK(batch->size() >= 1 && batch->size() <= options.limits.max_batch_items,
                     "a batch has 1 to max_batch_items items");
    for (std::size_t i = 0; i < batch->size(); ++i) {
      IMSDP_FUZZ_CHECK((*batch)[i].length >= 1, "every item has rows");
      for (std::size_t k = 0; k < i; ++k)
        IMSDP_FUZZ_CHECK((*batch)[k].item_id != (*batch)[i].item_id, "item ids are distinct");
    }
    for (std::size_t i = 0; i < frame->tensor_count(); ++i) {
      auto const& d = frame->tensor(i).descriptor;
      if (d.role == aidf::tensor_role::data)
        IMSDP_FUZZ_CHECK(d.rank >= 1 && d.dims[0] == batch->first_row(batch->size()),
                         "the items fill each data tensor's first dimension");
    }
  }
  IMSDP_FUZZ_CHECK(!frame->request_ref() || *frame->request_ref() != 0, "request ids are not 0");

  // Any codec other than raw and zstd is outside cmp=; everything else matches itself.
  bool other_codec = false;
  for (std::size_t i = 0; i < frame->tensor_count(); ++i) {
    auto const c = frame->tensor(i).descriptor.payload_codec;
    other_codec = other_codec || (c != aidf::codec::raw && c != aidf::codec::zstd);
  }
  auto const checked = aidf::check_frame(*frame, config);
  IMSDP_FUZZ_CHECK(checked.has_value() || other_codec, "a frame matches its own configuration");

  std::vector<aidf::tlv_input> tlvs;
  std::vector<aidf::tensor_input> tensors;
  std::vector<std::byte> again(size);
  auto const written =
      aidf::encode_frame(aidf::input_of(*frame, tlvs, tensors), again, options.limits);
  IMSDP_FUZZ_CHECK(written.has_value() && *written == size, "a valid frame re-encodes");
  IMSDP_FUZZ_CHECK(std::equal(again.begin(), again.end(), bytes.begin()), "to the same bytes");
  return 0;
}
