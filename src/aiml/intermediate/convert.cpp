// The AIDF compression profiles (quantize.hpp): argument checks, the walk along an axis, and
// the choice of the element loops (kernels.hpp) for this CPU. Byte order: the host's
// (frames are little-endian; big-endian hosts would swap in the caller).
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <limits>

#include "aiml/intermediate/kernels.hpp"

#if defined(IMSDP_X86_KERNELS)
#include <cpuid.h>
#endif

namespace imsdp::aiml::intermediate {
namespace {

using detail::kernel_table;
using wire::fail;

bool cpu_has(kernel_isa isa) noexcept {
#if defined(IMSDP_X86_KERNELS)
  // The compiler runtime also checks that the OS saves the AVX and AVX-512 state; F16C is
  // CPUID leaf 1, ECX bit 29 (clang 14 has no name for it).
  __builtin_cpu_init();
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  bool const f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & bit_F16C) != 0;
  switch (isa) {
    case kernel_isa::portable:
      return true;
    case kernel_isa::avx2:
      return f16c && __builtin_cpu_supports("avx2");
    case kernel_isa::avx512:
      return f16c && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
             __builtin_cpu_supports("avx512vl");
  }
  return false;
#else
  return isa == kernel_isa::portable;
#endif
}

kernel_table const& table_of(kernel_isa isa) noexcept {
#if defined(IMSDP_X86_KERNELS)
  if (isa == kernel_isa::avx512) return detail::kernels_avx512();
  if (isa == kernel_isa::avx2) return detail::kernels_avx2();
#endif
  return detail::kernels_portable();
}

kernel_isa best_isa() noexcept {
  for (auto isa : {kernel_isa::avx512, kernel_isa::avx2})
    if (cpu_has(isa)) return isa;
  return kernel_isa::portable;
}

// The loops in use; chosen once, changed only by use_kernel_isa().
std::atomic<kernel_isa> in_use{best_isa()};

kernel_table const& loops() noexcept {
  return table_of(in_use.load(std::memory_order_relaxed));
}

template <class Q>
detail::quantization_loops<Q> const& loops_of() noexcept {
  if constexpr (std::is_same_v<Q, std::int8_t>)
    return loops().s8;
  else
    return loops().u8;
}

affine_params affine_for(detail::value_range r, float q_min, float q_max) noexcept {
  // The range may span more than FLT_MAX: compute in double.
  double const width = static_cast<double>(r.hi) - static_cast<double>(r.lo);
  if (!(width > 0)) return {1.0f, 0};
  // A subnormal scale has too few significant bits for the scale/2 bound: use the
  // smallest normal one (values that small are within FLT_MIN/2 of a step anyway).
  auto const scale = std::max(static_cast<float>(width / (static_cast<double>(q_max) - q_min)),
                              std::numeric_limits<float>::min());
  double const zp = std::nearbyint(q_min - static_cast<double>(r.lo) / scale);
  return {scale, static_cast<std::int32_t>(
                     std::clamp(zp, static_cast<double>(q_min), static_cast<double>(q_max)))};
}

bool eight_bit(dtype t) noexcept {
  return t == dtype::int8 || t == dtype::uint8;
}

result<void> check_sizes(std::size_t a, std::size_t b, std::string_view what) {
  if (a != b) return fail(errc::invalid_argument, 0, what);
  return {};
}

result<void> check_params(affine_params p, dtype t) {
  auto const r = quantized_range(t);
  if (!std::isfinite(p.scale) || !(p.scale > 0)) return fail(errc::invalid_argument, 0, "scale");
  if (p.zero_point < r->min || p.zero_point > r->max)
    return fail(errc::invalid_argument, 0, "zero_point");
  return {};
}

// Calls f with a typed pointer to the quantized storage (int8 or uint8).
template <class Bytes, class F>
void with_storage(Bytes* data, dtype t, F&& f) {
  if (t == dtype::int8) {
    f(reinterpret_cast<std::conditional_t<std::is_const_v<Bytes>, std::int8_t const, std::int8_t>*>(
        data));
  } else {
    f(reinterpret_cast<
        std::conditional_t<std::is_const_v<Bytes>, std::uint8_t const, std::uint8_t>*>(data));
  }
}

// Walks a tensor along its axis: same(src, dst, n, scale, zero_point) on each stretch of
// `inner` elements sharing one channel's parameters, or, when the axis is innermost (inner
// 1), each(src, dst, n, scales, zero_points) on each row with one parameter per element.
template <class Src, class Dst, class Same, class Each>
void along_axis(axis_shape shape, std::span<float const> scales,
                std::span<std::int32_t const> zero_points, Src* src, Dst* dst, Same same,
                Each each) {
  for (std::size_t o = 0; o < shape.outer; ++o) {
    if (shape.inner == 1) {
      each(src, shape.channels, scales.data(), zero_points.data(), dst);
      src += shape.channels;
      dst += shape.channels;
      continue;
    }
    for (std::size_t c = 0; c < shape.channels; ++c, src += shape.inner, dst += shape.inner)
      same(src, shape.inner, scales[c], zero_points[c], dst);
  }
}

result<void> check_axis_arguments(std::size_t in, std::size_t out, axis_shape shape,
                                  std::span<float const> scales,
                                  std::span<std::int32_t const> zero_points, dtype t) {
  if (!eight_bit(t)) return fail(errc::unsupported, 0, "dtype");
  if (in != shape.size() || out != shape.size() || scales.size() != shape.channels ||
      zero_points.size() != shape.channels)
    return fail(errc::invalid_argument, 0, "axis_shape");
  return {};
}

// The binary32 value of each OCP float8 code (E4M3FN: bias 7, no Inf, S.1111.111 NaN;
// E5M2: bias 15, IEEE-style Inf and NaN). NaN comes back quiet with its sign.
template <unsigned M, unsigned B, bool has_inf>
constexpr std::array<float, 256> fp8_values() noexcept {
  std::array<float, 256> t{};
  constexpr unsigned exponent_max = (1u << (7 - M)) - 1;
  for (unsigned code = 0; code < 256; ++code) {
    unsigned const e = (code >> M) & exponent_max;
    unsigned const m = code & ((1u << M) - 1);
    std::uint32_t bits;
    if (e == exponent_max && (has_inf || m == (1u << M) - 1)) {
      bits = has_inf && m == 0 ? 0x7F800000u : 0x7FC00000u | (m << (22 - M));
    } else if (e == 0) {  // m units of 2^(1-B-M), exact in binary32
      bits = std::bit_cast<std::uint32_t>(static_cast<float>(m) /
                                          static_cast<float>(1u << (B - 1 + M)));
    } else {
      bits = (e + 127 - B) << 23 | m << (23 - M);
    }
    t[code] = std::bit_cast<float>(bits | (code & 0x80u) << 24);
  }
  return t;
}
constexpr auto e4m3_values = fp8_values<3, 7, false>();
constexpr auto e5m2_values = fp8_values<2, 15, true>();

bool block_type(dtype t) noexcept {
  return t == dtype::int4 || t == dtype::int8;
}

// Storage bytes of `count` block-quantized elements of `t`.
std::size_t block_storage(std::size_t count, dtype t) noexcept {
  return t == dtype::int4 ? count / 2 + count % 2 : count;
}

result<void> check_block_arguments(std::size_t count, std::size_t stored, std::size_t block_size,
                                   std::size_t scales, dtype t) {
  if (!block_type(t)) return fail(errc::unsupported, 0, "dtype");
  if (block_size == 0) return fail(errc::invalid_argument, 0, "block_size");
  if (stored != block_storage(count, t)) return fail(errc::invalid_argument, 0, "storage size");
  if (scales != block_count(count, block_size)) return fail(errc::invalid_argument, 0, "scales");
  return {};
}

}  // namespace

