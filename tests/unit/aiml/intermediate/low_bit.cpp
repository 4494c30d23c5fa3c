// Low-bit AIDF types: OCP float8 (E4M3FN, E5M2) against a brute-force nearest-value oracle,
// and symmetric int4 / int8 block quantization (packing, error bound, saturation, a block
// frame dequantized through its scale companion).
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <limits>
#include <random>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;

namespace {

std::vector<float> decoded(aidf::dtype t) {
  std::vector<std::uint8_t> codes(256);
  for (unsigned c = 0; c < 256; ++c)
    codes[c] = static_cast<std::uint8_t>(c);
  std::vector<float> v(256);
  REQUIRE(aidf::fp8_to_fp32(codes, t, v));
  return v;
}

// The spec's rule spelled out: the nearest finite code (ties to the even code, whose last
// mantissa bit is the code's last bit), the sign kept, NaN to S.1111111; from the top value
// up, the top (saturation).
std::uint8_t nearest(float x, std::vector<float> const& values, std::uint8_t top) {
  std::uint8_t const sign = std::signbit(x) ? 0x80 : 0;
  if (std::isnan(x)) return static_cast<std::uint8_t>(sign | 0x7F);
  double const a = std::fabs(static_cast<double>(x));
  if (a >= values[top]) return static_cast<std::uint8_t>(sign | top);  // distances would round
  std::uint8_t best = 0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (unsigned c = 0; c <= top; ++c) {
    double const d = std::fabs(static_cast<double>(values[c]) - a);
    if (d < best_distance || (d == best_distance && c % 2 == 0)) {
      best = static_cast<std::uint8_t>(c);
      best_distance = d;
    }
  }
  return static_cast<std::uint8_t>(sign | best);
}

std::uint8_t encode(float x, aidf::dtype t) {
  std::uint8_t c = 0;
  REQUIRE(aidf::fp32_to_fp8(std::span(&x, 1), t, std::span(&c, 1)));
  return c;
}

}  // namespace

