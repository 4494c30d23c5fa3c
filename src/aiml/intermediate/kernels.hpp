// The element loops of the AIDF compression profiles (quantize.hpp), compiled once per
// instruction set: convert.cpp builds them for the baseline (SSE2 on x86-64), and
// kernels_avx2.cpp / kernels_avx512.cpp build them with those flags (DESIGN.md section 10;
// docs/aidf.md, "Element loops"). convert.cpp picks one table at run time from CPUID.
//
// Each loop body is branch-free (selects, min/max, a magic-number round), so the compiler
// vectorizes it for whatever the translation unit targets, with the same results bit for
// bit: no FMA contraction, no reassociation. fp16 uses the F16C instructions where the unit
// has them; they round as to_half does (IEEE 754 round to nearest even, NaN quieted).
//
// The loops live in an unnamed namespace: every unit that includes this header has its own
// copy, compiled for its own flags, and no copy built for AVX2 can be picked by the linker
// for the baseline code. For the same reason they call no inline function of the standard
// library that could be emitted out of line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#if defined(__F16C__)
#include <immintrin.h>
#endif

namespace imsdp::aiml::intermediate::detail {

/// min and max of the finite values of a run; 0 is always inside.
struct value_range {
  float lo = 0;
  float hi = 0;
};

/// The quantization loops for one storage type Q (int8 or uint8): with one scale and zero
/// point for the whole run, or (`_each`) one per element.
template <class Q>
struct quantization_loops {
  void (*quantize)(float const*, std::size_t, float, std::int32_t, Q*) noexcept;
  void (*quantize_each)(float const*, std::size_t, float const*, std::int32_t const*, Q*) noexcept;
  void (*dequantize)(Q const*, std::size_t, float, std::int32_t, float*) noexcept;
  void (*dequantize_each)(Q const*, std::size_t, float const*, std::int32_t const*,
                          float*) noexcept;
};

/// One instruction set's loops.
struct kernel_table {
  void (*to_half)(float const*, std::size_t, std::uint16_t*) noexcept;
  void (*to_single)(std::uint16_t const*, std::size_t, float*) noexcept;
  void (*to_e4m3)(float const*, std::size_t, std::uint8_t*) noexcept;
  void (*to_e5m2)(float const*, std::size_t, std::uint8_t*) noexcept;
  value_range (*finite_range)(float const*, std::size_t) noexcept;
  /// The scale of each block of `block` elements (the last may be shorter) for the integer
  /// range [q_min, q_max] (quantize.hpp, choose_block_scales).
  void (*block_scales)(float const*, std::size_t n, std::size_t block, float q_min, float q_max,
                       float* scales) noexcept;
  /// Symmetric block quantization of n elements, one scale per `block`: int4 (two a byte,
  /// the first in the low nibble; an odd count leaves the last high nibble 0) or int8.
  void (*quantize_blocks)(float const*, std::size_t n, std::size_t block, float const* scales,
                          bool int4, std::uint8_t*) noexcept;
  void (*dequantize_blocks)(std::uint8_t const*, std::size_t n, std::size_t block,
                            float const* scales, bool int4, float*) noexcept;
  quantization_loops<std::int8_t> s8;
  quantization_loops<std::uint8_t> u8;
};

kernel_table const& kernels_portable() noexcept;
kernel_table const& kernels_avx2() noexcept;
kernel_table const& kernels_avx512() noexcept;

namespace {

inline std::uint32_t bits_of(float f) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
inline float float_of(std::uint32_t u) noexcept {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
// All ones when `condition` holds: selects written as masks stay branch-free.
inline std::uint32_t mask(bool condition) noexcept {
  return 0u - static_cast<std::uint32_t>(condition);
}
inline std::uint32_t select(std::uint32_t m, std::uint32_t a, std::uint32_t b) noexcept {
  return (a & m) | (b & ~m);
}
// std::min / std::max with their NaN behaviour (the first argument when unordered).
inline float min_of(float a, float b) noexcept {
  return b < a ? b : a;
}
inline float max_of(float a, float b) noexcept {
  return a < b ? b : a;
}

// binary32 -> binary16, round to nearest even (IEEE 754-2008 5.4.2 convertFormat).
inline std::uint16_t to_half(float f) noexcept {
  std::uint32_t const x = bits_of(f);
  std::uint32_t const sign = (x >> 16) & 0x8000u;
  std::uint32_t const ax = x & 0x7FFFFFFFu;
  // Normal results: rebias the exponent (127 - 15) and round at mantissa bit 13.
  std::uint32_t const normal = (ax - 0x38000000u + 0x0FFFu + ((ax >> 13) & 1u)) >> 13;
  // |f| < 2^-14: adding 0.5 (ulp 2^-24, the half subnormal unit) rounds in the FPU.
  std::uint32_t const subnormal = bits_of(float_of(ax) + 0.5f) - 0x3F000000u;
  std::uint32_t h = select(mask(ax < 0x38800000u), subnormal, normal);
  h = select(mask(ax >= 0x477FF000u), 0x7C00u, h);                         // >= 65520: Inf
  h = select(mask(ax > 0x7F800000u), 0x7E00u | ((ax >> 13) & 0x3FFu), h);  // NaN, quieted
  return static_cast<std::uint16_t>(h | sign);
}

// binary16 -> binary32, exact; a signaling NaN comes back quiet, as convertFormat and the
// F16C instruction make it.
inline float to_single(std::uint16_t h) noexcept {
  std::uint32_t const sign = std::uint32_t{h & 0x8000u} << 16;
  std::uint32_t const ah = h & 0x7FFFu;
  std::uint32_t const normal = (ah << 13) + 0x38000000u;
  std::uint32_t const special = (ah << 13) | 0x7F800000u | (mask(ah > 0x7C00u) & 0x00400000u);
  float const subnormal = static_cast<float>(static_cast<std::int32_t>(ah)) * 0x1p-24f;
  std::uint32_t r = select(mask(ah >= 0x7C00u), special, normal);
  r = select(mask(ah < 0x0400u), bits_of(subnormal), r);
  return float_of(r | sign);
}

void to_half_run(float const* x, std::size_t n, std::uint16_t* out) noexcept {
  std::size_t i = 0;
#if defined(__AVX512F__)  // the maskz forms: GCC 12 warns on the others' undefined vectors
  for (; i + 16 <= n; i += 16)
    _mm256_storeu_si256(
        reinterpret_cast<__m256i*>(out + i),
        _mm512_maskz_cvtps_ph(0xFFFF, _mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
#endif
#if defined(__F16C__)
  for (; i + 8 <= n; i += 8)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i),
                     _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
#endif
  for (; i < n; ++i)
    out[i] = to_half(x[i]);
}

void to_single_run(std::uint16_t const* h, std::size_t n, float* out) noexcept {
  std::size_t i = 0;
#if defined(__AVX512F__)
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(
        out + i,
        _mm512_maskz_cvtph_ps(0xFFFF, _mm256_loadu_si256(reinterpret_cast<__m256i const*>(h + i))));
#endif
#if defined(__F16C__)
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(out + i,
                     _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<__m128i const*>(h + i))));
#endif
  for (; i < n; ++i)
    out[i] = to_single(h[i]);
}

// binary32 -> OCP float8 with M mantissa bits and exponent bias B, as ONNX Cast with
// saturate=1: round to nearest even; results beyond the largest finite code `top` (448 for
// E4M3FN, 57344 for E5M2) and +-Inf saturate to it; NaN becomes S.1111111.
template <unsigned M, unsigned B, std::uint32_t top>
inline std::uint8_t to_fp8(float f) noexcept {
  constexpr unsigned shift = 23 - M;
  constexpr std::uint32_t smallest_normal = (127u + 1u - B) << 23;  // 2^(1-B)
  constexpr float units = static_cast<float>(1u << (B - 1 + M));    // 1 / 2^(1-B-M)
  std::uint32_t const x = bits_of(f);
  std::uint32_t const sign = (x >> 24) & 0x80u;
  std::uint32_t const ax = x & 0x7FFFFFFFu;
  // Normal results: round at mantissa bit `shift`, then rebias the exponent (127 - B).
  std::uint32_t const normal =
      ((ax + ((1u << (shift - 1)) - 1u) + ((ax >> shift) & 1u)) >> shift) - ((127u - B) << M);
  // Below 2^(1-B): whole units of 2^(1-B-M), rounded by the FPU when 2^23 is added.
  std::uint32_t const subnormal = bits_of(float_of(ax) * units + 0x1p23f) - 0x4B000000u;
  std::uint32_t r = select(mask(ax < smallest_normal), subnormal, normal);
  r = select(mask(r > top), top, r);
  r = select(mask(ax > 0x7F800000u), 0x7Fu, r);
  return static_cast<std::uint8_t>(r | sign);
}

template <unsigned M, unsigned B, std::uint32_t top>
void to_fp8_run(float const* x, std::size_t n, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < n; ++i)
    out[i] = to_fp8<M, B, top>(x[i]);
}

// Parameters of a run: the same for all elements, or one per element.
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

// The range of Q.
template <class Q>
struct bounds_of {
  static constexpr float low = std::numeric_limits<Q>::min();
  static constexpr float high = std::numeric_limits<Q>::max();
};

// q = saturate(round_half_even(x / scale) + zero_point), as ONNX QuantizeLinear, into
// [Bounds::low, Bounds::high].
template <class Q, class Params, class Bounds = bounds_of<Q>>
void quantize_run(float const* x, std::size_t n, Params p, Q* out) noexcept {
  constexpr float q_min = Bounds::low;
  constexpr float q_max = Bounds::high;
  constexpr float round_magic = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  for (std::size_t i = 0; i < n; ++i) {
    auto const zp = p.zero_point_at(i);
    float v = x[i] / p.scale_at(i);
    // Clamp before rounding (the bounds are integers, so the result is the same); NaN
    // takes the upper bound, keeping the float -> int conversion defined.
    v = min_of(q_max - static_cast<float>(zp), v);
    v = max_of(q_min - static_cast<float>(zp), v);
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
    out[i] = max_of(-big, min_of(big, v));
  }
}

template <class Q>
constexpr quantization_loops<Q> loops_for() noexcept {
  return {[](float const* x, std::size_t n, float scale, std::int32_t zero_point, Q* q) noexcept {
            quantize_run(x, n, same_params{scale, zero_point}, q);
          },
          [](float const* x, std::size_t n, float const* scales, std::int32_t const* zero_points,
             Q* q) noexcept {
            quantize_run(x, n, each_params{scales, zero_points}, q);
          },
          [](Q const* q, std::size_t n, float scale, std::int32_t zero_point, float* y) noexcept {
            dequantize_run(q, n, same_params{scale, zero_point}, y);
          },
          [](Q const* q, std::size_t n, float const* scales, std::int32_t const* zero_points,
             float* y) noexcept {
            dequantize_run(q, n, each_params{scales, zero_points}, y);
          }};
}

// In sixteen independent lanes, so that the loop vectorizes without reassociating float
// arithmetic; NaN and +-Inf count as 0, which the range holds anyway.
[[gnu::always_inline]] inline value_range finite_range_run(float const* x, std::size_t n) noexcept {
  constexpr std::size_t lanes = 16;
  constexpr float big = std::numeric_limits<float>::max();
  float lo[lanes]{};
  float hi[lanes]{};
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    for (std::size_t k = 0; k < lanes; ++k) {
      float const v = x[i + k];
      float const finite = float_of(bits_of(v) & 0x7FFFFFFFu) <= big ? v : 0.0f;
      lo[k] = min_of(lo[k], finite);
      hi[k] = max_of(hi[k], finite);
    }
  }
  // A tree, so short runs (a block of 32) do not pay for 16 dependent steps. No lane holds
  // -0 or NaN, so the order of these exact operations cannot change the result.
  for (std::size_t width = lanes / 2; width > 0; width /= 2) {
    for (std::size_t k = 0; k < width; ++k) {
      lo[k] = min_of(lo[k], lo[k + width]);
      hi[k] = max_of(hi[k], hi[k + width]);
    }
  }
  value_range r{lo[0], hi[0]};
  for (; i < n; ++i) {
    float const v = x[i];
    if (v >= -big && v <= big) {
      r.lo = min_of(r.lo, v);
      r.hi = max_of(r.hi, v);
    }
  }
  return r;
}

