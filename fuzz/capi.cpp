// capi: the C API (include/imsdp.h) as a C host drives it.
//
//   byte 0 % 2 == 0: an SDP text (the rest), parsed under the profile byte 1 % 4 picks, read
//                    through every accessor and linted;
//   byte 0 % 2 == 1: a signalling event as JSON (the rest), applied to a machine that byte 1
//                    puts in a state, with the body byte 2 picks (none, an offer, an answer).
//
// Oracles: no crash or leak; a failure sets the code, returns nothing and keeps positions
// inside the input; every value view a handle gives is a part of the parsed text (diagnostic
// subjects may be static rule names); the exact form equals the input; SDES keys are
// key-params of the input's a=crypto lines; a refused event leaves the machine's state as it
// was, an accepted one gives a step whose JSON names the machine's new state.
#include <imsdp.h>

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

constexpr char const* profiles[] = {"strict", "jsep", "ims", "lenient"};

constexpr std::string_view offer_text =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"
    "c=IN IP4 192.0.2.1\r\na=sendrecv\r\n";
constexpr std::string_view answer_text =
    "v=0\r\no=- 2 1 IN IP4 192.0.2.2\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n"
    "c=IN IP4 192.0.2.2\r\na=sendrecv\r\n";

void part_of(std::string_view text, imsdp_view v) {
  if (v.size == 0) return;
  IMSDP_FUZZ_CHECK(text.find(std::string_view(v.data, v.size)) != std::string_view::npos,
                   "a view shows bytes of the input");
}

void read_all(imsdp_sdp const* s, std::string_view text) {
  std::size_t const media = imsdp_sdp_media_count(s);
  for (std::size_t m = 0; m <= media; ++m) {
    std::size_t const at = m == media ? IMSDP_SESSION : m;
    part_of(text, imsdp_sdp_media_type(s, at));
    part_of(text, imsdp_sdp_media_proto(s, at));
    for (std::size_t f = 0; f < imsdp_sdp_format_count(s, at); ++f) {
      auto const fmt = imsdp_sdp_format(s, at, f);
      part_of(text, fmt);
      imsdp_rtpmap r{};
      if (imsdp_sdp_rtpmap(s, at, f, &r) == IMSDP_OK) part_of(text, r.encoding_name);
    }
    imsdp_view a{}, b{};
    int flag = 0;
    if (imsdp_sdp_mid(s, at, &a) == IMSDP_OK) part_of(text, a);
    if (imsdp_sdp_ice(s, at, &a, &b) == IMSDP_OK) part_of(text, b);
    if (imsdp_sdp_fingerprint(s, at, &a, &b) == IMSDP_OK) part_of(text, b);
    IMSDP_FUZZ_CHECK(imsdp_sdp_direction(s, at) <= IMSDP_INACTIVE, "a direction");
    for (std::size_t i = 0; i < imsdp_sdp_attribute_count(s, at); ++i) {
      IMSDP_FUZZ_CHECK(imsdp_sdp_attribute(s, at, i, &a, &b, &flag) == IMSDP_OK, "attribute i");
      part_of(text, a);
      part_of(text, b);
    }
    for (std::size_t i = 0; i < imsdp_sdp_dc_channel_count(s, at); ++i) {
      imsdp_dc_channel c{};
      IMSDP_FUZZ_CHECK(imsdp_sdp_dc_channel(s, at, i, &c) == IMSDP_OK, "channel i");
      part_of(text, c.label);
    }
    for (std::size_t i = 0; i < imsdp_sdp_split_count(s, at); ++i) {
      unsigned cfg = 0;
      char* value = nullptr;
      std::size_t n = 0;
      IMSDP_FUZZ_CHECK(imsdp_sdp_split(s, at, i, &cfg, &value, &n) == IMSDP_OK, "split i");
      imsdp_string_free(value);
    }
  }
  // The description as both sides of a session: its SDES keys are key-params of its own
  // a=crypto lines, or nothing is returned.
  for (std::size_t m = 0; m < media; ++m) {
    char* send = nullptr;
    char* receive = nullptr;
    std::size_t send_size = 0;
    std::size_t receive_size = 0;
    if (imsdp_negotiated_srtp_keys(s, s, 1, m, &send, &send_size, &receive, &receive_size,
                                   nullptr) == IMSDP_OK) {
      part_of(text, {send, send_size});
      part_of(text, {receive, receive_size});
    } else {
      IMSDP_FUZZ_CHECK(send == nullptr && receive == nullptr, "no keys on failure");
    }
    imsdp_secret_free(send);
    imsdp_secret_free(receive);
  }
  for (std::size_t i = 0; i < imsdp_sdp_diagnostic_count(s); ++i) {
    imsdp_diagnostic d{};
    IMSDP_FUZZ_CHECK(imsdp_sdp_diagnostic(s, i, &d) == IMSDP_OK, "diagnostic i");
    IMSDP_FUZZ_CHECK(d.offset <= text.size(), "a diagnostic inside the input");
  }
}

