#include <imsdp/negotiation/json.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <filesystem>

#include "support/files.hpp"

using namespace imsdp;
using nlohmann::json;

TEST_SUITE("negotiation.json") {
  TEST_CASE("the example capabilities load") {
    for (auto const* name : {"caps-opus-dc.json", "caps-ims-ue.json", "caps-audio-only.json"}) {
      CAPTURE(name);
      auto const c = negotiation::capabilities_from_json(
          test::read_file(test::source_dir() / "examples" / name));
      CHECK(c);
    }
    auto const c = negotiation::capabilities_from_json(
        test::read_file(test::source_dir() / "examples/caps-ims-ue.json"));
    REQUIRE(c);
    CHECK(c->audio->codecs.at(0).bitrates == "9.6-24.4");
    CHECK(c->audio->ptime == "20");
    CHECK(c->video->codecs.at(0).max_level == 31u);
    CHECK(c->data_channel->aiml->tasks == std::vector<std::string>{"urn:3gpp:aiml:task:asr"});
  }

  TEST_CASE("errors name the JSON pointer of the member") {
    auto const error_of = [](char const* text) {
      auto const c = negotiation::capabilities_from_json(text);
      REQUIRE_FALSE(c);
      return std::pair{std::string(to_string(c.error().code)), c.error().path};
    };
    CHECK(error_of(R"([])") == std::pair{std::string("json_type"), std::string()});
    CHECK(error_of(R"({"audo": {}})") ==
          std::pair{std::string("json_unknown_member"), std::string("/audo")});
    CHECK(error_of(R"({"audio": {"codecs": [{"clockRate": 8000}]}})") ==
          std::pair{std::string("json_missing_member"), std::string("/audio/codecs/0/name")});
    CHECK(error_of(R"({"audio": {"direction": "sideways"}})") ==
          std::pair{std::string("json_value_out_of_range"), std::string("/audio/direction")});
    CHECK(error_of(R"({"dataChannel": {"sctpPort": 70000}})") ==
          std::pair{std::string("json_value_out_of_range"), std::string("/dataChannel/sctpPort")});
    CHECK(error_of(R"({"dataChannel": {"aiml": {"placements": ["edge"]}}})") ==
          std::pair{std::string("json_value_out_of_range"),
                    std::string("/dataChannel/aiml/placements/0")});
    CHECK(error_of(R"({"dataChannel": {"splitConfigurations": ["1 moon"]}})") ==
          std::pair{std::string("json_value_out_of_range"),
                    std::string("/dataChannel/splitConfigurations/0")});
    CHECK(error_of(R"({"dataChannel": {"channels": [{"label": "x"}]}})") ==
          std::pair{std::string("json_missing_member"),
                    std::string("/dataChannel/channels/0/streamId")});
    CHECK(error_of(R"({"username": "a", "username": "b"})").first == "json_duplicate_key");
    CHECK(error_of(R"({"audio": {"codecs": [)").first == "json_syntax");
  }

  TEST_CASE("a script that cannot run is an error, a refused event a trace line") {
    CHECK(negotiation::run_script(json::parse(R"({"events": 3})")).error().code ==
          errc::script_invalid);
    CHECK(negotiation::run_script(
              json::parse(R"({"events": [{"event": "offer", "sdp": "missing"}]})"))
              .error()
              .code == errc::script_invalid);
    CHECK(negotiation::run_script(json::parse(R"({"events": [{"event": "teleport"}]})"))
              .error()
              .code == errc::script_invalid);
    CHECK(negotiation::run_script(json::parse(R"({"events": [{"event": "close", "dialog": 3}]})"))
              .error()
              .code == errc::script_invalid);
    CHECK(negotiation::run_script(json::parse(R"({"bodies": {"x": {"file": "a.sdp"}},
                                                  "events": []})"))
              .error()
              .code == errc::script_invalid);  // no file reader given
    auto const trace = negotiation::run_script(json::parse(R"({"events": [{"event": "accept"}]})"));
    REQUIRE(trace);
    CHECK(*trace == std::vector<std::string>{
                        "accept => error invalid_state: no received INVITE whose exchange is "
                        "complete"});
  }
}