void block_scales_run(float const* x, std::size_t n, std::size_t block, float q_min, float q_max,
                      float* scales) noexcept {
  constexpr std::size_t batch = 256;
  value_range ranges[batch];
  std::size_t const blocks = n / block + (n % block != 0 ? 1 : 0);
  for (std::size_t first = 0; first < blocks; first += batch) {
    std::size_t const count = blocks - first < batch ? blocks - first : batch;
    for (std::size_t k = 0; k < count; ++k) {
      std::size_t const begin = (first + k) * block;
      ranges[k] = finite_range_run(x + begin, n - begin < block ? n - begin : block);
    }
    // In double: hi / q_max in float may round below the quotient that keeps hi in range.
    for (std::size_t k = 0; k < count; ++k) {
      double const up = static_cast<double>(ranges[k].hi) / q_max;
      double const down = static_cast<double>(ranges[k].lo) / q_min;
      double const scale = up < down ? down : up;
      float const narrow = static_cast<float>(scale);
      constexpr float smallest = std::numeric_limits<float>::min();
      scales[first + k] = scale > 0 ? (narrow < smallest ? smallest : narrow) : 1.0f;
    }
  }
}

// Block quantization a chunk of 256 elements at a time on the stack (chunks start on even
// elements, so never inside a byte): each element's scale spelled out, the per-element
// quantize loop (it vectorizes), then for int4 eight values packed into four bytes at a time
// (SWAR), the first of each pair low.
constexpr std::size_t block_chunk = 256;
constexpr std::int32_t no_zero_points[block_chunk]{};