void sdp(std::string_view text, char const* profile) {
  imsdp_parse_options o{};
  o.profile = profile;
  imsdp_sdp* s = nullptr;
  imsdp_error err{};
  int const rc = imsdp_sdp_parse(text.data(), text.size(), &o, &s, &err);
  if (rc != IMSDP_OK) {
    IMSDP_FUZZ_CHECK(s == nullptr && err.code == rc, "a failure returns nothing, its code set");
    IMSDP_FUZZ_CHECK(err.offset <= text.size(), "an error inside the input");
  } else {
    char* exact = nullptr;
    std::size_t n = 0;
    IMSDP_FUZZ_CHECK(imsdp_sdp_serialize(s, IMSDP_SERIALIZE_EXACT, &exact, &n, nullptr) == 0,
                     "serialize");
    IMSDP_FUZZ_CHECK(std::string_view(exact, n) == text, "the exact form is the input");
    imsdp_string_free(exact);
    read_all(s, text);
    imsdp_sdp_free(s);
  }
  imsdp_diagnostics* list = nullptr;
  IMSDP_FUZZ_CHECK(imsdp_lint(text.data(), text.size(), &o, &list, nullptr) == IMSDP_OK, "lint");
  for (std::size_t i = 0; i < imsdp_diagnostics_count(list); ++i) {
    imsdp_diagnostic d{};
    IMSDP_FUZZ_CHECK(imsdp_diagnostics_get(list, i, &d) == IMSDP_OK, "lint i");
    IMSDP_FUZZ_CHECK(d.offset <= text.size(), "a lint finding inside the input");
  }
  imsdp_diagnostics_free(list);
}

imsdp_sdp* fixed(std::string_view text) {
  imsdp_sdp* s = nullptr;
  IMSDP_FUZZ_CHECK(imsdp_sdp_parse(text.data(), text.size(), nullptr, &s, nullptr) == 0, "fixed");
  return s;
}

void apply(imsdp_negotiator* n, std::string_view event, imsdp_sdp const* body) {
  imsdp_step* step = nullptr;
  IMSDP_FUZZ_CHECK(imsdp_negotiator_on(n, event.data(), event.size(), body, &step, nullptr) == 0,
                   "a setup event");
  imsdp_step_free(step);
}

void event(std::string_view text, std::uint8_t state, std::uint8_t body_pick) {
  imsdp_sdp* offer = fixed(offer_text);
  imsdp_sdp* answer = fixed(answer_text);
  imsdp_negotiator* n = nullptr;
  IMSDP_FUZZ_CHECK(imsdp_negotiator_new(state, state & 8, &n) == 0, "new");
  switch (state % 4) {
    case 1:  // an offer received in an INVITE
      apply(n, R"({"event":"request","method":"INVITE"})", offer);
      break;
    case 2:  // our offer sent
      apply(n, R"({"event":"offer"})", offer);
      break;
    case 3:  // a session, then our re-offer in an UPDATE
      apply(n, R"({"event":"offer"})", offer);
      apply(n, R"({"event":"response","method":"INVITE","status":200})", answer);
      apply(n, R"({"event":"offer","via":"UPDATE"})", offer);
      break;
    default:
      break;
  }
  std::string const before = imsdp_negotiator_state(n);
  imsdp_sdp const* body = body_pick % 3 == 0 ? nullptr : body_pick % 3 == 1 ? offer : answer;
  imsdp_step* step = nullptr;
  imsdp_error err{};
  int const rc = imsdp_negotiator_on(n, text.data(), text.size(), body, &step, &err);
  if (rc != IMSDP_OK) {
    IMSDP_FUZZ_CHECK(step == nullptr && err.code == rc, "a refusal returns no step");
    IMSDP_FUZZ_CHECK(before == imsdp_negotiator_state(n), "a refusal changes nothing");
  } else {
    char* json = nullptr;
    std::size_t size = 0;
    IMSDP_FUZZ_CHECK(imsdp_step_json(step, &json, &size) == 0, "step JSON");
    auto const j = nlohmann::json::parse(std::string_view(json, size));
    IMSDP_FUZZ_CHECK(j.at("state") == imsdp_negotiator_state(n), "the step names the new state");
    IMSDP_FUZZ_CHECK(j.at("actions").size() == imsdp_step_action_count(step), "every action");
    imsdp_string_free(json);
    imsdp_step_free(step);
  }
  imsdp_negotiator_free(n);
  imsdp_sdp_free(answer);
  imsdp_sdp_free(offer);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 3) return 0;
  std::string_view const rest(reinterpret_cast<char const*>(data + 3), size - 3);
  if (data[0] % 2 == 0) {
    sdp(rest, profiles[data[1] % 4]);
  } else {
    event(rest, data[1], data[2]);
  }
  return 0;
}
