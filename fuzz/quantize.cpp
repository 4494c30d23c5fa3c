// quantize: the input is float32 values (and a few control bytes). Oracles: int8/uint8
// affine quantization per tensor and per axis round-trips every finite value within half
// a step (scale/2, plus float rounding); NaN and Inf never crash; fp16 -> fp32 -> fp16 is
// the identity on non-NaN halves and fp32 -> fp16 -> fp32 stays within half an fp16 ulp;
// float8 stays within half a step or saturates; int4 blocks stay within half a block's
// step; the loops of every instruction set this CPU has give the portable loops' bytes.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <tuple>
#include <utility>
#include <vector>

#include "fuzz_check.hpp"

namespace aidf = imsdp::aiml::intermediate;

namespace {

bool within_half_step(float x, float back, float scale) {
  if (!std::isfinite(x)) return true;
  return std::fabs(static_cast<double>(back) - x) <= scale * 0.5 * (1 + 1e-4) + std::fabs(x) * 1e-6;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 2) return 0;
  auto const target = (data[0] & 1) != 0 ? aidf::dtype::uint8 : aidf::dtype::int8;
  std::size_t const channels = 1 + data[1] % 8;
  std::vector<float> values((size - 2) / 4);
  if (!values.empty()) std::memcpy(values.data(), data + 2, values.size() * 4);

  auto const p = aidf::choose_affine(values, target);
  IMSDP_FUZZ_CHECK(p.has_value() && p->scale > 0 && std::isfinite(p->scale), "a usable scale");
  std::vector<std::byte> q(values.size());
  std::vector<float> back(values.size());
  IMSDP_FUZZ_CHECK(aidf::quantize(values, *p, target, q).has_value(), "quantize");
  IMSDP_FUZZ_CHECK(aidf::dequantize(q, target, *p, back).has_value(), "dequantize");
  for (std::size_t i = 0; i < values.size(); ++i)
    IMSDP_FUZZ_CHECK(within_half_step(values[i], back[i], p->scale), "per-tensor error <= scale/2");

  // Per axis: values as [outer, channels] along axis 1 (inner 1) and [channels, inner].
  std::size_t const usable = values.size() / channels * channels;
  if (usable != 0) {
    auto const v = std::span<float const>(values).first(usable);
    std::uint32_t const rows = static_cast<std::uint32_t>(usable / channels);
    auto const c = static_cast<std::uint32_t>(channels);
    std::uint32_t const last_axis[] = {rows, c};  // channels innermost (inner 1)
    std::uint32_t const first_axis[] = {c, rows};
    for (auto const [dims, axis] :
         {std::pair{std::span<std::uint32_t const>(last_axis), std::size_t{1}},
          std::pair{std::span<std::uint32_t const>(first_axis), std::size_t{0}}}) {
      auto const shape = aidf::axis_shape_of(dims, axis);
      IMSDP_FUZZ_CHECK(shape.has_value(), "axis shape");
      std::vector<float> scales(shape->channels);
      std::vector<std::int32_t> zps(shape->channels);
      IMSDP_FUZZ_CHECK(aidf::choose_affine_per_axis(v, *shape, target, scales, zps).has_value(),
                       "per-axis parameters");
      auto const qs = std::span(q).first(usable);
      auto const bs = std::span(back).first(usable);
      IMSDP_FUZZ_CHECK(aidf::quantize_per_axis(v, *shape, scales, zps, target, qs).has_value(),
                       "quantize per axis");
      IMSDP_FUZZ_CHECK(aidf::dequantize_per_axis(qs, *shape, scales, zps, target, bs).has_value(),
                       "dequantize per axis");
      for (std::size_t i = 0; i < usable; ++i) {
        std::size_t const channel = (i / shape->inner) % shape->channels;
        IMSDP_FUZZ_CHECK(within_half_step(v[i], bs[i], scales[channel]),
                         "per-axis error <= scale/2");
      }
    }
  }

  // fp16 both ways.
  std::vector<std::uint16_t> halves(values.size());
  std::vector<float> singles(values.size());
  IMSDP_FUZZ_CHECK(aidf::fp32_to_fp16(values, halves).has_value(), "fp32 -> fp16");
  IMSDP_FUZZ_CHECK(aidf::fp16_to_fp32(halves, singles).has_value(), "fp16 -> fp32");
  for (std::size_t i = 0; i < values.size(); ++i) {
    float const x = values[i];
    if (std::isnan(x)) {
      IMSDP_FUZZ_CHECK(std::isnan(singles[i]), "NaN stays NaN");
    } else if (std::fabs(x) < 65504.0f) {
      IMSDP_FUZZ_CHECK(std::fabs(singles[i] - x) <= std::fabs(x) * 0x1p-11f + 0x1p-25f,
                       "fp16 round trip within half an ulp");
    }
  }
  std::vector<std::uint16_t> raw(values.size() * 2);
  if (!raw.empty()) std::memcpy(raw.data(), data + 2, raw.size() * 2);
  std::vector<float> wide(raw.size());
  std::vector<std::uint16_t> narrow(raw.size());
  IMSDP_FUZZ_CHECK(aidf::fp16_to_fp32(raw, wide).has_value(), "fp16 -> fp32");
  IMSDP_FUZZ_CHECK(aidf::fp32_to_fp16(wide, narrow).has_value(), "fp32 -> fp16");
  for (std::size_t i = 0; i < raw.size(); ++i)
    if ((raw[i] & 0x7C00) != 0x7C00 || (raw[i] & 0x3FF) == 0)
      IMSDP_FUZZ_CHECK(narrow[i] == raw[i], "fp16 -> fp32 -> fp16 is exact");

