// Tensor element types of the AI/ML areas: ONNX TensorProto.DataType codes, one byte on
// the wire (research/model-and-tensor.md sections 3.3 and 3.6). The model descriptor and
// the intermediate-data frames share the enum, the names and the widths; each says which
// types it allows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imsdp::aiml {

/// The value is the ONNX TensorProto.DataType code (research 3.3).
enum class dtype : std::uint8_t {
  undefined = 0,
  float32 = 1,
  uint8 = 2,
  int8 = 3,
  uint16 = 4,
  int16 = 5,
  int32 = 6,
  int64 = 7,
  string = 8,
  boolean = 9,  // "bool"
  float16 = 10,
  float64 = 11,
  uint32 = 12,
  uint64 = 13,
  complex64 = 14,
  complex128 = 15,
  bfloat16 = 16,
  float8e4m3fn = 17,
  float8e4m3fnuz = 18,
  float8e5m2 = 19,
  float8e5m2fnuz = 20,
  uint4 = 21,
  int4 = 22,
  float4e2m1 = 23,
  float8e8m0 = 24,  // OCP MX scale
  uint2 = 25,
  int2 = 26,
};

namespace detail {
struct dtype_row {
  std::string_view name;  // the lower-case name of the descriptor and the JSON (research 3.6)
  std::uint8_t bits;      // per element; 0 without a fixed width
};
/// Indexed by code.
inline constexpr std::array<dtype_row, 27> dtype_table{{
    {"undefined", 0},      {"float32", 32},     {"uint8", 8},          {"int8", 8},
    {"uint16", 16},        {"int16", 16},       {"int32", 32},         {"int64", 64},
    {"string", 0},         {"bool", 8},         {"float16", 16},       {"float64", 64},
    {"uint32", 32},        {"uint64", 64},      {"complex64", 64},     {"complex128", 128},
    {"bfloat16", 16},      {"float8e4m3fn", 8}, {"float8e4m3fnuz", 8}, {"float8e5m2", 8},
    {"float8e5m2fnuz", 8}, {"uint4", 4},        {"int4", 4},           {"float4e2m1", 4},
    {"float8e8m0", 8},     {"uint2", 2},        {"int2", 2},
}};
}  // namespace detail

/// The name ("float32", "bool"); "unknown" for a code ONNX has not assigned.
[[nodiscard]] constexpr std::string_view to_string(dtype t) noexcept {
  auto const code = static_cast<std::size_t>(t);
  return code < detail::dtype_table.size() ? detail::dtype_table[code].name : "unknown";
}

/// Bits per element (4 for int4: packed types share bytes); 0 for undefined, string and
/// codes ONNX has not assigned.
[[nodiscard]] constexpr unsigned bits_of(dtype t) noexcept {
  auto const code = static_cast<std::size_t>(t);
  return code < detail::dtype_table.size() ? detail::dtype_table[code].bits : 0;
}

/// The type of a name; nullopt for names without one.
[[nodiscard]] constexpr std::optional<dtype> dtype_from_string(std::string_view name) noexcept {
  for (std::size_t code = 0; code < detail::dtype_table.size(); ++code)
    if (detail::dtype_table[code].name == name) return static_cast<dtype>(code);
  return std::nullopt;
}

/// The type of an ONNX TensorProto.DataType code; nullopt for codes ONNX has not assigned.
[[nodiscard]] constexpr std::optional<dtype> dtype_from_onnx(std::int64_t code) noexcept {
  if (code < 0 || code >= static_cast<std::int64_t>(detail::dtype_table.size()))
    return std::nullopt;
  return static_cast<dtype>(code);
}

/// A type a frame may carry (research 7.3: UNDEFINED, STRING and COMPLEX are invalid).
[[nodiscard]] constexpr bool valid_in_frames(dtype t) noexcept {
  return bits_of(t) != 0 && t != dtype::complex64 && t != dtype::complex128;
}

/// A type a descriptor may declare: the frames' types, and the ONNX string tensors real
/// models take and give (tokenizers, label maps). A partition's intermediate tensors travel
/// in frames, so they keep to valid_in_frames.
[[nodiscard]] constexpr bool valid_in_descriptor(dtype t) noexcept {
  return valid_in_frames(t) || t == dtype::string;
}

}  // namespace imsdp::aiml