TEST_SUITE("aiml/intermediate/low_bit") {
  TEST_CASE("float8 codes decode to their values") {
    auto const e4 = decoded(aidf::dtype::float8e4m3fn);
    CHECK(e4[0x7E] == 448.0f);
    CHECK(e4[0xFE] == -448.0f);
    CHECK(e4[0x01] == 0x1p-9f);
    CHECK(e4[0x07] == 0x1.cp-7f);
    CHECK(e4[0x08] == 0x1p-6f);
    CHECK(e4[0x38] == 1.0f);
    CHECK(std::isnan(e4[0x7F]));
    CHECK(std::isnan(e4[0xFF]));
    CHECK(std::signbit(e4[0x80]));
    auto const e5 = decoded(aidf::dtype::float8e5m2);
    CHECK(e5[0x7B] == 57344.0f);
    CHECK(e5[0x7C] == std::numeric_limits<float>::infinity());
    CHECK(e5[0xFC] == -std::numeric_limits<float>::infinity());
    CHECK(e5[0x01] == 0x1p-16f);
    CHECK(e5[0x3C] == 1.0f);
    for (unsigned c : {0x7Du, 0x7Eu, 0x7Fu, 0xFDu})
      CHECK(std::isnan(e5[c]));
    std::vector<std::uint8_t> const one{0};
    std::vector<float> out(1);
    CHECK(aidf::fp8_to_fp32(one, aidf::dtype::float16, out).error().code ==
          imsdp::errc::unsupported);
    CHECK(aidf::fp8_to_fp32(one, aidf::dtype::float8e4m3fn, {}).error().code ==
          imsdp::errc::invalid_argument);
  }

  TEST_CASE("float8 encoding is the nearest code, ties to even, saturating (ONNX Cast)") {
    for (auto const& type_and_top : {std::pair{aidf::dtype::float8e4m3fn, std::uint8_t{0x7E}},
                                     std::pair{aidf::dtype::float8e5m2, std::uint8_t{0x7B}}}) {
      auto const t = type_and_top.first;  // clang 14 cannot capture structured bindings
      auto const top = type_and_top.second;
      CAPTURE(static_cast<int>(t));
      auto const values = decoded(t);
      // Every finite code round-trips, and every midpoint between neighbours (a tie) and
      // the floats just either side of it go where the oracle says.
      std::vector<float> probes;
      for (unsigned c = 0; c <= top; ++c) {
        probes.push_back(values[c]);
        probes.push_back(-values[c]);
        float const next = c < top ? values[c + 1] : values[c] * 1.25f;
        float const mid = (values[c] + next) / 2;
        probes.insert(probes.end(),
                      {mid, std::nextafter(mid, 0.0f), std::nextafter(mid, 1e30f), -mid});
      }
      std::mt19937 rng(3);
      for (int i = 0; i < 20000; ++i)
        probes.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(rng())));
      float const inf = std::numeric_limits<float>::infinity();
      probes.insert(probes.end(),
                    {inf, -inf, 1e30f, -0.0f, 0x1p-149f, 464.0f, 479.0f, 480.0f, 61439.0f, 61440.0f,
                     65536.0f, std::numeric_limits<float>::quiet_NaN()});
      int wrong = 0;
      for (float x : probes)
        if (encode(x, t) != nearest(x, values, top)) ++wrong;
      CHECK(wrong == 0);
      CHECK(encode(inf, t) == top);
      CHECK(encode(-inf, t) == (top | 0x80));
    }
    CHECK(encode(464.0f, aidf::dtype::float8e4m3fn) == 0x7E);  // a tie, to the even 448
    CHECK(encode(-0.0f, aidf::dtype::float8e5m2) == 0x80);
    std::vector<float> const x{1.0f};
    std::vector<std::uint8_t> c(1);
    CHECK(aidf::fp32_to_fp8(x, aidf::dtype::int8, c).error().code == imsdp::errc::unsupported);
  }

  TEST_CASE("int4 blocks: packing, both ends of the range, error within scale/2") {
    // Packing: the first element in the low nibble; an odd count leaves the high nibble 0.
    std::vector<float> const small{1.0f, 2.0f, -1.0f, -8.0f, 7.0f};
    std::vector<float> const unit{1.0f};
    std::vector<std::byte> packed(3);
    REQUIRE(aidf::quantize_blocks(small, 8, unit, aidf::dtype::int4, packed));
    CHECK(packed == std::vector<std::byte>{std::byte{0x21}, std::byte{0x8F}, std::byte{0x07}});
    std::vector<float> back(5);
    REQUIRE(aidf::dequantize_blocks(packed, 8, unit, aidf::dtype::int4, back));
    CHECK(back == small);
    // Saturation: beyond the range, +-Inf and NaN (to the top, as int8).
    float const inf = std::numeric_limits<float>::infinity();
    std::vector<float> const wild{100.0f, -100.0f, inf, -inf,
                                  std::numeric_limits<float>::quiet_NaN()};
    REQUIRE(aidf::quantize_blocks(wild, 8, unit, aidf::dtype::int4, packed));
    REQUIRE(aidf::dequantize_blocks(packed, 8, unit, aidf::dtype::int4, back));
    CHECK(back == std::vector<float>{7.0f, -8.0f, 7.0f, -8.0f, 7.0f});

    std::mt19937 rng(8);
    std::normal_distribution<float> d(0.0f, 2.0f);
    for (auto t : {aidf::dtype::int4, aidf::dtype::int8}) {
      for (std::size_t block :
           {std::size_t{1}, std::size_t{7}, std::size_t{32}, std::size_t{128}}) {
        for (std::size_t n :
             {std::size_t{1}, std::size_t{31}, std::size_t{1000}, std::size_t{1601}}) {
          CAPTURE(block);
          CAPTURE(n);
          std::vector<float> v(n);
          for (auto& x : v)
            x = d(rng);
          if (n > 40) std::fill(v.begin() + 7, v.begin() + 7 + 2 * static_cast<long>(block), 0.0f);
          std::vector<float> scales(aidf::block_count(n, block));
          REQUIRE(aidf::choose_block_scales(v, block, t, scales));
          std::vector<std::byte> q(t == aidf::dtype::int4 ? (n + 1) / 2 : n);
          REQUIRE(aidf::quantize_blocks(v, block, scales, t, q));
          std::vector<float> got(n);
          REQUIRE(aidf::dequantize_blocks(q, block, scales, t, got));
          for (std::size_t i = 0; i < n; ++i)
            CHECK(std::fabs(got[i] - v[i]) <= scales[i / block] * 0.5f * (1 + 1e-5f));
          if (t == aidf::dtype::int4 && n % 2 == 1)
            CHECK((static_cast<unsigned>(q.back()) & 0xF0u) == 0);
        }
      }
    }
    // The scale uses both ends: a block whose largest magnitude is negative maps it to -8.
    std::vector<float> const negative{-4.0f, 1.0f, 3.5f};
    std::vector<float> s(1);
    REQUIRE(aidf::choose_block_scales(negative, 4, aidf::dtype::int4, s));
    CHECK(s[0] == 0.5f);
    REQUIRE(aidf::choose_block_scales(std::vector<float>(3, 0.0f), 4, aidf::dtype::int4, s));
    CHECK(s[0] == 1.0f);
  }

  TEST_CASE("block arguments are checked") {
    std::vector<float> const v(10, 1.0f);
    std::vector<float> scales(2, 1.0f);
    std::vector<std::byte> q(5);
    CHECK(aidf::quantize_blocks(v, 0, scales, aidf::dtype::int4, q).error().code ==
          imsdp::errc::invalid_argument);
    CHECK(aidf::quantize_blocks(v, 4, scales, aidf::dtype::int4, q).error().code ==
          imsdp::errc::invalid_argument);  // 3 blocks, 2 scales
    CHECK(aidf::quantize_blocks(v, 5, scales, aidf::dtype::int8, q).error().code ==
          imsdp::errc::invalid_argument);  // int8 needs 10 bytes
    CHECK(aidf::quantize_blocks(v, 5, scales, aidf::dtype::uint4, q).error().code ==
          imsdp::errc::unsupported);
    std::vector<float> const bad_scale{1.0f, 0.0f};
    CHECK(aidf::quantize_blocks(v, 5, bad_scale, aidf::dtype::int4, q).error().code ==
          imsdp::errc::invalid_argument);
    std::vector<float> back(10);
    CHECK(aidf::dequantize_blocks(std::span(q).first(4), 5, scales, aidf::dtype::int4, back)
              .error()
              .code == imsdp::errc::invalid_argument);
  }

  TEST_CASE("an int4 block frame dequantizes through its scale companion") {
    std::mt19937 rng(4);
    std::uniform_real_distribution<float> d(-3.0f, 3.0f);
    std::vector<float> v(96);
    for (auto& x : v)
      x = d(rng);
    std::vector<float> scales(3);
    REQUIRE(aidf::choose_block_scales(v, 32, aidf::dtype::int4, scales));
    std::vector<std::byte> q(48);
    REQUIRE(aidf::quantize_blocks(v, 32, scales, aidf::dtype::int4, q));
    aidf::tensor_input t[2];
    t[0].descriptor.type = aidf::dtype::int4;
    t[0].descriptor.rank = 2;
    t[0].descriptor.dims = {3, 32};
    t[0].descriptor.quant = aidf::quantization::block;
    t[0].descriptor.quant_axis = 1;
    t[0].descriptor.block_size = 32;
    t[0].data = q;
    t[1].descriptor.tensor_id = 1;
    t[1].descriptor.type = aidf::dtype::float32;
    t[1].descriptor.rank = 1;
    t[1].descriptor.dims = {3};
    t[1].descriptor.role = aidf::tensor_role::scale_of;
    t[1].descriptor.ref_index = 0;
    t[1].data = std::as_bytes(std::span(scales));
    aidf::frame_input in;
    in.tensors = t;
    auto const out = imsdp::test::encode(in);
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    std::vector<float> back(96);
    REQUIRE(aidf::dequantize(*f, 0, f->tensor(0).stored, back));
    for (std::size_t i = 0; i < 96; ++i)
      CHECK(std::fabs(back[i] - v[i]) <= scales[i / 32] * 0.5f * (1 + 1e-5f));
  }
}
