// Media binding (RTP/NTP through a sender report, 32-bit wrap) and the check of a frame
// against the negotiated split configuration and partition tensors.
#include <doctest/doctest.h>

#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/media.hpp>
#include <imsdp/aiml/intermediate/split_binding.hpp>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;

TEST_SUITE("aiml/intermediate/binding") {
  TEST_CASE("RTP distances wrap at 2^32") {
    CHECK(aidf::rtp_distance(10, 20) == 10);
    CHECK(aidf::rtp_distance(20, 10) == -10);
    CHECK(aidf::rtp_distance(0xFFFFFFF0u, 0x10) == 0x20);
    CHECK(aidf::rtp_distance(0x10, 0xFFFFFFF0u) == -0x20);
    aidf::frame_header h;
    h.rtp_ts = 0xFFFFFF00u;
    h.rtp_duration = 0x200;
    CHECK(aidf::rtp_end(h) == 0x100);
  }

  TEST_CASE("RTP <-> NTP through a sender report, across the RTP wrap") {
    // 90 kHz video; the report pairs NTP second 1000.5 with RTP 0xFFFF0000.
    aidf::media_clock const clock{{(1000ull << 32) | 0x80000000u, 0xFFFF0000u}, 90000};
    CHECK(clock.ntp_of(0xFFFF0000u) == clock.anchor.ntp);
    // 90000 ticks later (wrapped past 0) is one second later.
    CHECK(clock.ntp_of(0xFFFF0000u + 90000u) == clock.anchor.ntp + (1ull << 32));
    CHECK(clock.ntp_of(0xFFFF0000u - 45000u) == clock.anchor.ntp - (1ull << 31));
    CHECK(clock.rtp_of(clock.anchor.ntp + (1ull << 32)) == 0xFFFF0000u + 90000u);
    CHECK(clock.rtp_of(clock.anchor.ntp - (3ull << 32)) == 0xFFFF0000u - 270000u);
    // Round trips at 48 kHz audio, tick by tick around the anchor.
    aidf::media_clock const audio{{0xE8F4A3B280000000ull, 5}, 48000};
    for (std::uint32_t rtp = 0xFFFFF000u; rtp != 0x1000u; ++rtp)
      CHECK(audio.rtp_of(audio.ntp_of(rtp)) == rtp);
    // A sender whose clock runs 0.1 % fast.
    aidf::sender_report const a{100ull << 32, 4000000000u};
    aidf::sender_report const b{110ull << 32, 4000000000u + 900900u};
    auto const rate = aidf::measured_clock_rate(a, b);
    REQUIRE(rate);
    CHECK(*rate == doctest::Approx(90090.0));
    CHECK_FALSE(aidf::measured_clock_rate(a, a));
  }

  TEST_CASE("capture time and the bound mid") {
    auto const payload = imsdp::test::pattern(12);
    auto e = imsdp::test::worked_example_input(payload, aidf::dtype::float32, {3});
    std::vector<std::byte> out(*aidf::encoded_size(e.input()));
    REQUIRE(aidf::encode_frame(e.input(), out));
    auto f = aidf::decode_frame(out);
    REQUIRE(f);
    std::string_view const table[] = {"a0", "v1"};
    CHECK(aidf::bound_mid(*f, table) == "v0");  // the TLV wins
    CHECK(aidf::capture_time(f->header(), std::nullopt) == 0xE8F4A3B280000000ull);
    e.tlv.type = aidf::tlv_type::ssrc;
    e.tlv.value = std::span(payload).first(4);
    e.header.stream_ref = 1;
    e.header.capture_ntp = 0;
    REQUIRE(aidf::encode_frame(e.input(), out));
    f = aidf::decode_frame(std::span(out).first(*aidf::encoded_size(e.input())));
    REQUIRE(f);
    CHECK(aidf::bound_mid(*f, table) == "v1");
    CHECK(aidf::capture_time(f->header(), std::nullopt) == std::nullopt);
    aidf::media_clock const clock{{1ull << 32, 0x12345678u}, 90000};
    CHECK(aidf::capture_time(f->header(), clock) == 1ull << 32);
  }

  TEST_CASE("a frame checked against the split configuration and the partition") {
    auto const payload = imsdp::test::pattern(200704);
    auto const out = imsdp::test::encode(imsdp::test::worked_example_input(payload).input());
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);

    aidf::negotiated_configuration config;
    config.config_id = 1;
    config.partition_id = 2;
    config.profiles = aidf::bit(aidf::compression_profile::int8);
    CHECK(aidf::check_frame(*f, config));  // ids and profile only
    config.tensors.push_back(
        {0,
         aidf::dtype::float32,
         {aidf::dimension_bound::fixed(1), aidf::dimension_bound::fixed(1024), {7, 28}, {7, 28}}});
    CHECK(aidf::check_frame(*f, config));

    auto fails = [&](imsdp::errc code, std::size_t offset) {
      auto const r = aidf::check_frame(*f, config);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == code);
      CHECK(r.error().where.offset == offset);
    };
    config.profiles = aidf::bit(aidf::compression_profile::fp16);
    fails(imsdp::errc::profile_not_allowed, 72 + 2);
    config.profiles = aidf::all_profiles;
    config.tensors[0].shape[2] = {15, 28};
    fails(imsdp::errc::tensor_mismatch, 72 + 16 + 8);
    config.tensors[0].shape[2] = {7, 28};
    config.tensors[0].type = aidf::dtype::int32;
    fails(imsdp::errc::tensor_mismatch, 72 + 2);
    config.tensors[0].type = aidf::dtype::float32;
    config.tensors[0].shape.pop_back();
    fails(imsdp::errc::tensor_mismatch, 72 + 3);
    config.tensors[0].shape.push_back({1, 100});
    config.tensors.push_back({1, aidf::dtype::float32, {aidf::dimension_bound::fixed(3)}});
    fails(imsdp::errc::tensor_mismatch, 24);  // tensor 1 is missing
    config.tensors.erase(config.tensors.begin());
    fails(imsdp::errc::tensor_mismatch, 72);  // tensor 0 is not in the partition
    config.tensors.clear();
    config.partition_id = 3;
    fails(imsdp::errc::config_mismatch, 22);
    config.partition_id = 2;
    config.config_id = 9;
    fails(imsdp::errc::config_mismatch, 20);
    CHECK(aidf::profile_from_token("int8") == aidf::compression_profile::int8);
    CHECK_FALSE(aidf::profile_from_token("lz4"));
  }

  TEST_CASE("expectations from a negotiated 3gpp-aiml-split configuration") {
    auto const payload = imsdp::test::pattern(200704);
    auto const out = imsdp::test::encode(imsdp::test::worked_example_input(payload).input());
    auto const f = aidf::decode_frame(out);
    REQUIRE(f);
    // a=dcsa:1000 3gpp-aiml-split:1 split task="...";part=p12;idc=1002;fmt=aidf1;cmp=fp16,int8
    imsdp::aiml::split::configuration c;
    c.cfg_id = 1;
    c.placement = imsdp::aiml::split::placement::split;
    c.part = "p12";
    c.fmt = "aidf1";
    c.compression = {"fp16", "int8"};
    auto config = aidf::configuration_of(c, 2);
    REQUIRE(config);
    CHECK(config->profiles == (aidf::bit(aidf::compression_profile::fp16) |
                               aidf::bit(aidf::compression_profile::int8)));
    CHECK(aidf::check_frame(*f, *config));
    c.compression = {"fp16"};
    CHECK(aidf::check_frame(*f, *aidf::configuration_of(c, 2)).error().code ==
          imsdp::errc::profile_not_allowed);
    c.compression.clear();  // no cmp=: raw only
    CHECK(aidf::configuration_of(c, 2)->profiles == aidf::bit(aidf::compression_profile::none));
    c.fmt = "aips";
    CHECK(aidf::configuration_of(c, 2).error().code == imsdp::errc::unsupported);
    c.fmt = "aidf1";
    c.placement = imsdp::aiml::split::placement::ue;
    CHECK(aidf::configuration_of(c, 2).error().code == imsdp::errc::unsupported);
  }
}