struct int4_bounds {
  static constexpr float low = -8, high = 7;
};

// scales of elements [first, first + n) in blocks of `block`
void spell_out_scales(std::size_t first, std::size_t n, std::size_t block, float const* scales,
                      float* out) noexcept {
  for (std::size_t i = 0; i < n;) {
    std::size_t const b = (first + i) / block;
    std::size_t const end = (b + 1) * block - first < n ? (b + 1) * block - first : n;
    for (; i < end; ++i)
      out[i] = scales[b];
  }
}

// Calls f(first, m, each) on each chunk [first, first + m) of n elements, `each` holding
// the chunk's scales, one per element.
template <class F>
void by_chunk(std::size_t n, std::size_t block, float const* scales, F&& f) noexcept {
  float each[block_chunk];
  for (std::size_t first = 0; first < n; first += block_chunk) {
    std::size_t const m = n - first < block_chunk ? n - first : block_chunk;
    spell_out_scales(first, m, block, scales, each);
    f(first, m, each_params{each, no_zero_points});
  }
}

void quantize_blocks_run(float const* x, std::size_t n, std::size_t block, float const* scales,
                         bool int4, std::uint8_t* out) noexcept {
  std::int8_t values[block_chunk];
  by_chunk(n, block, scales, [&](std::size_t first, std::size_t m, each_params each) {
    if (!int4) {
      quantize_run(x + first, m, each, reinterpret_cast<std::int8_t*>(out) + first);
      return;
    }
    quantize_run<std::int8_t, each_params, int4_bounds>(x + first, m, each, values);
    if (m % 2 != 0) values[m] = 0;  // the high nibble after an odd last element
    std::size_t const bytes = (m + 1) / 2;
    std::size_t k = 0;
    for (; k + 4 <= bytes; k += 4) {
      std::uint64_t v;
      std::memcpy(&v, values + 2 * k, 8);
      v &= 0x0F0F0F0F0F0F0F0Full;
      v = (v | v >> 4) & 0x00FF00FF00FF00FFull;  // byte 2i: value 2i | value 2i+1 << 4
      v = (v | v >> 8) & 0x0000FFFF0000FFFFull;
      v = (v | v >> 16) & 0xFFFFFFFFull;
      auto const packed = static_cast<std::uint32_t>(v);
      std::memcpy(out + first / 2 + k, &packed, 4);
    }
    for (; k < bytes; ++k)
      out[first / 2 + k] = static_cast<std::uint8_t>(
          (static_cast<unsigned>(static_cast<std::uint8_t>(values[2 * k])) & 0x0Fu) |
          static_cast<unsigned>(static_cast<std::uint8_t>(values[2 * k + 1])) << 4u);
  });
}

