// The element loops per instruction set (kernels.hpp): every set this CPU has gives the same
// bytes as the portable loops, on special values, a sweep of float bit patterns, every half
// value, and runs whose lengths leave a tail for the scalar loop.
#include <doctest/doctest.h>

#include <bit>
#include <cstring>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <limits>
#include <random>
#include <vector>

namespace aidf = imsdp::aiml::intermediate;

namespace {

// What one set of loops makes of the inputs: all outputs, as bytes.
struct outputs {
  std::vector<std::uint16_t> half;
  std::vector<std::uint8_t> e4m3, e5m2;
  std::vector<float> block_scales, blocks_back;
  std::vector<std::byte> blocks;
  std::vector<float> single;
  std::vector<std::byte> s8, u8, s8_axis;
  std::vector<float> s8_back, u8_back, axis_back;
  aidf::affine_params s8_params, u8_params;
  std::vector<float> axis_scales;
  std::vector<std::int32_t> axis_zero_points;
};

outputs run_all(std::vector<float> const& x, std::vector<std::uint16_t> const& halves) {
  outputs o;
  o.half.resize(x.size());
  REQUIRE(aidf::fp32_to_fp16(x, o.half));
  o.e4m3.resize(x.size());
  o.e5m2.resize(x.size());
  REQUIRE(aidf::fp32_to_fp8(x, aidf::dtype::float8e4m3fn, o.e4m3));
  REQUIRE(aidf::fp32_to_fp8(x, aidf::dtype::float8e5m2, o.e5m2));
  // int4 blocks of an even size (the pair loops) and an odd one (the chunk path).
  for (std::size_t block : {std::size_t{32}, std::size_t{7}}) {
    std::vector<float> scales(aidf::block_count(x.size(), block));
    std::vector<std::byte> q((x.size() + 1) / 2);
    std::vector<float> back(x.size());
    REQUIRE(aidf::choose_block_scales(x, block, aidf::dtype::int4, scales));
    REQUIRE(aidf::quantize_blocks(x, block, scales, aidf::dtype::int4, q));
    REQUIRE(aidf::dequantize_blocks(q, block, scales, aidf::dtype::int4, back));
    o.block_scales.insert(o.block_scales.end(), scales.begin(), scales.end());
    o.blocks.insert(o.blocks.end(), q.begin(), q.end());
    o.blocks_back.insert(o.blocks_back.end(), back.begin(), back.end());
  }
  o.single.resize(halves.size());
  REQUIRE(aidf::fp16_to_fp32(halves, o.single));
  o.s8_params = *aidf::choose_affine(x, aidf::dtype::int8);
  o.u8_params = *aidf::choose_affine(x, aidf::dtype::uint8);
  o.s8.resize(x.size());
  o.u8.resize(x.size());
  REQUIRE(aidf::quantize(x, o.s8_params, aidf::dtype::int8, o.s8));
  REQUIRE(aidf::quantize(x, o.u8_params, aidf::dtype::uint8, o.u8));
  o.s8_back.resize(x.size());
  o.u8_back.resize(x.size());
  REQUIRE(aidf::dequantize(o.s8, aidf::dtype::int8, o.s8_params, o.s8_back));
  REQUIRE(aidf::dequantize(o.u8, aidf::dtype::uint8, o.u8_params, o.u8_back));
  // Per axis with the axis innermost (one parameter per element) and in the middle.
  for (std::size_t axis : {std::size_t{1}, std::size_t{2}}) {
    std::uint32_t const dims[] = {static_cast<std::uint32_t>(x.size() / 60), 3, 20};
    auto const shape = *aidf::axis_shape_of(dims, axis);
    std::vector<float> const part(x.begin(), x.begin() + static_cast<long>(shape.size()));
    std::vector<float> scales(shape.channels);
    std::vector<std::int32_t> zero_points(shape.channels);
    REQUIRE(aidf::choose_affine_per_axis(part, shape, aidf::dtype::int8, scales, zero_points));
    std::vector<std::byte> q(part.size());
    std::vector<float> back(part.size());
    REQUIRE(aidf::quantize_per_axis(part, shape, scales, zero_points, aidf::dtype::int8, q));
    REQUIRE(aidf::dequantize_per_axis(q, shape, scales, zero_points, aidf::dtype::int8, back));
    o.s8_axis.insert(o.s8_axis.end(), q.begin(), q.end());
    o.axis_back.insert(o.axis_back.end(), back.begin(), back.end());
    o.axis_scales.insert(o.axis_scales.end(), scales.begin(), scales.end());
    o.axis_zero_points.insert(o.axis_zero_points.end(), zero_points.begin(), zero_points.end());
  }
  return o;
}

// Floats compared as bits (NaN payloads and signed zeros included).
std::vector<std::uint32_t> bits(std::vector<float> const& v) {
  std::vector<std::uint32_t> b(v.size());
  std::memcpy(b.data(), v.data(), v.size() * sizeof(float));
  return b;
}

void check_same(outputs const& got, outputs const& want) {
  CHECK(got.half == want.half);
  CHECK(got.e4m3 == want.e4m3);
  CHECK(got.e5m2 == want.e5m2);
  CHECK(bits(got.block_scales) == bits(want.block_scales));
  CHECK(got.blocks == want.blocks);
  CHECK(bits(got.blocks_back) == bits(want.blocks_back));
  CHECK(bits(got.single) == bits(want.single));
  CHECK(got.s8_params == want.s8_params);
  CHECK(got.u8_params == want.u8_params);
  CHECK(got.s8 == want.s8);
  CHECK(got.u8 == want.u8);
  CHECK(bits(got.s8_back) == bits(want.s8_back));
  CHECK(bits(got.u8_back) == bits(want.u8_back));
  CHECK(got.s8_axis == want.s8_axis);
  CHECK(bits(got.axis_back) == bits(want.axis_back));
  CHECK(bits(got.axis_scales) == bits(want.axis_scales));
  CHECK(got.axis_zero_points == want.axis_zero_points);
}

// Inputs that reach every branch of the loops: specials, the fp16 rounding and overflow
// edges, subnormals of both formats, a sweep of bit patterns, and normal activations.
std::vector<float> inputs(std::size_t sweep) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  std::vector<float> x{0.0f,
                       -0.0f,
                       1.0f,
                       -2.0f,
                       65504.0f,
                       65519.0f,
                       65520.0f,
                       -65520.0f,
                       inf,
                       -inf,
                       0x1p-24f,
                       0x1p-25f,
                       0x1.8p-25f,
                       0x1p-14f,
                       1.0f + 0x1p-11f,
                       0x1p-149f,
                       -0x1p-140f,
                       std::numeric_limits<float>::quiet_NaN(),
                       std::bit_cast<float>(0x7F800001u),  // signaling NaN
                       std::bit_cast<float>(0xFFC12345u)};
  for (std::uint64_t b = 0; b <= 0xFFFFFFFFull; b += 0xFFFFFFFFull / sweep)
    x.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(b)));
  std::mt19937 rng(5);
  std::normal_distribution<float> d(0.0f, 3.0f);
  while (x.size() % 60 != 0 || x.size() < sweep + 1000)
    x.push_back(d(rng));
  return x;
}

}  // namespace

