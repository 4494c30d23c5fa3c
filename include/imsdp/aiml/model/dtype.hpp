// Tensor element types of the model descriptor: ONNX TensorProto.DataType codes, one
// byte on the wire (research/model-and-tensor.md sections 3.3 and 3.6).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace imsdp::aiml::model {

/// The value is the ONNX TensorProto.DataType code. STRING (8) and the complex types
/// (14, 15) are not tensor types of the descriptor and have no enumerator.
enum class dtype : std::uint8_t {
  float32 = 1,
  uint8 = 2,
  int8 = 3,
  uint16 = 4,
  int16 = 5,
  int32 = 6,
  int64 = 7,
  boolean = 9,  // "bool"
  float16 = 10,
  float64 = 11,
  uint32 = 12,
  uint64 = 13,
  bfloat16 = 16,
  float8e4m3fn = 17,
  float8e4m3fnuz = 18,
  float8e5m2 = 19,
  float8e5m2fnuz = 20,
  uint4 = 21,
  int4 = 22,
  float4e2m1 = 23,
  float8e8m0 = 24,
  uint2 = 25,
  int2 = 26,
};

namespace detail {
struct dtype_row {
  dtype type;
  std::string_view name;  // the descriptor's spelling
  std::uint8_t bits;      // bits per element
};
inline constexpr std::array<dtype_row, 23> dtype_table{{
    {dtype::float32, "float32", 32},
    {dtype::uint8, "uint8", 8},
    {dtype::int8, "int8", 8},
    {dtype::uint16, "uint16", 16},
    {dtype::int16, "int16", 16},
    {dtype::int32, "int32", 32},
    {dtype::int64, "int64", 64},
    {dtype::boolean, "bool", 8},
    {dtype::float16, "float16", 16},
    {dtype::float64, "float64", 64},
    {dtype::uint32, "uint32", 32},
    {dtype::uint64, "uint64", 64},
    {dtype::bfloat16, "bfloat16", 16},
    {dtype::float8e4m3fn, "float8e4m3fn", 8},
    {dtype::float8e4m3fnuz, "float8e4m3fnuz", 8},
    {dtype::float8e5m2, "float8e5m2", 8},
    {dtype::float8e5m2fnuz, "float8e5m2fnuz", 8},
    {dtype::uint4, "uint4", 4},
    {dtype::int4, "int4", 4},
    {dtype::float4e2m1, "float4e2m1", 4},
    {dtype::float8e8m0, "float8e8m0", 8},
    {dtype::uint2, "uint2", 2},
    {dtype::int2, "int2", 2},
}};
}  // namespace detail

/// The descriptor's spelling ("float32").
[[nodiscard]] constexpr std::string_view to_string(dtype t) noexcept {
  for (auto const& row : detail::dtype_table)
    if (row.type == t) return row.name;
  return "undefined";
}

/// Bits per element (4 for int4; packed types share bytes).
[[nodiscard]] constexpr std::uint8_t bits(dtype t) noexcept {
  for (auto const& row : detail::dtype_table)
    if (row.type == t) return row.bits;
  return 0;
}

[[nodiscard]] constexpr std::optional<dtype> dtype_from_string(std::string_view name) noexcept {
  for (auto const& row : detail::dtype_table)
    if (row.name == name) return row.type;
  return std::nullopt;
}

/// The dtype of an ONNX TensorProto.DataType code; nullopt for codes without one.
[[nodiscard]] constexpr std::optional<dtype> dtype_from_onnx(std::int64_t code) noexcept {
  for (auto const& row : detail::dtype_table)
    if (static_cast<std::int64_t>(row.type) == code) return row.type;
  return std::nullopt;
}

}  // namespace imsdp::aiml::model
