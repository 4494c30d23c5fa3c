#include <doctest/doctest.h>

#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/sdp/parse.hpp>

#include "support/files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::split;

namespace {

// The example offer of DESIGN.md section 5 (examples/ims-datachannel-offer.sdp).
std::vector<configuration> example_offer() {
  static std::string const text =
      test::read_file(test::source_dir() / "examples/ims-datachannel-offer.sdp");
  auto const doc = sdp::parse(text);
  REQUIRE(doc);
  auto const sets = configuration_sets(*doc);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].control_stream == 1000);
  CHECK(sets[0].media_index == 1);
  return sets[0].configurations;
}

capabilities asr_only() {
  capabilities c;
  c.tasks = {"urn:3gpp:aiml:task:asr"};
  c.placements = {placement::ue, placement::nw, placement::split};
  c.compression = {"none", "fp16", "int8", "zstd"};
  return c;
}

std::vector<unsigned> ids(std::vector<configuration> const& list) {
  std::vector<unsigned> out;
  for (auto const& c : list)
    out.push_back(c.cfg_id);
  return out;
}

constexpr idata_channel idata[] = {{1002, false}};

}  // namespace

TEST_SUITE("aiml.split") {
  TEST_CASE("the example offer is typed as DESIGN.md section 5 shows") {
    auto const offer = example_offer();
    REQUIRE(offer.size() == 5);
    auto const& first = offer[0];
    CHECK(first.placement == placement::split);
    CHECK(first.task == "urn:3gpp:aiml:task:asr");
    CHECK(first.part == "p12");
    CHECK(first.idc == 1002);
    CHECK(first.fmt == "aidf1");
    CHECK(first.compression == std::vector<std::string>{"fp16", "int8"});
    CHECK(first.ul_kbps == 800u);
    CHECK(first.latency_ms == 300u);
    CHECK(first.q == "1.0");
    CHECK(offer[4].placement == placement::seq);
    CHECK(offer[4].steps == std::vector<std::uint8_t>{1, 4});
    CHECK(first.value() ==
          "1 split task=\"urn:3gpp:aiml:task:asr\";part=p12;idc=1002;fmt=aidf1;cmp=fp16,int8;"
          "ul=800;lat=300;q=1.0");
  }

  TEST_CASE("a ';' inside a quoted value does not separate parameters") {
    // Found by fuzz_attr_aiml: quoted-visible-string allows ';' (RFC 8864 section 5.1).
    auto const a = sdp::parse_attribute("3gpp-aiml-split", "2 ue t=\";\";model=\"urn:a;b\"");
    REQUIRE(a);
    auto const c = configuration::from(*a->get<aiml_split_3gpp>());
    CHECK(c.model == "urn:a;b");
    REQUIRE(c.extensions.size() == 1);
    CHECK(c.extensions[0] == std::pair<std::string, std::string>{"t", "\";\""});
    std::string const rendered = c.value();
    CHECK(rendered == "2 ue model=\"urn:a;b\";t=\";\"");
    auto const again = sdp::parse_attribute("3gpp-aiml-split", rendered);
    REQUIRE(again);
    CHECK(configuration::from(*again->get<aiml_split_3gpp>()) == c);
  }

  TEST_CASE("without the mt task the answer keeps 1, 2 and 3 and drops 4 and 5") {
    auto const offer = example_offer();
    auto const result = answer(offer, asr_only(), idata);
    CHECK(ids(result.accepted) == std::vector<unsigned>{1, 2, 3});
    REQUIRE(result.decisions.size() == 5);
    CHECK_FALSE(result.decisions[3].accepted);
    CHECK(result.decisions[3].reason.find("task") != std::string::npos);
    CHECK_FALSE(result.decisions[4].accepted);
    CHECK(check_answer(offer, result.accepted, idata).empty());
  }

  TEST_CASE("int8-only capabilities narrow cmp of configuration 1") {
    auto const offer = example_offer();
    auto local = asr_only();
    local.compression = {"int8"};
    auto const result = answer(offer, local, idata);
    REQUIRE_FALSE(result.accepted.empty());
    CHECK(result.accepted[0].cfg_id == 1);
    CHECK(result.accepted[0].compression == std::vector<std::string>{"int8"});
    CHECK(result.decisions[0].reason.find("cmp narrowed") != std::string::npos);
    CHECK(check_answer(offer, result.accepted, idata).empty());
  }

  TEST_CASE("with mt the sequence is accepted; without the idata channel split is dropped") {
    auto const offer = example_offer();
    auto local = asr_only();
    local.tasks.push_back("urn:3gpp:aiml:task:mt");
    CHECK(ids(answer(offer, local, idata).accepted) == std::vector<unsigned>{1, 2, 3, 4, 5});
    auto const no_idata = answer(offer, local, {});
    CHECK(ids(no_idata.accepted) == std::vector<unsigned>{2, 3, 4});
  }

  TEST_CASE("numeric parameters are narrowed, never widened") {
    auto const offer = example_offer();
    auto local = asr_only();
    local.max_ul_kbps = 500;
    local.min_latency_ms = 350;
    auto const result = answer(offer, local, idata);
    REQUIRE_FALSE(result.accepted.empty());
    CHECK(result.accepted[0].ul_kbps == 500u);
    CHECK(result.accepted[0].latency_ms == 350u);
    CHECK(check_answer(offer, result.accepted, idata).empty());
  }

  TEST_CASE("check_answer reports each broken rule") {
    auto const offer = example_offer();
    auto answered = std::vector<configuration>{offer[0], offer[4]};
    answered[0].ul_kbps = 900;                  // widened
    answered[0].compression.push_back("zstd");  // profile not offered
    answered[0].latency_ms = 100;               // lowered latency
    configuration added;
    added.cfg_id = 9;
    answered.push_back(added);
    auto const errors = check_answer(offer, answered, {});
    auto const count = [&](errc code) {
      return std::count_if(errors.begin(), errors.end(),
                           [&](error const& e) { return e.code == code; });
    };
    CHECK(count(errc::split_answer_widened) == 3);
    CHECK(count(errc::split_answer_added) == 1);
    CHECK(count(errc::split_answer_idc) == 1);         // 1002 not accepted
    CHECK(count(errc::split_answer_incomplete) == 1);  // step 4 missing
  }

  TEST_CASE("capabilities from JSON") {
    auto const c = capabilities_from_json(R"({"tasks": ["urn:3gpp:aiml:task:asr"],
      "placements": ["ue", "split"], "compression": ["int8"], "partitions": ["p12"],
      "maxUlKbps": 500})");
    REQUIRE(c);
    CHECK(c->tasks == std::vector<std::string>{"urn:3gpp:aiml:task:asr"});
    CHECK(c->placements == std::vector<placement>{placement::ue, placement::split});
    CHECK(c->compression == std::vector<std::string>{"int8"});
    CHECK(c->formats == std::vector<std::string>{"aidf1"});  // the default
    CHECK(c->partitions == std::vector<std::string>{"p12"});
    CHECK(c->max_ul_kbps == 500u);
    CHECK_FALSE(c->max_dl_kbps);
    CHECK(capabilities_from_json(R"({"formats": []})")->formats.empty());
  }

  TEST_CASE("capabilities JSON errors name the JSON pointer") {
    auto const fails = [](std::string_view text, errc code, std::string_view path) {
      auto const c = capabilities_from_json(text);
      REQUIRE_FALSE(c);
      CHECK(c.error().code == code);
      CHECK(c.error().path == path);
    };
    fails(R"({"tasks": ["a"], "tasks": ["b"]})", errc::json_duplicate_key, "/tasks");
    fails(R"({"formats": ["aidf1"], "maxUlKbps": 1, "maxUlKbps": 2})", errc::json_duplicate_key,
          "/maxUlKbps");
    fails(R"({"tasks": ["a"], "bandwidth": 1})", errc::json_unknown_member, "/bandwidth");
    fails(R"({"placements": ["ue", "cloud"]})", errc::json_value_out_of_range, "/placements/1");
    fails(R"({"tasks": "asr"})", errc::json_type, "/tasks");
    fails(R"({"models": ["a", 7]})", errc::json_type, "/models/1");
    fails(R"({"compression": [""]})", errc::json_value_out_of_range, "/compression/0");
    fails(R"({"maxDlKbps": 4294967296})", errc::json_value_out_of_range, "/maxDlKbps");
    fails(R"({"minLatencyMs": -1})", errc::json_value_out_of_range, "/minLatencyMs");
    fails(R"({"minLatencyMs": "fast"})", errc::json_type, "/minLatencyMs");
    fails(R"(["ue"])", errc::json_type, "");
    fails(R"({"tasks": [)", errc::json_syntax, "/tasks");
  }
}
