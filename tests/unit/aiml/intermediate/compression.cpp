// AIDF compression profiles: fp16 conversions (exact cases and round trips), int8/uint8
// affine quantization error bounds per tensor and per axis, and zstd round trips with the
// bomb guard.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <imsdp/aiml/intermediate/compression.hpp>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <limits>
#include <random>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;

namespace {

std::uint16_t half(float f) {
  std::uint16_t h = 0;
  REQUIRE(aidf::fp32_to_fp16(std::span(&f, 1), std::span(&h, 1)));
  return h;
}
float single(std::uint16_t h) {
  float f = 0;
  REQUIRE(aidf::fp16_to_fp32(std::span(&h, 1), std::span(&f, 1)));
  return f;
}

std::vector<float> random_values(std::size_t n, float lo, float hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v)
    x = d(rng);
  return v;
}

}  // namespace

TEST_SUITE("aiml/intermediate/compression") {
  TEST_CASE("fp16: exact values, rounding, subnormals, overflow, NaN") {
    CHECK(half(1.0f) == 0x3C00);
    CHECK(half(-2.0f) == 0xC000);
    CHECK(half(65504.0f) == 0x7BFF);
    CHECK(half(65519.0f) == 0x7BFF);
    CHECK(half(65520.0f) == 0x7C00);  // ties to even: to Inf
    CHECK(half(1e10f) == 0x7C00);
    CHECK(half(-std::numeric_limits<float>::infinity()) == 0xFC00);
    CHECK(half(0x1p-24f) == 0x0001);  // smallest subnormal
    CHECK(half(0x1p-25f) == 0x0000);  // tie to even: 0
    CHECK(half(0x1.8p-25f) == 0x0001);
    CHECK(half(0x1p-14f) == 0x0400);  // smallest normal
    CHECK(half(-0.0f) == 0x8000);
    CHECK(half(1.0f + 0x1p-11f) == 0x3C00);    // tie: even mantissa stays
    CHECK(half(1.0f + 0x1.8p-11f) == 0x3C01);  // 0.75 ulp up
    CHECK(half(1.0f + 0x1.8p-10f) == 0x3C02);  // tie: to the even 0x3C02
    auto const nan = half(std::numeric_limits<float>::quiet_NaN());
    CHECK((nan & 0x7C00) == 0x7C00);
    CHECK((nan & 0x03FF) != 0);
    CHECK(single(0x3C00) == 1.0f);
    CHECK(single(0x0001) == 0x1p-24f);
    CHECK(single(0x03FF) == 0x1.ff8p-15f);
    CHECK(single(0xFC00) == -std::numeric_limits<float>::infinity());
    CHECK(std::isnan(single(0x7E00)));
    // Every half value survives half -> single -> half.
    for (std::uint32_t h = 0; h <= 0xFFFF; ++h) {
      auto const f = single(static_cast<std::uint16_t>(h));
      if (std::isnan(f)) continue;
      CHECK(half(f) == h);
    }
    // fp32 -> fp16 -> fp32 within half an fp16 ulp (relative 2^-11) in the normal range.
    auto const v = random_values(10000, -60000.0f, 60000.0f, 3);
    std::vector<std::uint16_t> h(v.size());
    std::vector<float> back(v.size());
    REQUIRE(aidf::fp32_to_fp16(v, h));
    REQUIRE(aidf::fp16_to_fp32(h, back));
    for (std::size_t i = 0; i < v.size(); ++i)
      CHECK(std::fabs(back[i] - v[i]) <= std::fabs(v[i]) * 0x1p-11f + 0x1p-25f);
    CHECK(aidf::fp32_to_fp16(v, std::span(h).first(3)).error().code ==
          imsdp::errc::invalid_argument);
  }

  TEST_CASE("int8 and uint8 per tensor: error within scale/2, zero exact, saturation") {
    for (auto target : {aidf::dtype::int8, aidf::dtype::uint8}) {
      for (auto const& range :
           {std::pair{-3.0f, 5.0f}, std::pair{0.0f, 6.0f}, std::pair{-7.0f, -1.0f}}) {
        CAPTURE(range.first);  // clang 14 cannot capture structured bindings
        auto v = random_values(4099, range.first, range.second, 7);
        v[100] = 0.0f;
        auto const p = aidf::choose_affine(v, target);
        REQUIRE(p);
        std::vector<std::byte> q(v.size());
        std::vector<float> back(v.size());
        REQUIRE(aidf::quantize(v, *p, target, q));
        REQUIRE(aidf::dequantize(q, target, *p, back));
        float worst = 0;
        for (std::size_t i = 0; i < v.size(); ++i)
          worst = std::max(worst, std::fabs(back[i] - v[i]));
        CHECK(worst <= p->scale * 0.5f * (1 + 1e-5f) + 1e-6f);
        CHECK(back[100] == 0.0f);
      }
    }
    // ONNX QuantizeLinear: round half to even, then saturate; NaN to the top, Inf saturates.
    std::vector<float> const x{0.5f,
                               1.5f,
                               2.5f,
                               -0.5f,
                               1000.0f,
                               -1000.0f,
                               std::numeric_limits<float>::quiet_NaN(),
                               -std::numeric_limits<float>::infinity()};
    std::vector<std::byte> q(x.size());
    REQUIRE(aidf::quantize(x, {1.0f, 0}, aidf::dtype::int8, q));
    std::vector<int> got;
    for (auto b : q)
      got.push_back(static_cast<std::int8_t>(b));
    CHECK(got == std::vector<int>{0, 2, 2, 0, 127, -128, 127, -128});
    CHECK(aidf::quantize(x, {0.0f, 0}, aidf::dtype::int8, q).error().code ==
          imsdp::errc::invalid_argument);
    CHECK(aidf::quantize(x, {1.0f, 300}, aidf::dtype::uint8, q).error().code ==
          imsdp::errc::invalid_argument);
    CHECK(aidf::choose_affine(x, aidf::dtype::float16).error().code == imsdp::errc::unsupported);
    // A constant tensor.
    std::vector<float> const zeros(10, 0.0f);
    CHECK(*aidf::choose_affine(zeros, aidf::dtype::int8) == aidf::affine_params{1.0f, 0});
  }

  TEST_CASE("per axis: each channel within its own scale/2, on every axis") {
    std::uint32_t const dims[] = {2, 3, 5, 7};
    for (std::size_t axis = 0; axis < 4; ++axis) {
      CAPTURE(axis);
      auto const shape = aidf::axis_shape_of(dims, axis);
      REQUIRE(shape);
      CHECK(shape->size() == 210);
      auto v = random_values(shape->size(), -1.0f, 1.0f, 11);
      // Channel c spans [-c-1, c+1] so channels need different scales.
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::size_t const c = (i / shape->inner) % shape->channels;
        v[i] *= static_cast<float>(c + 1);
      }
      std::vector<float> scales(shape->channels);
      std::vector<std::int32_t> zps(shape->channels);
      REQUIRE(aidf::choose_affine_per_axis(v, *shape, aidf::dtype::int8, scales, zps));
      std::vector<std::byte> q(v.size());
      std::vector<float> back(v.size());
      REQUIRE(aidf::quantize_per_axis(v, *shape, scales, zps, aidf::dtype::int8, q));
      REQUIRE(aidf::dequantize_per_axis(q, *shape, scales, zps, aidf::dtype::int8, back));
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::size_t const c = (i / shape->inner) % shape->channels;
        CHECK(std::fabs(back[i] - v[i]) <= scales[c] * 0.5f * (1 + 1e-5f) + 1e-6f);
      }
      if (shape->channels > 1) CHECK(scales.front() < scales.back());
    }
    CHECK(aidf::axis_shape_of(dims, 4).error().code == imsdp::errc::invalid_argument);
    std::uint32_t const huge[] = {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF};
    CHECK(aidf::axis_shape_of(huge, 0).error().code == imsdp::errc::invalid_argument);
  }

  TEST_CASE("a per-axis frame dequantizes through its companion tensors") {
    std::uint32_t const dims[] = {4, 16};
    auto const shape = *aidf::axis_shape_of(dims, 0);
    auto const v = random_values(64, -2.0f, 3.0f, 5);
    std::vector<float> scales(4);
    std::vector<std::int32_t> zps(4);
    REQUIRE(aidf::choose_affine_per_axis(v, shape, aidf::dtype::uint8, scales, zps));
    std::vector<std::byte> q(64);
    REQUIRE(aidf::quantize_per_axis(v, shape, scales, zps, aidf::dtype::uint8, q));
    aidf::tensor_input t[3];
    t[0].descriptor.type = aidf::dtype::uint8;
    t[0].descriptor.rank = 2;
    t[0].descriptor.dims = {4, 16};
    t[0].descriptor.quant = aidf::quantization::per_axis;
    t[0].data = q;
    t[1].descriptor.tensor_id = 1;
    t[1].descriptor.type = aidf::dtype::float32;
    t[1].descriptor.rank = 1;
    t[1].descriptor.dims = {4};
    t[1].descriptor.role = aidf::tensor_role::scale_of;
    t[1].descriptor.ref_index = 0;
    t[1].data = std::as_bytes(std::span(scales));
    t[2].descriptor = t[1].descriptor;
    t[2].descriptor.tensor_id = 2;
    t[2].descriptor.type = aidf::dtype::int32;
    t[2].descriptor.role = aidf::tensor_role::zero_point_of;
    t[2].data = std::as_bytes(std::span(zps));
    aidf::frame_input in;
    in.tensors = t;
    auto const out = imsdp::test::encode(in);
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    std::vector<float> back(64);
    REQUIRE(aidf::dequantize(*f, 0, f->tensor(0).stored, back));
    for (std::size_t i = 0; i < 64; ++i)
      CHECK(std::fabs(back[i] - v[i]) <= scales[i / 16] * 0.51f);
    CHECK(aidf::dequantize(*f, 1, f->tensor(1).stored, back).error().code ==
          imsdp::errc::unsupported);
  }

  TEST_CASE("zstd round trips into exactly decoded_len, and refuses bombs") {
    for (std::size_t n : {std::size_t{1}, std::size_t{1000}, std::size_t{200704}}) {
      auto data = imsdp::test::pattern(n);
      for (std::size_t i = 0; i < n; i += 3)
        data[i] = std::byte{0};  // compressible
      std::vector<std::byte> packed(aidf::zstd_bound(n));
      auto const size = aidf::zstd_compress(data, packed, 3);
      REQUIRE(size);
      packed.resize(*size);
      std::vector<std::byte> back(n);
      REQUIRE(aidf::zstd_decompress(packed, back));
      CHECK(back == data);
      // One byte more or less room than the stream holds: refused.
      std::vector<std::byte> bigger(n + 1);
      CHECK(aidf::zstd_decompress(packed, bigger).error().code ==
            imsdp::errc::decompression_failed);
      std::vector<std::byte> smaller(n - 1);
      CHECK(aidf::zstd_decompress(packed, smaller).error().code ==
            imsdp::errc::decompression_failed);
      auto corrupt = packed;
      corrupt[corrupt.size() / 2] ^= std::byte{0x55};
      auto const r = aidf::zstd_decompress(corrupt, back);
      if (r) CHECK(back.size() == n);  // a flip may land in literals; never out of bounds
    }
    // A stream of 1 MiB of zeros is a few bytes; only as much room as declared is ever used.
    std::vector<std::byte> zeros(1u << 20);
    std::vector<std::byte> bomb(aidf::zstd_bound(zeros.size()));
    bomb.resize(*aidf::zstd_compress(zeros, bomb, 19));
    CHECK(bomb.size() < 200);
    std::vector<std::byte> room(4096);
    CHECK(aidf::zstd_decompress(bomb, room).error().code == imsdp::errc::decompression_failed);
    CHECK(aidf::zstd_decompress(std::span<std::byte const>(), room).error().code ==
          imsdp::errc::decompression_failed);
  }

  TEST_CASE("an fp16 + zstd tensor in a frame decodes to the declared size") {
    auto const v = random_values(3000, -1.0f, 1.0f, 9);
    std::vector<std::uint16_t> h(v.size());
    REQUIRE(aidf::fp32_to_fp16(v, h));
    auto const raw = std::as_bytes(std::span(h));
    std::vector<std::byte> packed(aidf::zstd_bound(raw.size()));
    packed.resize(*aidf::zstd_compress(raw, packed));
    aidf::tensor_input t;
    t.descriptor.type = aidf::dtype::float16;
    t.descriptor.rank = 2;
    t.descriptor.dims = {3, 1000};
    t.descriptor.payload_codec = aidf::codec::zstd;
    t.descriptor.decoded_len = raw.size();
    t.data = packed;
    aidf::frame_input in;
    in.tensors = std::span(&t, 1);
    auto const out = imsdp::test::encode(in);
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    std::vector<std::byte> decoded(f->tensor(0).descriptor.decoded_len);
    REQUIRE(aidf::decode_payload(f->tensor(0), decoded));
    CHECK(std::equal(decoded.begin(), decoded.end(), raw.begin(), raw.end()));
    aidf::frame_limits tight;
    tight.max_decoded = 100;
    CHECK(aidf::decode_payload(f->tensor(0), decoded, tight).error().code ==
          imsdp::errc::limit_exceeded);
    CHECK(aidf::decode_frame(out, {tight, true}).error().code == imsdp::errc::limit_exceeded);
  }
}