TEST_SUITE("aiml/intermediate/kernels") {
  TEST_CASE("every instruction set gives the portable loops' bytes") {
    auto const start = aidf::kernel_isa_in_use();
    std::vector<std::uint16_t> halves(0x10000);
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h)
      halves[h] = static_cast<std::uint16_t>(h);
    auto const x = inputs(200000);
    // Unaligned runs whose lengths (and per-axis rows of 20 and 3) leave tails to the scalar
    // loop after 8- and 16-wide steps.
    std::vector<std::vector<float>> runs{x};
    for (long n : {60, 120, 180})
      runs.emplace_back(x.begin() + 1, x.begin() + 1 + n);
    REQUIRE(aidf::use_kernel_isa(aidf::kernel_isa::portable) == aidf::kernel_isa::portable);
    std::vector<outputs> want;
    for (auto const& r : runs)
      want.push_back(run_all(r, halves));
    int compared = 0;
    for (auto isa : {aidf::kernel_isa::avx2, aidf::kernel_isa::avx512}) {
      if (aidf::use_kernel_isa(isa) != isa) continue;
      CAPTURE(static_cast<int>(isa));
      ++compared;
      for (std::size_t i = 0; i < runs.size(); ++i)
        check_same(run_all(runs[i], halves), want[i]);
      // Odd lengths straight into the conversions (the per-axis shapes need multiples of 60).
      for (std::size_t n = 1; n <= 40; ++n) {
        std::vector<std::uint16_t> got(n), expect(n);
        std::span<float const> const part(x.data() + 3, n);
        REQUIRE(aidf::fp32_to_fp16(part, got));
        aidf::use_kernel_isa(aidf::kernel_isa::portable);
        REQUIRE(aidf::fp32_to_fp16(part, expect));
        aidf::use_kernel_isa(isa);
        CHECK(got == expect);
      }
    }
    aidf::use_kernel_isa(start);
    CHECK(aidf::kernel_isa_in_use() == start);
    MESSAGE("instruction sets compared with the portable loops: " << compared);
  }

  TEST_CASE("fp16 -> fp32 quiets a signaling NaN and keeps its payload") {
    float f = 0;
    std::uint16_t const h = 0x7C01;
    REQUIRE(aidf::fp16_to_fp32(std::span(&h, 1), std::span(&f, 1)));
    CHECK(std::bit_cast<std::uint32_t>(f) == 0x7FC02000u);
  }
}
