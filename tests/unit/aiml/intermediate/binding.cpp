// Media binding (RTP/NTP through a sender report, 32-bit wrap) and the check of a frame
// against the negotiated split configuration and the model descriptor's partition tensors.
#include <doctest/doctest.h>

#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/media.hpp>
#include <imsdp/aiml/intermediate/split_binding.hpp>
#include <imsdp/sdp/parse.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;
namespace model = imsdp::aiml::model;

namespace {

// examples/model/asr-encoder.json with its partition renumbered to the 12 of the example
// offer's part=p12, a float32 cut tensor and a symbolic time dimension.
model::descriptor example_descriptor(std::string_view dtype = "float32") {
  auto text = imsdp::test::read_file(imsdp::test::source_dir() / "examples/model/asr-encoder.json");
  auto const replace = [&](std::string_view from, std::string const& to) {
    auto const at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  replace(R"("partitionId": 2)", R"("partitionId": 12)");
  replace(R"("dtype": "float16", "shape": [1, 1500, 512])",
          R"("dtype": ")" + std::string(dtype) +
              R"(", "shape": [1, {"dim": "T", "min": 1, "max": 1500}, 512])");
  auto d = model::read_descriptor(text);
  REQUIRE(d);
  return *d;
}

// Configuration 1 of examples/ims-datachannel-offer.sdp: split, part=p12, cmp=fp16,int8.
imsdp::aiml::split::configuration example_split() {
  auto const doc = imsdp::sdp::parse(
      imsdp::test::read_file(imsdp::test::source_dir() / "examples/ims-datachannel-offer.sdp"));
  REQUIRE(doc);
  auto const sets = imsdp::aiml::split::configuration_sets(*doc);
  REQUIRE(sets.size() == 1);
  REQUIRE(sets[0].configurations[0].cfg_id == 1);
  return sets[0].configurations[0];
}

}  // namespace

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

  TEST_CASE("part= names the descriptor's partition") {
    CHECK(aidf::partition_id_of("p12") == 12);
    CHECK(aidf::partition_id_of("12") == 12);
    CHECK(aidf::partition_id_of("p0") == 0);
    CHECK(aidf::partition_id_of("p65535") == 65535);
    for (auto const* token : {"", "p", "p012", "p65536", "12a", "q12", "p-1", "p+1"}) {
      CAPTURE(token);
      CHECK_FALSE(aidf::partition_id_of(token));
    }
  }

  TEST_CASE("descriptor, split configuration and frames meet (research 8.3)") {
    auto const config = aidf::configuration_of(example_split(), example_descriptor());
    REQUIRE(config);
    CHECK(config->config_id == 1);
    CHECK(config->partition_id == 12);
    CHECK(config->profiles == (aidf::bit(aidf::compression_profile::fp16) |
                               aidf::bit(aidf::compression_profile::int8)));
    REQUIRE(config->tensors.size() == 1);
    CHECK(config->tensors[0].tensor_id == 0);
    CHECK(config->tensors[0].type == aidf::dtype::float32);
    REQUIRE(config->tensors[0].shape.size() == 3);
    CHECK(config->tensors[0].shape[1].min == 1);
    CHECK(config->tensors[0].shape[1].max == 1500);
    CHECK(config->tensors[0].shape[2].min == 512);
    CHECK(config->tensors[0].shape[2].max == 512);

    // fp16 frames of the float32 cut tensor, 10 and 1501 time steps.
    auto const frame_check = [&](std::initializer_list<std::uint32_t> dims,
                                 aidf::negotiated_configuration const& against) {
      std::size_t elements = 1;
      for (auto v : dims)
        elements *= v;
      auto const payload = imsdp::test::pattern(elements * 2);
      auto e = imsdp::test::worked_example_input(payload, aidf::dtype::float16, dims);
      e.header.partition_id = 12;
      auto const bytes = imsdp::test::encode(e.input());
      auto const frame = aidf::decode_frame(bytes);
      REQUIRE(frame);
      return aidf::check_frame(*frame, against);
    };
    CHECK(frame_check({1, 10, 512}, *config));
    auto const too_long = frame_check({1, 1501, 512}, *config);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code == imsdp::errc::tensor_mismatch);
    CHECK(too_long.error().where.offset == 72 + 16 + 4);  // dims[1] of the first descriptor
    auto const wrong_width = frame_check({1, 10, 256}, *config);
    REQUIRE_FALSE(wrong_width);
    CHECK(wrong_width.error().code == imsdp::errc::tensor_mismatch);
    CHECK(wrong_width.error().where.offset == 72 + 16 + 8);

    // The descriptor's int32 tensor cannot arrive as fp16.
    auto const int32_config = aidf::configuration_of(example_split(), example_descriptor("int32"));
    REQUIRE(int32_config);
    auto const wrong_type = frame_check({1, 10, 512}, *int32_config);
    REQUIRE_FALSE(wrong_type);
    CHECK(wrong_type.error().code == imsdp::errc::tensor_mismatch);
    CHECK(wrong_type.error().where.offset == 72 + 2);
    CHECK(wrong_type.error().rule == "dtype");
  }

  TEST_CASE("what a frame cannot express fails with the descriptor's JSON pointer") {
    auto c = example_split();
    auto d = example_descriptor();
    auto const fails = [&](imsdp::errc code, std::string_view path) {
      auto const r = aidf::configuration_of(c, d);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == code);
      CHECK(r.error().path == path);
    };
    c.part = "p13";
    fails(imsdp::errc::model_dangling_reference, "/partitions");
    c.part = "encoder_out";
    fails(imsdp::errc::invalid_argument, "");
    CHECK(aidf::configuration_of(c, d).error().rule == "part");
    c.part.clear();
    fails(imsdp::errc::invalid_argument, "");
    c.part = "p12";
    c.placement = imsdp::aiml::split::placement::nw;  // the split checks come first
    fails(imsdp::errc::unsupported, "");
    c.placement = imsdp::aiml::split::placement::split;

    auto& t = d.partitions[0].intermediate[0];
    t.tensor_id.reset();
    fails(imsdp::errc::json_missing_member, "/partitions/0/intermediate/0/tensorId");
    t.tensor_id = 70000;
    fails(imsdp::errc::json_value_out_of_range, "/partitions/0/intermediate/0/tensorId");
    t.tensor_id = 0;
    t.dtype = aidf::dtype::complex64;
    fails(imsdp::errc::json_value_out_of_range, "/partitions/0/intermediate/0/dtype");
    t.dtype = aidf::dtype::float32;
    t.shape[2] = std::uint64_t{1} << 32;
    fails(imsdp::errc::json_value_out_of_range, "/partitions/0/intermediate/0/shape/2");
    t.shape[2] = std::uint64_t{512};
    std::get<model::symbolic_dim>(t.shape[1]).max = std::uint64_t{1} << 33;
    fails(imsdp::errc::json_value_out_of_range, "/partitions/0/intermediate/0/shape/1/max");
    std::get<model::symbolic_dim>(t.shape[1]) = {"T", 20, 10};
    fails(imsdp::errc::model_dimension_bounds, "/partitions/0/intermediate/0/shape/1/min");
    t.shape.assign(9, std::uint64_t{1});
    fails(imsdp::errc::json_value_out_of_range, "/partitions/0/intermediate/0/shape");
  }
}
