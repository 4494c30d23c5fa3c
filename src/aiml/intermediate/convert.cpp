// The element loops of the AIDF compression profiles (quantize.hpp). Each loop body is
// branch-free (selects, min/max, a magic-number round) so compilers vectorize it with the
// baseline x86-64 / AArch64 instruction sets; CMake builds this file with the dynamic
// vectorizer cost model. Byte order: the host's (frames are little-endian; big-endian hosts
// would swap in the caller).
#include <algorithm>
#include <bit>
#include <cmath>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <limits>

namespace imsdp::aiml::intermediate {
namespace {

using wire::fail;

// All ones when `condition` holds: selects written as masks stay branch-free, which GCC
// needs to vectorize the conversions.
inline std::uint32_t mask(bool condition) noexcept {
  return 0u - static_cast<std::uint32_t>(condition);
}
inline std::uint32_t select(std::uint32_t m, std::uint32_t a, std::uint32_t b) noexcept {
  return (a & m) | (b & ~m);
}

// binary32 -> binary16, round to nearest even (IEEE 754-2008 5.4.2 convertFormat).
inline std::uint16_t to_half(float f) noexcept {
  std::uint32_t const x = std::bit_cast<std::uint32_t>(f);
  std::uint32_t const sign = (x >> 16) & 0x8000u;
  std::uint32_t const ax = x & 0x7FFFFFFFu;
  // Normal results: rebias the exponent (127 - 15) and round at mantissa bit 13.
  std::uint32_t const normal = (ax - 0x38000000u + 0x0FFFu + ((ax >> 13) & 1u)) >> 13;
  // |f| < 2^-14: adding 0.5 (ulp 2^-24, the half subnormal unit) rounds in the FPU.
  std::uint32_t const subnormal =
      std::bit_cast<std::uint32_t>(std::bit_cast<float>(ax) + 0.5f) - 0x3F000000u;
  std::uint32_t h = select(mask(ax < 0x38800000u), subnormal, normal);
  h = select(mask(ax >= 0x477FF000u), 0x7C00u, h);                         // >= 65520: Inf
  h = select(mask(ax > 0x7F800000u), 0x7E00u | ((ax >> 13) & 0x3FFu), h);  // NaN stays NaN
  return static_cast<std::uint16_t>(h | sign);
}

inline float to_single(std::uint16_t h) noexcept {
  std::uint32_t const sign = std::uint32_t{h & 0x8000u} << 16;
  std::uint32_t const ah = h & 0x7FFFu;
  std::uint32_t const normal = (ah << 13) + 0x38000000u;
  std::uint32_t const special = (ah << 13) | 0x7F800000u;  // Inf, NaN
  float const subnormal = static_cast<float>(static_cast<std::int32_t>(ah)) * 0x1p-24f;
  std::uint32_t r = select(mask(ah >= 0x7C00u), special, normal);
  r = select(mask(ah < 0x0400u), std::bit_cast<std::uint32_t>(subnormal), r);
  return std::bit_cast<float>(r | sign);
}

// Parameters of one run of elements: the same for all (per tensor, per channel block) or
// one per element (per axis with inner size 1).
struct same_params {
  float scale;
  std::int32_t zero_point;
  [[nodiscard]] float scale_at(std::size_t) const noexcept { return scale; }
  [[nodiscard]] std::int32_t zero_point_at(std::size_t) const noexcept { return zero_point; }
};
struct each_params {
  float const* scales;
  std::int32_t const* zero_points;
  [[nodiscard]] float scale_at(std::size_t i) const noexcept { return scales[i]; }
  [[nodiscard]] std::int32_t zero_point_at(std::size_t i) const noexcept { return zero_points[i]; }
};

template <class Q, class Params>
void quantize_run(float const* x, std::size_t n, Params p, Q* out) noexcept {
  constexpr float q_min = std::numeric_limits<Q>::min();
  constexpr float q_max = std::numeric_limits<Q>::max();
  constexpr float round_magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  for (std::size_t i = 0; i < n; ++i) {
    auto const zp = p.zero_point_at(i);
    float v = x[i] / p.scale_at(i);
    // Clamp before rounding (the bounds are integers, so the result is the same); NaN
    // takes the upper bound, keeping the float -> int conversion defined.
    v = std::min(q_max - static_cast<float>(zp), v);
    v = std::max(q_min - static_cast<float>(zp), v);
    v = (v + round_magic) - round_magic;  // round half to even, |v| < 2^22
    out[i] = static_cast<Q>(static_cast<std::int32_t>(v) + zp);
  }
}

template <class Q, class Params>
void dequantize_run(Q const* q, std::size_t n, Params p, float* out) noexcept {
  constexpr float big = std::numeric_limits<float>::max();
  for (std::size_t i = 0; i < n; ++i) {
    float const v =
        static_cast<float>(static_cast<std::int32_t>(q[i]) - p.zero_point_at(i)) * p.scale_at(i);
    // A range reaching FLT_MAX may put its last step half a step beyond: saturate, never Inf.
    out[i] = std::max(-big, std::min(big, v));
  }
}

// min and max of the finite values, in eight independent lanes (vectorizable without
// reassociating float arithmetic); starts from 0 so the range always holds 0.
struct range {
  float lo = 0;
  float hi = 0;
};
range finite_range(float const* x, std::size_t n) noexcept {
  constexpr std::size_t lanes = 8;
  constexpr float big = std::numeric_limits<float>::max();
  float lo[lanes]{};
  float hi[lanes]{};
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    for (std::size_t k = 0; k < lanes; ++k) {
      float const v = x[i + k];
      // NaN and +-Inf count as 0, which the range holds anyway.
      float const finite = std::fabs(v) <= big ? v : 0.0f;
      lo[k] = std::min(lo[k], finite);
      hi[k] = std::max(hi[k], finite);
    }
  }
  range r;
  for (std::size_t k = 0; k < lanes; ++k) {
    r.lo = std::min(r.lo, lo[k]);
    r.hi = std::max(r.hi, hi[k]);
  }
  for (; i < n; ++i) {
    float const v = x[i];
    if (v >= -big && v <= big) {
      r.lo = std::min(r.lo, v);
      r.hi = std::max(r.hi, v);
    }
  }
  return r;
}

affine_params affine_for(range r, float q_min, float q_max) noexcept {
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

// Walks a tensor along its axis: run(src, dst, n, params) on each stretch of `inner`
// elements sharing one channel's parameters, or, when the axis is innermost (inner 1), on
// each row with one parameter per element.
template <class Src, class Dst, class Run>
void along_axis(axis_shape shape, std::span<float const> scales,
                std::span<std::int32_t const> zero_points, Src* src, Dst* dst, Run run) {
  for (std::size_t o = 0; o < shape.outer; ++o) {
    if (shape.inner == 1) {
      run(src, dst, shape.channels, each_params{scales.data(), zero_points.data()});
      src += shape.channels;
      dst += shape.channels;
      continue;
    }
    for (std::size_t c = 0; c < shape.channels; ++c, src += shape.inner, dst += shape.inner)
      run(src, dst, shape.inner, same_params{scales[c], zero_points[c]});
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

}  // namespace

result<void> fp32_to_fp16(std::span<float const> in, std::span<std::uint16_t> out) {
  if (auto r = check_sizes(in.size(), out.size(), "fp16"); !r) return r;
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = to_half(in[i]);
  return {};
}

result<void> fp16_to_fp32(std::span<std::uint16_t const> in, std::span<float> out) {
  if (auto r = check_sizes(in.size(), out.size(), "fp16"); !r) return r;
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = to_single(in[i]);
  return {};
}

result<affine_params> choose_affine(std::span<float const> values, dtype target) {
  if (!eight_bit(target)) return fail(errc::unsupported, 0, "dtype");
  auto const q = *quantized_range(target);
  return affine_for(finite_range(values.data(), values.size()), static_cast<float>(q.min),
                    static_cast<float>(q.max));
}

result<void> quantize(std::span<float const> in, affine_params params, dtype target,
                      std::span<std::byte> out) {
  if (!eight_bit(target)) return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "quantize"); !r) return r;
  if (auto r = check_params(params, target); !r) return r;
  with_storage(out.data(), target, [&](auto* q) {
    quantize_run(in.data(), in.size(), same_params{params.scale, params.zero_point}, q);
  });
  return {};
}

result<void> dequantize(std::span<std::byte const> in, dtype source, affine_params params,
                        std::span<float> out) {
  if (!eight_bit(source)) return fail(errc::unsupported, 0, "dtype");
  if (auto r = check_sizes(in.size(), out.size(), "dequantize"); !r) return r;
  with_storage(in.data(), source, [&](auto const* q) {
    dequantize_run(q, in.size(), same_params{params.scale, params.zero_point}, out.data());
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
  std::vector<range> ranges(shape.channels);
  float const* x = values.data();
  for (std::size_t o = 0; o < shape.outer; ++o) {
    for (std::size_t c = 0; c < shape.channels; ++c, x += shape.inner) {
      auto const r = finite_range(x, shape.inner);
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
  with_storage(out.data(), target, [&](auto* q) {
    along_axis(shape, scales, zero_points, in.data(), q,
               [](auto const* x, auto* y, std::size_t n, auto p) { quantize_run(x, n, p, y); });
  });
  return {};
}

result<void> dequantize_per_axis(std::span<std::byte const> in, axis_shape shape,
                                 std::span<float const> scales,
                                 std::span<std::int32_t const> zero_points, dtype source,
                                 std::span<float> out) {
  if (auto r = check_axis_arguments(in.size(), out.size(), shape, scales, zero_points, source); !r)
    return r;
  with_storage(in.data(), source, [&](auto const* q) {
    along_axis(shape, scales, zero_points, q, out.data(),
               [](auto const* x, auto* y, std::size_t n, auto p) { dequantize_run(x, n, p, y); });
  });
  return {};
}

}  // namespace imsdp::aiml::intermediate