namespace detail {
kernel_table const& kernels_portable() noexcept {
  return this_unit_kernels;
}
}  // namespace detail

kernel_isa kernel_isa_in_use() noexcept {
  return in_use.load(std::memory_order_relaxed);
}

kernel_isa use_kernel_isa(kernel_isa isa) noexcept {
  if (cpu_has(isa)) in_use.store(isa, std::memory_order_relaxed);
  return kernel_isa_in_use();
}

result<void> fp32_to_fp16(std::span<float const> in, std::span<std::uint16_t> out) {
  if (auto r = check_sizes(in.size(), out.size(), "fp16"); !r) return r;
  loops().to_half(in.data(), in.size(), out.data());
  return {};
}

result<void> fp16_to_fp32(std::span<std::uint16_t const> in, std::span<float> out) {
  if (auto r = check_sizes(in.size(), out.size(), "fp16"); !r) return r;
  loops().to_single(in.data(), in.size(), out.data());
  return {};
}

result<affine_params> choose_affine(std::span<float const> values, dtype target) {
  if (!eight_bit(target)) return fail(errc::unsupported, 0, "dtype");
  auto const q = *quantized_range(target);
  return affine_for(loops().finite_range(values.data(), values.size()), static_cast<float>(q.min),
                    static_cast<float>(q.max));
}

result<void> quantize(std::span<float const> in, affine_params params, dtype target,
                      std::span<std::byte> out) {
  if (!eight_bit(target)) return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "quantize"); !r) return r;
  if (auto r = check_params(params, target); !r) return r;
  with_storage(out.data(), target, [&]<class Q>(Q* q) {
    loops_of<Q>().quantize(in.data(), in.size(), params.scale, params.zero_point, q);
  });
  return {};
}

result<void> dequantize(std::span<std::byte const> in, dtype source, affine_params params,
                        std::span<float> out) {
  if (!eight_bit(source)) return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "dequantize"); !r) return r;
  with_storage(in.data(), source, [&]<class Q>(Q const* q) {
    loops_of<Q>().dequantize(q, in.size(), params.scale, params.zero_point, out.data());
  });
  return {};
}

result<axis_shape> axis_shape_of(std::span<std::uint32_t const> dims, std::size_t axis) {
  if (axis >= dims.size()) return fail(errc::invalid_argument, 0, "axis");
  axis_shape s;
  std::uint64_t total = 1;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == 0 || !wire::checked_mul(total, dims[i], total))
      return fail(errc::invalid_argument, 0, "dims");
    if (i < axis) s.outer *= dims[i];
    if (i > axis) s.inner *= dims[i];
  }
  s.channels = dims[axis];
  return s;
}

