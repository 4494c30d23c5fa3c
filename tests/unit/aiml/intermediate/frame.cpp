// AIDF frame encoder and decoder: the worked example of research 7.7 byte for byte, round
// trips, CRC-32C, and the views a validated frame exposes.
#include <doctest/doctest.h>

#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <string>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;
using imsdp::test::from_hex;

TEST_SUITE("aiml/intermediate/frame") {
  TEST_CASE("the worked example of research 7.7 is reproduced byte for byte") {
    auto const payload = imsdp::test::pattern(200704);
    auto const example = imsdp::test::worked_example_input(payload);
    auto const size = aidf::encoded_size(example.input());
    REQUIRE(size);
    CHECK(*size == 200896);
    std::vector<std::byte> out(*size);
    auto const written = aidf::encode_frame(example.input(), out);
    REQUIRE(written);
    CHECK(*written == 200896);
    auto const expected = from_hex(
        "89 41 49 44 01 00 40 00 C0 10 03 00 02 00 00 00"
        "07 00 00 00 01 00 02 00 01 00 08 00 00 00 00 00"
        "78 56 34 12 00 00 00 00 00 00 00 80 B2 A3 F4 E8"
        "C0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        // TLV MEDIA_MID "v0" at 64
        "01 00 02 00 76 30 00 00"
        // descriptor at 0x48
        "00 00 03 04 00 01 00 00 FF FF 00 00 00 00 00 00"
        "01 00 00 00 00 04 00 00 0E 00 00 00 0E 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "12 83 C0 3C 80 FF FF FF C0 00 00 00 00 10 03 00"
        "00 10 03 00 00 00 00 00 00 00 00 00 00 00 00 00"
        // zero padding 152..192
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
        "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    REQUIRE(expected.size() == 192);
    CHECK(std::equal(expected.begin(), expected.end(), out.begin()));
    CHECK(std::equal(payload.begin(), payload.end(), out.begin() + 192));

    auto const frame = aidf::decode_frame(out);
    REQUIRE(frame);
    CHECK(frame->header().frame_seq == 7);
    CHECK(frame->header().config_id == 1);
    CHECK(frame->header().partition_id == 2);
    CHECK(frame->header().rtp_ts == 0x12345678u);
    CHECK(frame->header().capture_ntp == 0xE8F4A3B280000000ull);
    CHECK(frame->media_mid() == "v0");
    REQUIRE(frame->tensor_count() == 1);
    auto const t = frame->tensor(0);
    CHECK(t.descriptor.type == aidf::dtype::int8);
    CHECK(t.descriptor.rank == 4);
    CHECK(t.shape()[1] == 1024);
    CHECK(t.element_count() == 200704);
    CHECK(t.descriptor.scale == 0.0235f);
    CHECK(t.descriptor.zero_point == -128);
    CHECK(t.stored.data() == out.data() + 192);  // zero-copy
    CHECK(t.stored.size() == 200704);
    auto const dl = aidf::dlpack_type(t.descriptor.type);
    REQUIRE(dl);
    CHECK(dl->code == 0);
    CHECK(dl->bits == 8);
  }

  TEST_CASE("CRC-32C known answers, continuation, and the frame check") {
    std::string_view const check = "123456789";
    auto const bytes = std::as_bytes(std::span(check.data(), check.size()));
    CHECK(aidf::crc32c(bytes) == 0xE3069283u);
    CHECK(aidf::crc32c_portable(bytes) == 0xE3069283u);
    CHECK(aidf::crc32c(bytes.subspan(4), aidf::crc32c(bytes.first(4))) == 0xE3069283u);
    std::vector<std::byte> zeros(32);
    CHECK(aidf::crc32c(zeros) == 0x8A9136AAu);  // RFC 3720 B.4
    std::vector<std::byte> ascending(32);
    for (std::size_t i = 0; i < 32; ++i)
      ascending[i] = std::byte(i);
    CHECK(aidf::crc32c(ascending) == 0x46DD794Eu);
    // Long inputs take the three-stream path: it must agree with the table code.
    auto const big = imsdp::test::pattern(3 * 8192 * 2 + 77);
    for (std::size_t n :
         {std::size_t{0}, std::size_t{7}, std::size_t{24576}, std::size_t{24583}, big.size()}) {
      auto const part = std::span(big).first(n);
      CHECK(aidf::crc32c(part) == aidf::crc32c_portable(part));
    }

    auto const payload = imsdp::test::pattern(1000);
    auto example = imsdp::test::worked_example_input(payload, aidf::dtype::uint8, {1000});
    example.header.flags |= aidf::flags::crc32c;
    std::vector<std::byte> out(*aidf::encoded_size(example.input()));
    REQUIRE(aidf::encode_frame(example.input(), out));
    auto const ok = aidf::decode_frame(out);
    REQUIRE(ok);
    CHECK(ok->header().crc32c == aidf::frame_crc32c(out));
    out.back() ^= std::byte{1};
    auto const bad = aidf::decode_frame(out);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == imsdp::errc::crc_mismatch);
    CHECK(bad.error().where.offset == 56);
    aidf::decode_options skip;
    skip.verify_crc = false;
    CHECK(aidf::decode_frame(out, skip));
  }

  TEST_CASE("encode then decode gives back every field, and re-encoding is identical") {
    auto const data = imsdp::test::pattern(64 * 3 * 4);
    std::vector<float> scales{0.5f, 0.25f, 0.125f};
    std::vector<std::int32_t> zero_points{1, -2, 3};
    aidf::tensor_input tensors[3];
    auto& d = tensors[0].descriptor;
    d.tensor_id = 4;
    d.type = aidf::dtype::int8;
    d.rank = 2;
    d.dims = {3, 256};
    d.quant = aidf::quantization::per_axis;
    d.quant_axis = 0;
    tensors[0].data = std::span(data).first(768);
    auto& s = tensors[1].descriptor;
    s.tensor_id = 5;
    s.type = aidf::dtype::float32;
    s.rank = 1;
    s.dims = {3};
    s.role = aidf::tensor_role::scale_of;
    s.ref_index = 0;
    tensors[1].data = std::as_bytes(std::span(scales));
    auto& z = tensors[2].descriptor;
    z = s;
    z.tensor_id = 6;
    z.type = aidf::dtype::int32;
    z.role = aidf::tensor_role::zero_point_of;
    tensors[2].data = std::as_bytes(std::span(zero_points));
    std::byte const tail[8]{std::byte{9}};
    std::string_view const mid = "a0";
    aidf::tlv_input tlvs[2] = {
        {aidf::tlv_type::media_mid, std::as_bytes(std::span(mid.data(), mid.size()))},
        {0x4321, std::as_bytes(std::span(scales))}};
    aidf::frame_input in;
    in.header.flags = aidf::flags::crc32c | aidf::flags::last_of_task | (1u << 20);
    in.header.version_minor = 3;
    in.header.frame_seq = 0xFFFFFFFF;
    in.header.stream_ref = 2;
    in.header.rtp_duration = 960;
    in.tensors = tensors;
    in.tlvs = tlvs;
    in.header_tail = tail;
    std::vector<std::byte> out(*aidf::encoded_size(in));
    REQUIRE(aidf::encode_frame(in, out));
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    CHECK(f->header().header_size == 72);
    CHECK(f->header().version_minor == 3);
    CHECK(f->header_tail().size() == 8);
    CHECK(f->media_mid() == "a0");
    REQUIRE(f->tensor_count() == 3);
    CHECK(f->tensor(1).descriptor.role == aidf::tensor_role::scale_of);
    CHECK(f->tensor(2).descriptor.ref_index == 0);
    CHECK(f->tensor(0).descriptor.offset % 64 == 0);
    std::size_t tlv_count = 0;
    for (auto const t : f->tlvs()) {
      CHECK(t.offset % 8 == 0);
      ++tlv_count;
    }
    CHECK(tlv_count == 2);

    auto const again = imsdp::test::reencode(*f);
    CHECK(again == out);
  }

  TEST_CASE("a decoding step of 65 tensors decodes with default limits") {
    // The hidden state and 64 per-layer KV tensors of a 32-layer decoder (issue 25).
    auto const data = imsdp::test::pattern(65 * 256);
    std::vector<aidf::tensor_input> tensors(65);
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      auto& d = tensors[i].descriptor;
      d.tensor_id = static_cast<std::uint16_t>(i);
      d.type = aidf::dtype::float16;
      d.rank = 2;
      d.dims = {8, 16};
      tensors[i].data = std::span(data).subspan(i * 256, 256);
    }
    aidf::frame_input in;
    in.tensors = tensors;
    auto const out = imsdp::test::encode(in);
    REQUIRE_FALSE(out.empty());
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    REQUIRE(f->tensor_count() == 65);
    CHECK(f->tensor(64).descriptor.tensor_id == 64);
  }

  TEST_CASE("the encoder refuses what the decoder would reject, and a short buffer") {
    auto const payload = imsdp::test::pattern(12);
    auto example = imsdp::test::worked_example_input(payload, aidf::dtype::float32, {4});
    std::vector<std::byte> out(*aidf::encoded_size(example.input()));
    auto const wrong = aidf::encode_frame(example.input(), out);
    REQUIRE_FALSE(wrong);  // 12 bytes for 4 float32 elements
    CHECK(wrong.error().code == imsdp::errc::length_mismatch);
    example = imsdp::test::worked_example_input(payload, aidf::dtype::float32, {3});
    std::vector<std::byte> small(*aidf::encoded_size(example.input()) - 1);
    auto const too_small = aidf::encode_frame(example.input(), small);
    REQUIRE_FALSE(too_small);
    CHECK(too_small.error().code == imsdp::errc::buffer_too_small);
  }
}