void dequantize_blocks_run(std::uint8_t const* in, std::size_t n, std::size_t block,
                           float const* scales, bool int4, float* out) noexcept {
  std::int8_t values[block_chunk];
  by_chunk(n, block, scales, [&](std::size_t first, std::size_t m, each_params each) {
    if (!int4) {
      dequantize_run(reinterpret_cast<std::int8_t const*>(in) + first, m, each, out + first);
      return;
    }
    std::size_t const bytes = (m + 1) / 2;
    std::size_t k = 0;
    for (; k + 4 <= bytes; k += 4) {
      std::uint32_t packed;
      std::memcpy(&packed, in + first / 2 + k, 4);
      std::uint64_t v = packed;
      v = (v | v << 16) & 0x0000FFFF0000FFFFull;
      v = (v | v << 8) & 0x00FF00FF00FF00FFull;                            // byte 2i: packed byte i
      v = (v & 0x000F000F000F000Full) | (v & 0x00F000F000F000F0ull) << 4;  // a nibble a byte
      v |= (v & 0x0808080808080808ull) * 0x1E;  // sign-extend: 8 * 0x1E = 0xF0, no carry
      std::memcpy(values + 2 * k, &v, 8);
    }
    for (; k < bytes; ++k) {
      unsigned const byte = in[first / 2 + k];
      values[2 * k] = static_cast<std::int8_t>(static_cast<int>((byte & 0x0Fu) ^ 8u) - 8);
      values[2 * k + 1] = static_cast<std::int8_t>(static_cast<int>((byte >> 4) ^ 8u) - 8);
    }
    dequantize_run(values, m, each, out + first);
  });
}

/// The table of this unit's loops.
constexpr kernel_table this_unit_kernels{to_half_run,
                                         to_single_run,
                                         to_fp8_run<3, 7, 0x7E>,
                                         to_fp8_run<2, 15, 0x7B>,
                                         finite_range_run,
                                         block_scales_run,
                                         quantize_blocks_run,
                                         dequantize_blocks_run,
                                         loops_for<std::int8_t>(),
                                         loops_for<std::uint8_t>()};

}  // namespace
}  // namespace imsdp::aiml::intermediate::detail