result<void> choose_affine_per_axis(std::span<float const> values, axis_shape shape, dtype target,
                                    std::span<float> scales, std::span<std::int32_t> zero_points) {
  if (!eight_bit(target)) return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(values.size(), shape.size(), "values"); !r) return r;
  if (scales.size() != shape.channels || zero_points.size() != shape.channels)
    return fail(errc::invalid_argument, 0, "channels");
  auto const q = *quantized_range(target);
  std::vector<detail::value_range> ranges(shape.channels);
  float const* x = values.data();
  for (std::size_t o = 0; o < shape.outer; ++o) {
    for (std::size_t c = 0; c < shape.channels; ++c, x += shape.inner) {
      auto const r = loops().finite_range(x, shape.inner);
      ranges[c].lo = std::min(ranges[c].lo, r.lo);
      ranges[c].hi = std::max(ranges[c].hi, r.hi);
    }
  }
  for (std::size_t c = 0; c < shape.channels; ++c) {
    auto const p = affine_for(ranges[c], static_cast<float>(q.min), static_cast<float>(q.max));
    scales[c] = p.scale;
    zero_points[c] = p.zero_point;
  }
  return {};
}

result<void> quantize_per_axis(std::span<float const> in, axis_shape shape,
                               std::span<float const> scales,
                               std::span<std::int32_t const> zero_points, dtype target,
                               std::span<std::byte> out) {
  if (auto r = check_axis_arguments(in.size(), out.size(), shape, scales, zero_points, target); !r)
    return r;
  for (std::size_t c = 0; c < shape.channels; ++c)
    if (auto r = check_params({scales[c], zero_points[c]}, target); !r) return r;
  with_storage(out.data(), target, [&]<class Q>(Q* q) {
    auto const& run = loops_of<Q>();
    along_axis(shape, scales, zero_points, in.data(), q, run.quantize, run.quantize_each);
  });
  return {};
}

result<void> dequantize_per_axis(std::span<std::byte const> in, axis_shape shape,
                                 std::span<float const> scales,
                                 std::span<std::int32_t const> zero_points, dtype source,
                                 std::span<float> out) {
  if (auto r = check_axis_arguments(in.size(), out.size(), shape, scales, zero_points, source); !r)
    return r;
  with_storage(in.data(), source, [&]<class Q>(Q const* q) {
    auto const& run = loops_of<Q>();
    along_axis(shape, scales, zero_points, q, out.data(), run.dequantize, run.dequantize_each);
  });
  return {};
}

result<void> fp32_to_fp8(std::span<float const> in, dtype target, std::span<std::uint8_t> out) {
  if (target != dtype::float8e4m3fn && target != dtype::float8e5m2)
    return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "fp8"); !r) return r;
  (target == dtype::float8e4m3fn ? loops().to_e4m3 : loops().to_e5m2)(in.data(), in.size(),
                                                                      out.data());
  return {};
}

result<void> fp8_to_fp32(std::span<std::uint8_t const> in, dtype source, std::span<float> out) {
  if (source != dtype::float8e4m3fn && source != dtype::float8e5m2)
    return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "fp8"); !r) return r;
  auto const& values = source == dtype::float8e4m3fn ? e4m3_values : e5m2_values;
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = values[in[i]];
  return {};
}

result<void> choose_block_scales(std::span<float const> values, std::size_t block_size,
                                 dtype target, std::span<float> scales) {
  if (auto r = check_block_arguments(values.size(), block_storage(values.size(), target),
                                     block_size, scales.size(), target);
      !r)
    return r;
  auto const q = *quantized_range(target);
  loops().block_scales(values.data(), values.size(), block_size, static_cast<float>(q.min),
                       static_cast<float>(q.max), scales.data());
  return {};
}

result<void> quantize_blocks(std::span<float const> in, std::size_t block_size,
                             std::span<float const> scales, dtype target,
                             std::span<std::byte> out) {
  if (auto r = check_block_arguments(in.size(), out.size(), block_size, scales.size(), target); !r)
    return r;
  if (!std::all_of(scales.begin(), scales.end(), [](float s) { return std::isfinite(s) && s > 0; }))
    return fail(errc::invalid_argument, 0, "scale");
  loops().quantize_blocks(in.data(), in.size(), block_size, scales.data(), target == dtype::int4,
                          reinterpret_cast<std::uint8_t*>(out.data()));
  return {};
}

result<void> dequantize_blocks(std::span<std::byte const> in, std::size_t block_size,
                               std::span<float const> scales, dtype source, std::span<float> out) {
  if (auto r = check_block_arguments(out.size(), in.size(), block_size, scales.size(), source); !r)
    return r;
  loops().dequantize_blocks(reinterpret_cast<std::uint8_t const*>(in.data()), out.size(),
                            block_size, scales.data(), source == dtype::int4, out.data());
  return {};
}

}  // namespace imsdp::aiml::intermediate
