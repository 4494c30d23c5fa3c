// Checking a decoded frame against what was negotiated (research/model-and-tensor.md 7.5
// rules 5-6 and 8.3; DESIGN.md sections 5 and 7): the split configuration (config and
// partition ids, the compression profiles of `cmp=`) and the model descriptor's partition
// tensors (dtype, static dims, dynamic bounds). The expectations are a plain struct;
// split_binding.hpp fills it from a 3gpp-aiml-split line and a model descriptor.
#pragma once

#include <cstdint>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/result.hpp>
#include <optional>
#include <string_view>
#include <vector>

namespace imsdp::aiml::intermediate {

/// The compression profiles of `cmp=` (DESIGN.md section 5), as a set of bits.
enum class compression_profile : std::uint8_t { none = 1, fp16 = 2, int8 = 4, zstd = 8 };
using profile_set = std::uint8_t;
inline constexpr profile_set all_profiles = 0x0F;
[[nodiscard]] constexpr profile_set bit(compression_profile p) noexcept {
  return static_cast<profile_set>(p);
}
/// The profile of a cmp= token ("none", "fp16", "int8", "zstd"); nullopt for others,
/// which an answer ignores as unknown.
[[nodiscard]] constexpr std::optional<compression_profile> profile_from_token(
    std::string_view token) noexcept {
  if (token == "none") return compression_profile::none;
  if (token == "fp16") return compression_profile::fp16;
  if (token == "int8") return compression_profile::int8;
  if (token == "zstd") return compression_profile::zstd;
  return std::nullopt;
}

/// One dimension of a partition tensor: static (min == max) or symbolic with bounds.
struct dimension_bound {
  std::uint32_t min = 1;
  std::uint32_t max = 1;
  [[nodiscard]] static constexpr dimension_bound fixed(std::uint32_t v) noexcept { return {v, v}; }
};

/// A tensor of the model descriptor's partition (partitions[].intermediate[]): the
/// uncompressed dtype the model produces and its shape.
struct partition_tensor {
  std::uint16_t tensor_id = 0;
  dtype type = dtype::float32;
  std::vector<dimension_bound> shape;
};

/// What a frame on the intermediate-data channel must match.
struct negotiated_configuration {
  std::uint16_t config_id = 0;          // 3gpp-aiml-split cfg-id
  std::uint16_t partition_id = 0;       // part=
  profile_set profiles = all_profiles;  // cmp=
  /// The partition's tensors; empty when no model descriptor is at hand (then only ids
  /// and profiles are checked). Every one of them must be in each frame.
  std::vector<partition_tensor> tensors;
  /// The split carries state from frame to frame (docs/aidf.md "Stateful sequences"): every
  /// frame is a step with a SEQUENCE_STEP TLV. Otherwise no frame may carry one.
  bool stateful = false;
};

namespace detail {

inline bool is_float(dtype t) noexcept {
  return t == dtype::float32 || t == dtype::float16 || t == dtype::bfloat16 || t == dtype::float64;
}

// The base profiles (none, fp16, int8) any one of which explains a data tensor on the wire,
// given the dtype the model produces; without a model descriptor an fp16 tensor may be
// the model's own type (none) or a conversion (fp16).
inline profile_set base_profiles(tensor_descriptor const& d, std::optional<dtype> model_type) {
  if (d.quant != quantization::none) return bit(compression_profile::int8);
  if (d.type != dtype::float16) return bit(compression_profile::none);
  if (!model_type) return bit(compression_profile::none) | bit(compression_profile::fp16);
  return *model_type == dtype::float16 ? bit(compression_profile::none)
                                       : bit(compression_profile::fp16);
}

}  // namespace detail

/// Checks a validated frame against the negotiated configuration (research 7.5 rule 6).
[[nodiscard]] inline result<void> check_frame(frame_view const& frame,
                                              negotiated_configuration const& config) {
  using wire::fail;
  auto const& h = frame.header();
  if (h.config_id != config.config_id) return fail(errc::config_mismatch, 20, "config_id");
  if (h.partition_id != config.partition_id) return fail(errc::config_mismatch, 22, "partition_id");
  // A missing step points at tlv_size, a stray one at its TLV.
  if (auto const step = frame.find_tlv(tlv_type::sequence_step);
      step.has_value() != config.stateful)
    return fail(errc::config_mismatch, step ? step->offset : 26, "sequence-step");
  for (std::size_t i = 0; i < frame.tensor_count(); ++i) {
    auto const d = frame.tensor(i).descriptor;
    if (d.role != tensor_role::data) continue;
    std::size_t const at = frame.descriptor_offset(i);
    partition_tensor const* spec = nullptr;
    for (auto const& t : config.tensors)
      if (t.tensor_id == d.tensor_id) spec = &t;
    if (!config.tensors.empty() && spec == nullptr)
      return fail(errc::tensor_mismatch, at, "tensor_id");
    // cmp= names no other codec than zstd.
    bool const zstd = d.payload_codec == codec::zstd;
    if ((zstd && (config.profiles & bit(compression_profile::zstd)) == 0) ||
        (!zstd && d.payload_codec != codec::raw))
      return fail(errc::profile_not_allowed, at + 4, "codec");
    auto const base = detail::base_profiles(d, spec ? std::optional(spec->type) : std::nullopt);
    if ((base & config.profiles) == 0) return fail(errc::profile_not_allowed, at + 2, "dtype");
    if (spec == nullptr) continue;
    // The wire type is the model's, or what an allowed profile makes of a float model type.
    bool const type_ok = d.type == spec->type ||
                         (d.type == dtype::float16 && spec->type == dtype::float32) ||
                         (d.quant != quantization::none && detail::is_float(spec->type));
    if (!type_ok) return fail(errc::tensor_mismatch, at + 2, "dtype");
    if (d.rank != spec->shape.size()) return fail(errc::tensor_mismatch, at + 3, "rank");
    for (std::size_t k = 0; k < d.rank; ++k)
      if (d.dims[k] < spec->shape[k].min || d.dims[k] > spec->shape[k].max)
        return fail(errc::tensor_mismatch, at + 16 + 4 * k, "dims");
  }
  for (auto const& t : config.tensors) {
    bool found = false;
    for (std::size_t i = 0; i < frame.tensor_count() && !found; ++i) {
      auto const d = frame.tensor(i).descriptor;
      found = d.role == tensor_role::data && d.tensor_id == t.tensor_id;
    }
    if (!found) return fail(errc::tensor_mismatch, 24, "tensor_count");
  }
  return {};
}

}  // namespace imsdp::aiml::intermediate
