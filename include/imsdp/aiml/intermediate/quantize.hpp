// Compression profiles of AIDF (research/model-and-tensor.md 3.7 and 7.3; DESIGN.md
// section 7): fp16 from fp32 and back, and int8/uint8 affine quantization per tensor and
// per axis, real = scale * (q - zero_point), q = saturate(round_half_even(real / scale) +
// zero_point) as ONNX QuantizeLinear. NaN quantizes to the top of the range, +-Inf
// saturates. The element loops are compiled once per instruction set and chosen at run time
// (src/aiml/intermediate/kernels.hpp); every choice gives the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/result.hpp>
#include <span>
#include <vector>

namespace imsdp::aiml::intermediate {

/// The instruction sets the element loops are built for: the baseline of the target
/// (SSE2 on x86-64), AVX2 with F16C, and AVX-512 (F, BW, VL) with F16C.
enum class kernel_isa : std::uint8_t { portable, avx2, avx512 };
/// The loops in use: the best this CPU and OS support, unless use_kernel_isa() chose.
[[nodiscard]] kernel_isa kernel_isa_in_use() noexcept;
/// Uses the loops of `isa` from now on if this CPU supports it (tests and benchmarks compare
/// them); returns the loops in use.
kernel_isa use_kernel_isa(kernel_isa isa) noexcept;

/// IEEE binary32 -> binary16, round to nearest even; overflow gives +-Inf, NaN stays NaN.
/// `out` must have the size of `in`.
result<void> fp32_to_fp16(std::span<float const> in, std::span<std::uint16_t> out);
/// binary16 -> binary32, exact (a signaling NaN comes back quiet).
result<void> fp16_to_fp32(std::span<std::uint16_t const> in, std::span<float> out);

/// binary32 -> OCP 8-bit float (`float8e4m3fn` or `float8e5m2`), as ONNX Cast with
/// saturate=1: round to nearest even; results beyond the largest finite value (448, 57344)
/// and +-Inf saturate to it; NaN stays NaN (S.1111111). `out` must have the size of `in`.
result<void> fp32_to_fp8(std::span<float const> in, dtype target, std::span<std::uint8_t> out);
/// `float8e4m3fn` or `float8e5m2` -> binary32, exact.
result<void> fp8_to_fp32(std::span<std::uint8_t const> in, dtype source, std::span<float> out);

struct affine_params {
  float scale = 1;
  std::int32_t zero_point = 0;
  friend bool operator==(affine_params const&, affine_params const&) = default;
};

/// Scale and zero point covering [min(values, 0), max(values, 0)] with `target`'s range
/// (int8 or uint8), so 0 is exact; NaN and Inf are ignored. A constant tensor gets scale 1;
/// scales are never below FLT_MIN (a subnormal scale would break the error bound).
/// Within that range, |dequantize(quantize(x)) - x| <= scale / 2 (plus float rounding);
/// dequantized values saturate at +-FLT_MAX.
result<affine_params> choose_affine(std::span<float const> values, dtype target);
result<void> quantize(std::span<float const> in, affine_params params, dtype target,
                      std::span<std::byte> out);
result<void> dequantize(std::span<std::byte const> in, dtype source, affine_params params,
                        std::span<float> out);

/// A row-major tensor seen along one axis: outer x channels x inner elements.
struct axis_shape {
  std::size_t outer = 1;
  std::size_t channels = 1;
  std::size_t inner = 1;
  [[nodiscard]] std::size_t size() const noexcept { return outer * channels * inner; }
};
/// The axis_shape of `dims` (each >= 1, product checked) along `axis`.
result<axis_shape> axis_shape_of(std::span<std::uint32_t const> dims, std::size_t axis);

/// Per-axis affine quantization (7.3 quant 2): one scale and zero point per channel.
result<void> choose_affine_per_axis(std::span<float const> values, axis_shape shape, dtype target,
                                    std::span<float> scales, std::span<std::int32_t> zero_points);
result<void> quantize_per_axis(std::span<float const> in, axis_shape shape,
                               std::span<float const> scales,
                               std::span<std::int32_t const> zero_points, dtype target,
                               std::span<std::byte> out);
result<void> dequantize_per_axis(std::span<std::byte const> in, axis_shape shape,
                                 std::span<float const> scales,
                                 std::span<std::int32_t const> zero_points, dtype source,
                                 std::span<float> out);

/// Symmetric block quantization (7.3 quant 3; the grouping of GGUF Q4_0 and AWQ): the
/// elements in row-major order cut into blocks of `block_size` (the last may be shorter),
/// one float32 scale per block, no zero point; q = saturate(round_half_even(x / scale)).
/// `target` is int4 (packed two per byte, the first element in the low nibble as ONNX packs
/// it, an odd count leaving the last high nibble 0) or int8.
/// choose_block_scales gives each block max(max(x, 0) / q_max, min(x, 0) / q_min) over its
/// finite values (so both ends of the range are used; 1 for a block of zeros; never below
/// FLT_MIN); within it |dequantize(quantize(x)) - x| <= scale / 2.
result<void> choose_block_scales(std::span<float const> values, std::size_t block_size,
                                 dtype target, std::span<float> scales);
result<void> quantize_blocks(std::span<float const> in, std::size_t block_size,
                             std::span<float const> scales, dtype target, std::span<std::byte> out);
result<void> dequantize_blocks(std::span<std::byte const> in, std::size_t block_size,
                               std::span<float const> scales, dtype source, std::span<float> out);
/// Scales needed for `count` elements in blocks of `block_size` (>= 1).
[[nodiscard]] constexpr std::size_t block_count(std::size_t count,
                                                std::size_t block_size) noexcept {
  return count / block_size + (count % block_size != 0 ? 1 : 0);
}

/// Dequantizes tensor `index` of a validated frame (int8/uint8, per tensor or per axis with
/// its companion tensors) into `out` (element_count floats). `decoded` is the tensor's
/// decoded bytes: its stored bytes when raw, else what decode_payload produced.
inline result<void> dequantize(frame_view const& frame, std::size_t index,
                               std::span<std::byte const> decoded, std::span<float> out) {
  auto const t = frame.tensor(index);
  auto const& d = t.descriptor;
  if (decoded.size() != d.decoded_len) return wire::fail(errc::invalid_argument, 0, "decoded_len");
  if (d.quant == quantization::per_tensor)
    return dequantize(decoded, d.type, {d.scale, d.zero_point}, out);
  // The companions, validated: rank 1, float32 scales and int32 zero points, one per channel
  // (per axis) or one scale per block.
  auto const companions = [&](std::vector<float>& scales, std::vector<std::int32_t>& zero_points) {
    for (std::size_t i = 0; i < frame.tensor_count(); ++i) {
      auto const c = frame.tensor(i);
      if (c.descriptor.ref_index != index) continue;
      if (c.descriptor.role == tensor_role::scale_of) {
        std::memcpy(scales.data(), c.stored.data(), c.stored.size());
      } else {
        std::memcpy(zero_points.data(), c.stored.data(), c.stored.size());
      }
    }
  };
  std::vector<std::int32_t> zero_points;
  if (d.quant == quantization::block) {
    std::vector<float> scales(block_count(t.element_count(), d.block_size));
    companions(scales, zero_points);
    return dequantize_blocks(decoded, d.block_size, scales, d.type, out);
  }
  if (d.quant != quantization::per_axis) return wire::fail(errc::unsupported, 0, "quant");
  auto shape = axis_shape_of(std::span(d.dims).first(d.rank), d.quant_axis);
  if (!shape) return std::move(shape).error();
  std::vector<float> scales(shape->channels);
  zero_points.assign(shape->channels, 0);
  companions(scales, zero_points);
  return dequantize_per_axis(decoded, *shape, scales, zero_points, d.type, out);
}

}  // namespace imsdp::aiml::intermediate
