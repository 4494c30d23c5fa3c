// The element types the model descriptor and the frames share (research/model-and-tensor.md
// sections 3.3, 3.6, 7.3 and 8.2).
#include <doctest/doctest.h>

#include <imsdp/aiml/dtype.hpp>
#include <string>

using imsdp::aiml::dtype;

TEST_SUITE("aiml/dtype") {
  TEST_CASE("names and ONNX codes convert both ways") {
    for (std::int64_t code = 0; code <= 26; ++code) {
      auto const t = imsdp::aiml::dtype_from_onnx(code);
      REQUIRE(t);
      CHECK(static_cast<std::int64_t>(*t) == code);
      CHECK(imsdp::aiml::dtype_from_string(to_string(*t)) == t);
    }
    CHECK_FALSE(imsdp::aiml::dtype_from_onnx(-1));
    CHECK_FALSE(imsdp::aiml::dtype_from_onnx(27));
    CHECK(to_string(static_cast<dtype>(27)) == "unknown");
    CHECK_FALSE(imsdp::aiml::dtype_from_string("unknown"));
    CHECK_FALSE(imsdp::aiml::dtype_from_string("FLOAT"));
    CHECK(to_string(dtype::boolean) == "bool");
    CHECK(imsdp::aiml::dtype_from_string("float8e8m0") == dtype::float8e8m0);
    CHECK(static_cast<int>(dtype::float8e8m0) == 24);
  }

  TEST_CASE("bits per element") {
    CHECK(imsdp::aiml::bits_of(dtype::float32) == 32);
    CHECK(imsdp::aiml::bits_of(dtype::bfloat16) == 16);
    CHECK(imsdp::aiml::bits_of(dtype::boolean) == 8);
    CHECK(imsdp::aiml::bits_of(dtype::float4e2m1) == 4);
    CHECK(imsdp::aiml::bits_of(dtype::int2) == 2);
    CHECK(imsdp::aiml::bits_of(dtype::complex128) == 128);
    CHECK(imsdp::aiml::bits_of(dtype::string) == 0);
    CHECK(imsdp::aiml::bits_of(dtype::undefined) == 0);
    CHECK(imsdp::aiml::bits_of(static_cast<dtype>(200)) == 0);
  }

  TEST_CASE("frames carry 23 types; the descriptor those and ONNX string tensors") {
    int frames = 0;
    int descriptor = 0;
    for (int code = 0; code < 256; ++code) {
      auto const t = static_cast<dtype>(code);
      CHECK(imsdp::aiml::valid_in_descriptor(t) ==
            (imsdp::aiml::valid_in_frames(t) || t == dtype::string));
      frames += imsdp::aiml::valid_in_frames(t) ? 1 : 0;
      descriptor += imsdp::aiml::valid_in_descriptor(t) ? 1 : 0;
    }
    CHECK(frames == 23);
    CHECK(descriptor == 24);
    for (auto t : {dtype::undefined, dtype::string, dtype::complex64, dtype::complex128})
      CHECK_FALSE(imsdp::aiml::valid_in_frames(t));
    for (auto t : {dtype::undefined, dtype::complex64, dtype::complex128})
      CHECK_FALSE(imsdp::aiml::valid_in_descriptor(t));
  }
}
