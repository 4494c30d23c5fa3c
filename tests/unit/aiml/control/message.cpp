#include <doctest/doctest.h>

#include <imsdp/aiml/control/message.hpp>
#include <string>

#include "support/files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::control;

namespace {

message make(std::string id, body b, std::optional<std::string> re = std::nullopt) {
  message m;
  m.id = std::move(id);
  m.re = std::move(re);
  m.body = std::move(b);
  return m;
}

std::string envelope(std::string_view type, std::string_view rest) {
  return R"({"v":1,"id":"a1","type":"urn:3gpp:aiml:v1:)" + std::string(type) + R"(")" +
         std::string(rest) + "}";
}

}  // namespace

TEST_SUITE("aiml/control") {
  TEST_CASE("every message type writes and reads back") {
    split_config seq;
    seq.cfg_id = 5;
    seq.placement = placement::seq;
    seq.steps = {1, 4};
    seq.state = "resume";
    std::vector<message> const all{
        make(
            "1",
            capabilities{
                "ue", {"urn:3gpp:aiml:task:asr"}, {"onnx"}, {placement::split}, {"npu"}, 1u << 20}),
        make("2", model_list_req{"urn:3gpp:aiml:task:asr", {"onnx", "tflite"}}),
        make("3",
             model_list_resp{{{"urn:3gpp:aiml:model:x:asr", "2.1.0", "onnx", std::nullopt, 148,
                               "https://x/d.json"}}},
             "2"),
        make("4", model_select_req{"urn:3gpp:aiml:model:x:asr", "2.1.0", 2}),
        make("5", model_select_resp{"urn:3gpp:aiml:model:x:asr", "2.1.0", std::nullopt}, "4"),
        make("6", split_config_req{{seq}}),
        make("7", split_config_resp{{5, 1}, 1}, "6"),
        make("8", split_select{5, 1200, std::nullopt}),
        make("9", task_start_req{"t1", "urn:3gpp:aiml:task:asr", 5, std::nullopt, std::nullopt}),
        make("10", task_start_resp{"t1"}, "9"),
        make("11", task_update_req{"t1", 1, {{"language", "fr"}}}),
        make("12", task_update_resp{"t1"}, "11"),
        make("13", task_stop{"t1", "user"}),
        make("14", status{"t1", task_state::active, 5, 120, 3, 800, 64}),
        make("15", error_message{error_code::conflict, "glare", 1500}, "6"),
        make("16", sequence_ack{{"t1", 7, 2, 130}}),
        make("17", sequence_resume{{"t1", 7, 0, 0}}),
    };
    for (std::size_t i = 0; i < all.size(); ++i) {
      CAPTURE(i);
      REQUIRE(static_cast<std::size_t>(all[i].type()) == i);
      auto const text = write_message(all[i]);
      REQUIRE(text);
      auto const back = read_message(*text);
      REQUIRE(back);
      CHECK(*back == all[i]);
      CHECK(*write_message(*back) == *text);
    }
  }

  TEST_CASE("the example message reads") {
    auto const m = read_message(
        test::read_file(test::source_dir() / "examples/control/split-config-req.json"));
    REQUIRE(m);
    CHECK(m->type() == message_type::split_config_req);
    CHECK(std::get<split_config_req>(m->body).configs.size() == 4);
  }

  TEST_CASE("envelope rules") {
    auto code = [](std::string const& text) {
      auto const r = read_message(text);
      return r ? errc::ok : r.error().code;
    };
    CHECK(code(envelope("task-stop", R"(,"body":{"taskId":"t"})")) == errc::ok);
    CHECK(code(R"({"v":2,"id":"a","type":"urn:3gpp:aiml:v1:task-stop","body":{}})") ==
          errc::control_version);
    CHECK(code(envelope("task-stop", R"(,"re":"x","body":{"taskId":"t"})")) ==
          errc::control_unexpected_re);
    CHECK(code(envelope("task-start-resp", R"(,"body":{"taskId":"t"})")) ==
          errc::control_missing_re);
    CHECK(code(R"({"v":1,"id":"a","type":"urn:3gpp:aiml:v2:task-stop","body":{}})") ==
          errc::control_type_version);
    CHECK(code(R"({"v":1,"id":"a","type":"urn:3gpp:aiml:task-stop","body":{}})") ==
          errc::control_type_syntax);
    auto const unknown = read_message(envelope("teleport-req", R"(,"body":{})"));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == errc::control_unknown_type);
    CHECK(unknown.error().path == "/type");
    CHECK(unknown.error().detail == "teleport-req");
    CHECK(code(envelope("error", R"(,"body":{"code":418})")) == errc::control_error_code);
    CHECK(code(envelope("status", R"(,"body":{},"x":1)")) == errc::json_unknown_member);
  }

  TEST_CASE("max-message-size applies to reading and writing") {
    limits small;
    small.max_message_bytes = 40;
    auto const text = envelope("task-stop", R"(,"body":{"taskId":"t"})");
    CHECK(read_message(text, small).error().code == errc::control_message_too_large);
    CHECK(write_message(*read_message(text), small).error().code ==
          errc::control_message_too_large);
  }

  TEST_CASE("an error reply to a message that failed") {
    auto const text = envelope("teleport-req", R"(,"body":{})");
    auto const failed = read_message(text);
    REQUIRE_FALSE(failed);
    auto const id = message_id(text);
    REQUIRE(id);
    auto const reply = error_reply("n1", *id, failed.error());
    auto const written = write_message(reply);
    REQUIRE(written);
    auto const back = read_message(*written);
    REQUIRE(back);
    CHECK(back->re == "a1");
    CHECK(std::get<error_message>(back->body).code == error_code::malformed);
    CHECK_FALSE(message_id("[1]"));
  }

  TEST_CASE("correlation by re") {
    correlator c;
    auto const req = make("q1", model_list_req{});
    REQUIRE(c.request(req));
    CHECK(c.request(req).error().code == errc::control_duplicate_id);
    CHECK(c.response(make("r0", task_start_resp{"t"}, "q1")).error().code ==
          errc::control_uncorrelated);
    CHECK(c.response(make("r1", model_list_resp{}, "zz")).error().code ==
          errc::control_uncorrelated);
    auto const answered = c.response(make("r2", model_list_resp{}, "q1"));
    REQUIRE(answered);
    CHECK(*answered == message_type::model_list_req);
    CHECK(c.outstanding() == 0);
    REQUIRE(c.request(make("q2", task_start_req{"t", "urn:3gpp:aiml:task:asr", {}, {}, {}})));
    CHECK(c.response(make("e1", error_message{error_code::busy, {}, 100}, "q2")));
    limits one;
    one.max_outstanding = 1;
    correlator small(one);
    REQUIRE(small.request(make("a", model_list_req{})));
    CHECK(small.request(make("b", model_list_req{})).error().code == errc::limit_exceeded);
  }
}