  // float8 (saturating): decoding gives back a value within half a step of the input, or
  // the largest finite value for inputs beyond it.
  std::vector<std::uint8_t> e4m3(values.size()), e5m2(values.size());
  std::vector<float> e4m3_back(values.size()), e5m2_back(values.size());
  IMSDP_FUZZ_CHECK(aidf::fp32_to_fp8(values, aidf::dtype::float8e4m3fn, e4m3).has_value() &&
                       aidf::fp32_to_fp8(values, aidf::dtype::float8e5m2, e5m2).has_value() &&
                       aidf::fp8_to_fp32(e4m3, aidf::dtype::float8e4m3fn, e4m3_back).has_value() &&
                       aidf::fp8_to_fp32(e5m2, aidf::dtype::float8e5m2, e5m2_back).has_value(),
                   "fp8 both ways");
  for (std::size_t i = 0; i < values.size(); ++i) {
    float const x = values[i];
    for (auto [back, top, relative, tiny] :
         {std::tuple{e4m3_back[i], 448.0f, 0x1p-4f, 0x1p-10f},
          std::tuple{e5m2_back[i], 57344.0f, 0x1p-3f, 0x1p-17f}}) {
      if (std::isnan(x)) {
        IMSDP_FUZZ_CHECK(std::isnan(back), "fp8: NaN stays NaN");
      } else if (std::fabs(x) >= top) {
        IMSDP_FUZZ_CHECK(back == std::copysign(top, x), "fp8 saturates");
      } else {
        IMSDP_FUZZ_CHECK(std::fabs(back - x) <= std::fabs(x) * relative + tiny,
                         "fp8 within half a step");
      }
    }
  }

  // int4 blocks of 1 + data[1] % 16 elements: within half a block's step.
  std::size_t const block = 1 + data[1] % 16;
  std::vector<float> block_scales(aidf::block_count(values.size(), block));
  std::vector<std::byte> nibbles((values.size() + 1) / 2);
  IMSDP_FUZZ_CHECK(
      aidf::choose_block_scales(values, block, aidf::dtype::int4, block_scales).has_value() &&
          aidf::quantize_blocks(values, block, block_scales, aidf::dtype::int4, nibbles)
              .has_value() &&
          aidf::dequantize_blocks(nibbles, block, block_scales, aidf::dtype::int4, back)
              .has_value(),
      "int4 blocks");
  for (std::size_t i = 0; i < values.size(); ++i)
    IMSDP_FUZZ_CHECK(within_half_step(values[i], back[i], block_scales[i / block]),
                     "int4 block error <= scale/2");

  // The same conversions with the portable loops; the results above came from the best.
  auto const best = aidf::kernel_isa_in_use();
  if (aidf::use_kernel_isa(aidf::kernel_isa::portable) != best) {
    auto const portable_params = aidf::choose_affine(values, target);
    IMSDP_FUZZ_CHECK(portable_params.has_value() && *portable_params == *p, "same parameters");
    std::vector<std::byte> portable_q(values.size());
    (void)aidf::quantize(values, *p, target, portable_q);
    std::vector<std::uint16_t> portable_halves(values.size());
    (void)aidf::fp32_to_fp16(values, portable_halves);
    std::vector<float> portable_wide(raw.size());
    (void)aidf::fp16_to_fp32(raw, portable_wide);
    std::vector<std::uint8_t> portable_e4m3(values.size()), portable_e5m2(values.size());
    (void)aidf::fp32_to_fp8(values, aidf::dtype::float8e4m3fn, portable_e4m3);
    (void)aidf::fp32_to_fp8(values, aidf::dtype::float8e5m2, portable_e5m2);
    aidf::use_kernel_isa(best);
    std::vector<std::byte> best_q(values.size());
    (void)aidf::quantize(values, *p, target, best_q);
    IMSDP_FUZZ_CHECK(best_q == portable_q, "same quantized bytes");
    IMSDP_FUZZ_CHECK(portable_halves == halves, "same fp16 bits");
    IMSDP_FUZZ_CHECK(portable_e4m3 == e4m3 && portable_e5m2 == e5m2, "same fp8 bits");
    IMSDP_FUZZ_CHECK(
        wide.empty() || std::memcmp(portable_wide.data(), wide.data(), wide.size() * 4) == 0,
        "same fp32 bits");
  }
  return 0;
}
