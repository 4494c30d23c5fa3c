// The C API (include/imsdp.h): errors with positions, ownership, the typed accessors, keys
// kept out of JSON, the machine unchanged by refused events, frames and model checks.
#include <doctest/doctest.h>
#include <imsdp.h>

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "support/files.hpp"

namespace {

std::string example(char const* name) {
  return imsdp::test::read_file(imsdp::test::source_dir() / "examples" / name);
}

std::string_view sv(imsdp_view v) {
  return {v.data, v.size};
}

/// An owned string from the API, freed on scope exit.
struct owned {
  char* data = nullptr;
  std::size_t size = 0;
  ~owned() { imsdp_string_free(data); }
  [[nodiscard]] std::string_view text() const { return {data, size}; }
};

imsdp_sdp* parse(std::string const& text, char const* profile = "lenient") {
  imsdp_parse_options o{};
  o.profile = profile;
  imsdp_sdp* s = nullptr;
  imsdp_error err{};
  REQUIRE(imsdp_sdp_parse(text.data(), text.size(), &o, &s, &err) == IMSDP_OK);
  return s;
}

int test_key(void* context, std::uint8_t* out, std::size_t n) {
  ++*static_cast<int*>(context);
  std::memset(out, 0x5A, n);
  return 1;
}

/// The answer of the SIP trunk capabilities to examples/sdes-offer.sdp, its SDES keys from
/// test_key (0x5A bytes).
struct sdes_call {
  imsdp_sdp* offer = nullptr;
  imsdp_caps* caps = nullptr;
  imsdp_generated* answer = nullptr;
  int key_calls = 0;

  sdes_call() {
    offer = parse(example("sdes-offer.sdp"));
    auto const caps_text = example("caps-sip-trunk.json");
    REQUIRE(imsdp_caps_from_json(caps_text.data(), caps_text.size(), &caps, nullptr) == 0);
    imsdp_caps_set_key_source(caps, test_key, &key_calls);
    REQUIRE(imsdp_answer(offer, caps, nullptr, nullptr, &answer, nullptr) == 0);
  }
  sdes_call(sdes_call const&) = delete;
  sdes_call& operator=(sdes_call const&) = delete;
  ~sdes_call() {
    imsdp_generated_free(answer);
    imsdp_caps_free(caps);
    imsdp_sdp_free(offer);
  }
};

}  // namespace

TEST_SUITE("capi") {
  TEST_CASE("a parse error fills code, position, rule and message; nothing is returned") {
    std::string const bad =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio x RTP/AVP 0\r\n";
    imsdp_sdp* s = nullptr;
    imsdp_error err{};
    int const rc = imsdp_sdp_parse(bad.data(), bad.size(), nullptr, &s, &err);
    CHECK(rc == 100);  // syntax
    CHECK(err.code == rc);
    CHECK(s == nullptr);
    CHECK(err.line == 5);
    CHECK(err.column == 9);
    CHECK(err.offset == bad.find("x RTP"));
    CHECK(std::string_view(err.message) == "syntax error in 'media-field'");
    CHECK(std::string_view(err.rule) == "media-field");
    CHECK(std::string_view(imsdp_error_name(rc)) == "syntax");
    CHECK(std::string_view(imsdp_error_name(-1)) == "unknown");
    CHECK(std::string_view(imsdp_error_name(70000)) == "unknown");
  }

  TEST_CASE("null arguments and unknown profiles are invalid_argument, never a crash") {
    imsdp_error err{};
    imsdp_sdp* s = nullptr;
    CHECK(imsdp_sdp_parse(nullptr, 5, nullptr, &s, &err) == IMSDP_E_INVALID_ARGUMENT);
    CHECK(imsdp_sdp_parse("v=0", 3, nullptr, nullptr, &err) == IMSDP_E_INVALID_ARGUMENT);
    imsdp_parse_options o{};
    o.profile = "chromium";
    CHECK(imsdp_sdp_parse("v=0", 3, &o, &s, &err) == IMSDP_E_INVALID_ARGUMENT);
    CHECK(std::string_view(err.rule) == "profile");
    CHECK(imsdp_sdp_media_count(nullptr) == 0);
    CHECK(sv(imsdp_sdp_media_type(nullptr, 0)).empty());
    CHECK(imsdp_sdp_serialize(nullptr, 0, nullptr, nullptr, &err) == IMSDP_E_INVALID_ARGUMENT);
    imsdp_sdp_free(nullptr);
    imsdp_string_free(nullptr);
    CHECK(imsdp_answer(nullptr, nullptr, nullptr, nullptr, nullptr, nullptr) ==
          IMSDP_E_INVALID_ARGUMENT);
  }

  TEST_CASE("limits are the caller's") {
    auto const text = example("webrtc-offer.sdp");
    imsdp_parse_options o{};
    o.profile = "jsep";
    o.max_media = 2;
    imsdp_sdp* s = nullptr;
    imsdp_error err{};
    CHECK(imsdp_sdp_parse(text.data(), text.size(), &o, &s, &err) == IMSDP_E_LIMIT);
    CHECK(err.line > 0);
  }

  TEST_CASE("exact and canonical text, JSON, diagnostics") {
    auto const text = example("ims-datachannel-offer.sdp");
    auto* s = parse(text, "ims");
    owned exact, canonical, json;
    REQUIRE(imsdp_sdp_serialize(s, IMSDP_SERIALIZE_EXACT, &exact.data, &exact.size, nullptr) == 0);
    CHECK(exact.text() == text);
    CHECK(exact.data[exact.size] == '\0');
    REQUIRE(imsdp_sdp_serialize(s, IMSDP_SERIALIZE_CANONICAL, &canonical.data, &canonical.size,
                                nullptr) == 0);
    CHECK(canonical.text().find("m=application") != std::string_view::npos);
    CHECK(imsdp_sdp_serialize(s, 7, &json.data, &json.size, nullptr) == IMSDP_E_INVALID_ARGUMENT);
    REQUIRE(imsdp_sdp_to_json(s, &json.data, &json.size, nullptr) == 0);
    imsdp_sdp* back = nullptr;
    REQUIRE(imsdp_sdp_from_json(json.data, json.size, nullptr, &back, nullptr) == 0);
    owned again;
    REQUIRE(imsdp_sdp_serialize(back, IMSDP_SERIALIZE_EXACT, &again.data, &again.size, nullptr) ==
            0);
    CHECK(again.text() == text);
    std::string const broken = "{\n  \"lines\": ]\n}";
    imsdp_error err{};
    imsdp_sdp* none = nullptr;
    CHECK(imsdp_sdp_from_json(broken.data(), broken.size(), nullptr, &none, &err) == 10);
    CHECK(err.line == 2);
    CHECK(none == nullptr);
    for (std::size_t i = 0; i < imsdp_sdp_diagnostic_count(s); ++i) {
      imsdp_diagnostic d{};
      REQUIRE(imsdp_sdp_diagnostic(s, i, &d) == 0);
      CHECK(d.line > 0);
    }
    imsdp_diagnostic d{};
    CHECK(imsdp_sdp_diagnostic(s, 1u << 20, &d) == IMSDP_E_INVALID_ARGUMENT);
    imsdp_sdp_free(back);
    imsdp_sdp_free(s);
  }

  TEST_CASE("typed access: media, rtpmap, fmtp, direction, ICE, fingerprint, channels, splits") {
    auto* w = parse(example("webrtc-offer.sdp"), "jsep");
    REQUIRE(imsdp_sdp_media_count(w) == 3);
    CHECK(sv(imsdp_sdp_media_type(w, 0)) == "audio");
    CHECK(sv(imsdp_sdp_media_proto(w, 0)) == "UDP/TLS/RTP/SAVPF");
    CHECK(sv(imsdp_sdp_format(w, 0, 0)) == "111");
    CHECK(sv(imsdp_sdp_format(w, 0, 99)).empty());
    imsdp_rtpmap r{};
    REQUIRE(imsdp_sdp_rtpmap(w, 0, 111, &r) == 0);
    CHECK(sv(r.encoding_name) == "opus");
    CHECK(r.clock_rate == 48000);
    CHECK(sv(r.encoding_parameters) == "2");
    CHECK(imsdp_sdp_rtpmap(w, 0, 5, &r) == IMSDP_E_NOT_FOUND);
    imsdp_view params{};
    REQUIRE(imsdp_sdp_fmtp(w, 0, "111", &params) == 0);
    CHECK(sv(params).find("minptime") != std::string_view::npos);
    imsdp_view mid{}, ufrag{}, pwd{}, hash{}, value{};
    REQUIRE(imsdp_sdp_mid(w, 2, &mid) == 0);
    CHECK(sv(mid) == "2");
    REQUIRE(imsdp_sdp_ice(w, 1, &ufrag, &pwd) == 0);
    CHECK(!sv(ufrag).empty());
    REQUIRE(imsdp_sdp_fingerprint(w, 0, &hash, &value) == 0);
    CHECK(sv(hash) == "sha-256");
    CHECK(imsdp_sdp_direction(w, 0) == IMSDP_SENDRECV);
    CHECK(imsdp_sdp_mid(w, IMSDP_SESSION, &mid) == IMSDP_E_INVALID_ARGUMENT);
    std::size_t const n = imsdp_sdp_attribute_count(w, IMSDP_SESSION);
    REQUIRE(n > 0);
    imsdp_view name{};
    int has_value = -1;
    REQUIRE(imsdp_sdp_attribute(w, IMSDP_SESSION, 0, &name, &value, &has_value) == 0);
    CHECK(sv(name) == "group");
    CHECK(has_value == 1);
    CHECK(imsdp_sdp_attribute(w, IMSDP_SESSION, n, &name, &value, &has_value) ==
          IMSDP_E_INVALID_ARGUMENT);
    imsdp_sdp_free(w);

    auto* ims = parse(example("ims-datachannel-offer.sdp"), "ims");
    REQUIRE(imsdp_sdp_dc_channel_count(ims, 1) == 4);
    imsdp_dc_channel c{};
    REQUIRE(imsdp_sdp_dc_channel(ims, 1, 3, &c) == 0);
    CHECK(c.stream_id == 1002);
    CHECK(sv(c.subprotocol) == "3gpp-aiml-idata");
    CHECK(c.ordered == 0);
    CHECK(c.max_time == 150);
    CHECK(c.max_retr == -1);
    CHECK(imsdp_sdp_split_count(ims, 1) == 5);
    CHECK(imsdp_sdp_split_count(ims, 0) == 0);
    unsigned cfg = 0;
    owned split;
    REQUIRE(imsdp_sdp_split(ims, 1, 4, &cfg, &split.data, &split.size) == 0);
    CHECK(cfg == 5);
    CHECK(split.text() == "5 seq steps=1,4");
    imsdp_sdp_free(ims);
  }

  TEST_CASE("lint: every error line of an invalid text, with messages") {
    auto const text = example("broken.sdp");
    imsdp_diagnostics* list = nullptr;
    REQUIRE(imsdp_lint(text.data(), text.size(), nullptr, &list, nullptr) == 0);
    std::size_t errors = 0;
    for (std::size_t i = 0; i < imsdp_diagnostics_count(list); ++i) {
      imsdp_diagnostic d{};
      REQUIRE(imsdp_diagnostics_get(list, i, &d) == 0);
      if (d.severity == IMSDP_ERROR) ++errors;
      owned m;
      REQUIRE(imsdp_diagnostics_message(list, i, &m.data, &m.size) == 0);
      CHECK(!m.text().empty());
    }
    CHECK(errors == 1);
    imsdp_diagnostics_free(list);
  }

  TEST_CASE("an SDES answer: keys from the host's source, on the wire, never in JSON") {
    sdes_call const call;
    auto* const offer = call.offer;
    auto* const answer = call.answer;
    CHECK(call.key_calls > 0);
    CHECK(imsdp_generated_decision_count(answer) > 0);
    owned wire, json, session;
    REQUIRE(imsdp_sdp_serialize(imsdp_generated_sdp(answer), 0, &wire.data, &wire.size, nullptr) ==
            0);
    CHECK(wire.text().find("a=crypto:") != std::string_view::npos);
    CHECK(wire.text().find("inline:WlpaWlpa") != std::string_view::npos);  // 0x5A bytes
    REQUIRE(imsdp_sdp_to_json(imsdp_generated_sdp(answer), &json.data, &json.size, nullptr) == 0);
    CHECK(json.text().find("WlpaWlpa") == std::string_view::npos);
    REQUIRE(imsdp_negotiated_json(imsdp_generated_sdp(answer), offer, 0, &session.data,
                                  &session.size, nullptr) == 0);
    CHECK(session.text().find("AES_CM_128_HMAC_SHA1_80") != std::string_view::npos);
    CHECK(session.text().find("WlpaWlpa") == std::string_view::npos);
    CHECK(session.text().find("inline:") == std::string_view::npos);
  }

  TEST_CASE("the SDES keys of a negotiated m-line: this side's to send, the peer's to receive") {
    sdes_call const call;
    auto* const offer = call.offer;
    auto* const answer = call.answer;
    owned wire;
    REQUIRE(imsdp_sdp_serialize(imsdp_generated_sdp(answer), 0, &wire.data, &wire.size, nullptr) ==
            0);
    // The answer took the offer's tag 2 (RFC 4568 7.1.1) with a key of 0x5A bytes.
    std::string_view const line = "a=crypto:2 AES_CM_128_HMAC_SHA1_80 ";
    auto const at = wire.text().find(line);
    REQUIRE(at != std::string_view::npos);
    auto const from = at + line.size();
    auto const ours = wire.text().substr(from, wire.text().find('\r', at) - from);
    CHECK(ours.starts_with("inline:WlpaWlpa"));

    char* send = nullptr;
    char* receive = nullptr;
    std::size_t send_size = 0;
    std::size_t receive_size = 0;
    REQUIRE(imsdp_negotiated_srtp_keys(imsdp_generated_sdp(answer), offer, 0, 0, &send, &send_size,
                                       &receive, &receive_size, nullptr) == 0);
    CHECK(std::string_view(send, send_size) == ours);
    CHECK(std::string_view(receive, receive_size) ==
          "inline:CzBVep/E6Q4zWH2ix+wRNluApcrvFDleg6jN8hc8|2^31|1:1");
    imsdp_secret_free(send);
    imsdp_secret_free(receive);
    imsdp_secret_free(nullptr);

    imsdp_error err{};
    char* untouched = nullptr;
    CHECK(imsdp_negotiated_srtp_keys(imsdp_generated_sdp(answer), offer, 0, 1, &send, nullptr,
                                     &untouched, nullptr, &err) == IMSDP_E_INVALID_ARGUMENT);
    CHECK(untouched == nullptr);
    CHECK(imsdp_negotiated_srtp_keys(imsdp_generated_sdp(answer), offer, 0, 0, nullptr, nullptr,
                                     &untouched, nullptr, nullptr) == IMSDP_E_INVALID_ARGUMENT);

    // An m-line without SDES: not found.
    auto* plain = parse(example("volte-offer.sdp"));
    CHECK(imsdp_negotiated_srtp_keys(plain, plain, 1, 0, &send, nullptr, &untouched, nullptr,
                                     &err) == IMSDP_E_NOT_FOUND);
    CHECK(untouched == nullptr);
    imsdp_sdp_free(plain);
  }

  TEST_CASE("capabilities errors name the JSON pointer") {
    std::string const bad = R"({"audio": {"codecs": [{"name": 5}]}})";
    imsdp_caps* caps = nullptr;
    imsdp_error err{};
    CHECK(imsdp_caps_from_json(bad.data(), bad.size(), &caps, &err) != 0);
    CHECK(caps == nullptr);
    CHECK(std::string_view(err.path) == "/audio/codecs/0/name");
  }

  TEST_CASE("the machine: an offer, a refused event that changes nothing, the answer") {
    auto const caps_text = example("caps-webrtc.json");
    imsdp_caps* caps = nullptr;
    REQUIRE(imsdp_caps_from_json(caps_text.data(), caps_text.size(), &caps, nullptr) == 0);
    imsdp_generated* offer = nullptr;
    REQUIRE(imsdp_offer(caps, &offer, nullptr) == 0);
    imsdp_negotiator* n = nullptr;
    REQUIRE(imsdp_negotiator_new(7, 0, &n) == 0);
    imsdp_step* step = nullptr;
    imsdp_error err{};
    std::string e = R"({"event":"offer","via":"INVITE"})";
    REQUIRE(imsdp_negotiator_on(n, e.data(), e.size(), imsdp_generated_sdp(offer), &step, &err) ==
            0);
    CHECK(std::string_view(imsdp_negotiator_state(n)) == "have-local-offer");
    REQUIRE(imsdp_step_action_count(step) == 1);
    CHECK(imsdp_step_body(step, 0, 0) != nullptr);
    CHECK(imsdp_step_body(step, 0, 1) == nullptr);
    CHECK(imsdp_step_body(step, 5, 0) == nullptr);
    owned json;
    REQUIRE(imsdp_step_json(step, &json.data, &json.size) == 0);
    CHECK(json.text().find(R"("action":"send")") != std::string_view::npos);
    CHECK(json.text().find(R"("body":"v)") != std::string_view::npos);
    imsdp_step_free(step);

    // Refused: the state and the pending offer stay.
    for (std::string const bad :
         {R"({"event":"answer"})", R"({"event":"teleport"})", R"({"event":"offer","via":"SMS"})",
          R"({"event":"offer"})", R"({"event":"reject","status":99})", R"([1])", R"({)",
          R"({"event":"accept","extra":1})"}) {
      step = nullptr;
      CHECK(imsdp_negotiator_on(n, bad.data(), bad.size(), nullptr, &step, &err) != 0);
      CHECK(step == nullptr);
      CHECK(std::string_view(imsdp_negotiator_state(n)) == "have-local-offer");
    }
    CHECK(imsdp_negotiator_on(n, e.data(), e.size(), imsdp_generated_sdp(offer), &step, &err) ==
          600);  // invalid_state: an offer is pending

    // The peer answers in the 200: the session applies.
    auto const* local = imsdp_generated_sdp(offer);
    imsdp_generated* answer = nullptr;
    REQUIRE(imsdp_answer(local, caps, nullptr, nullptr, &answer, nullptr) == 0);
    e = R"({"event":"response","method":"INVITE","status":200})";
    REQUIRE(imsdp_negotiator_on(n, e.data(), e.size(), imsdp_generated_sdp(answer), &step, &err) ==
            0);
    CHECK(std::string_view(imsdp_negotiator_state(n)) == "stable");
    bool applied = false;
    for (std::size_t i = 0; i < imsdp_step_action_count(step); ++i)
      applied |= imsdp_step_body(step, i, 1) != nullptr && imsdp_step_body(step, i, 2) != nullptr;
    CHECK(applied);
    imsdp_step_free(step);
    imsdp_generated_free(answer);
    imsdp_negotiator_free(n);
    imsdp_generated_free(offer);
    imsdp_caps_free(caps);
  }

  TEST_CASE("frames: encode, decode zero-copy, errors at an offset; fragments in any order") {
    std::vector<std::uint16_t> half(300, 0x3C00);  // float16 1.0
    imsdp_tensor t{};
    t.tensor_id = 3;
    t.dtype = 10;  // float16
    t.rank = 1;
    t.dims[0] = 300;
    t.data = half.data();
    t.size = half.size() * 2;
    imsdp_frame_info info{};
    info.stream_ref = 0xFFFF;
    info.flags = IMSDP_FRAME_CRC32C;
    std::size_t size = 0;
    REQUIRE(imsdp_frame_encoded_size(&info, &t, 1, &size, nullptr) == 0);
    std::vector<std::uint8_t> frame(size);
    std::size_t written = 0;
    imsdp_error err{};
    CHECK(imsdp_frame_encode(&info, &t, 1, frame.data(), size - 1, &written, &err) == 560);
    REQUIRE(imsdp_frame_encode(&info, &t, 1, frame.data(), size, &written, nullptr) == 0);
    imsdp_frame* f = nullptr;
    REQUIRE(imsdp_frame_decode(frame.data(), written, &f, nullptr) == 0);
    imsdp_tensor out{};
    REQUIRE(imsdp_frame_tensor(f, 0, &out) == 0);
    CHECK(out.data >= static_cast<void const*>(frame.data()));
    CHECK(out.size == 600);
    CHECK(out.dims[0] == 300);
    CHECK(imsdp_frame_tensor(f, 1, &out) == IMSDP_E_INVALID_ARGUMENT);
    imsdp_frame_free(f);

    t.dims[0] = 301;  // the data no longer matches the shape
    CHECK(imsdp_frame_encode(&info, &t, 1, frame.data(), size, &written, &err) != 0);
    frame[4] = 9;  // version_major
    CHECK(imsdp_frame_decode(frame.data(), written, &f, &err) == 502);
    CHECK(err.offset == 4);
    CHECK(imsdp_frame_decode(frame.data(), 10, &f, &err) == 500);

    frame[4] = 1;
    std::size_t count = 0, max_message = 0;
    REQUIRE(imsdp_fragment_count(written, 256, 0, &count, &max_message, nullptr) == 0);
    CHECK(count > 2);
    imsdp_reassembler* r = nullptr;
    REQUIRE(imsdp_reassembler_new(&r) == 0);
    std::vector<std::uint8_t> message(max_message);
    int status = -1;
    void const* whole = nullptr;
    std::size_t whole_size = 0;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t const k = i < count / 2 ? 2 * i + 1 : 2 * (i - count / 2);  // odd, then even
      std::size_t n = 0;
      REQUIRE(imsdp_fragment_write(frame.data(), written, 256, 0, 9, k, message.data(),
                                   message.size(), &n, nullptr) == 0);
      REQUIRE(imsdp_reassembler_push(r, message.data(), n, 1000 + i, &status, &whole, &whole_size,
                                     nullptr) == 0);
      if (i == 0) {  // the same fragment again is a duplicate
        REQUIRE(imsdp_reassembler_push(r, message.data(), n, 1000, &status, &whole, &whole_size,
                                       nullptr) == 0);
        CHECK(status == IMSDP_FRAGMENT_DUPLICATE);
      }
    }
    CHECK(status == IMSDP_FRAGMENT_COMPLETE);
    REQUIRE(whole_size == written);
    CHECK(std::memcmp(whole, frame.data(), written) == 0);
    CHECK(imsdp_reassembler_push(r, message.data(), 3, UINT64_MAX, &status, &whole, &whole_size,
                                 &err) != 0);
    imsdp_reassembler_free(r);
  }

  TEST_CASE("model check and streaming digest") {
    auto const descriptor = example("model/asr-encoder.json");
    auto const model = example("model/asr-encoder.onnx");
    owned report;
    imsdp_error err{};
    REQUIRE(imsdp_model_check(descriptor.data(), descriptor.size(), 0, model.data(), model.size(),
                              &report.data, &report.size, &err) == 0);
    CHECK(report.text().find("sha-256 verified") != std::string_view::npos);
    CHECK(imsdp_model_check(descriptor.data(), descriptor.size(), 1, model.data(), model.size(),
                            nullptr, nullptr, &err) == IMSDP_E_INVALID_ARGUMENT);
    auto tampered = model;
    tampered[100] ^= 1;
    CHECK(imsdp_model_check(descriptor.data(), descriptor.size(), 0, tampered.data(),
                            tampered.size(), nullptr, nullptr, &err) == 411);
    CHECK(std::string_view(err.path) == "/artifacts/0/digest/value");
    CHECK(imsdp_model_check("{", 1, 0, model.data(), model.size(), nullptr, nullptr, &err) == 10);
    // The same check on the file where it lies.
    auto const path = (imsdp::test::source_dir() / "examples/model/asr-encoder.onnx").string();
    owned from_file;
    REQUIRE(imsdp_model_check_file(descriptor.data(), descriptor.size(), 0, path.c_str(),
                                   &from_file.data, &from_file.size, &err) == 0);
    CHECK(from_file.text() == report.text());
    CHECK(imsdp_model_check_file(descriptor.data(), descriptor.size(), 0, "/nonexistent/m.onnx",
                                 nullptr, nullptr, &err) == IMSDP_E_IO);
    CHECK(std::string_view(err.message).find("/nonexistent/m.onnx") != std::string_view::npos);

    imsdp_digest* d = nullptr;
    char const* hex = "e12e1006357489254c1bddc63549026887a504b60112a9047a49809d8f2b1ef2";
    REQUIRE(imsdp_digest_new(model.size(), "sha-256", hex, &d, nullptr) == 0);
    for (std::size_t at = 0; at < model.size(); at += 50)
      REQUIRE(imsdp_digest_update(d, model.data() + at,
                                  std::min<std::size_t>(50, model.size() - at), nullptr) == 0);
    CHECK(imsdp_digest_finish(d, nullptr) == 0);
    imsdp_digest_free(d);
    REQUIRE(imsdp_digest_new(model.size(), "sha-256", hex, &d, nullptr) == 0);
    CHECK(imsdp_digest_update(d, model.data(), model.size() - 1, nullptr) == 0);
    CHECK(imsdp_digest_finish(d, &err) == 410);
    imsdp_digest_free(d);
    CHECK(imsdp_digest_new(1, "md5", hex, &d, &err) == IMSDP_E_UNSUPPORTED);
    CHECK(imsdp_digest_new(1, "sha-256", "xyz", &d, &err) == IMSDP_E_INVALID_ARGUMENT);
  }

  TEST_CASE("interworking: a browser offer to IMS, the UE's answer back, the state kept") {
    auto* browser = parse(example("webrtc-offer.sdp"), "jsep");
    auto const resources = example("iwf/resources.json");
    imsdp_iwf* iwf = nullptr;
    REQUIRE(imsdp_iwf_new(nullptr, 0, nullptr, 0, &iwf, nullptr) == 0);
    imsdp_translation* to_ims = nullptr;
    imsdp_error err{};
    // Without the media function's resources the offer cannot be translated.
    CHECK(imsdp_iwf_translate(iwf, IMSDP_TO_IMS, browser, nullptr, 0, &to_ims, &err) == 810);
    CHECK(to_ims == nullptr);
    CHECK(imsdp_iwf_translate(iwf, 7, browser, nullptr, 0, &to_ims, &err) ==
          IMSDP_E_INVALID_ARGUMENT);
    REQUIRE(imsdp_iwf_translate(iwf, IMSDP_TO_IMS, browser, resources.data(), resources.size(),
                                &to_ims, &err) == 0);
    owned ims_offer, json;
    REQUIRE(imsdp_sdp_serialize(imsdp_translation_sdp(to_ims), 0, &ims_offer.data, &ims_offer.size,
                                nullptr) == 0);
    CHECK(ims_offer.text().find("RTP/AVP") != std::string_view::npos);
    CHECK(ims_offer.text().find("a=ice-ufrag") == std::string_view::npos);
    REQUIRE(imsdp_translation_json(to_ims, &json.data, &json.size) == 0);
    CHECK(json.text().find(R"("towards":"ims")") != std::string_view::npos);
    REQUIRE(imsdp_iwf_commit(iwf, to_ims) == 0);

    // The IMS UE answers; the answer goes back to the browser.
    auto const caps_text = example("caps-ims-ue.json");
    imsdp_caps* caps = nullptr;
    REQUIRE(imsdp_caps_from_json(caps_text.data(), caps_text.size(), &caps, nullptr) == 0);
    imsdp_generated* ue = nullptr;
    REQUIRE(imsdp_answer(imsdp_translation_sdp(to_ims), caps, nullptr, nullptr, &ue, &err) == 0);
    imsdp_translation* back = nullptr;
    REQUIRE(imsdp_iwf_translate(iwf, IMSDP_TO_WEBRTC, imsdp_generated_sdp(ue), nullptr, 0, &back,
                                &err) == 0);
    owned answer;
    REQUIRE(imsdp_sdp_serialize(imsdp_translation_sdp(back), 0, &answer.data, &answer.size,
                                nullptr) == 0);
    CHECK(answer.text().find("a=setup:passive") != std::string_view::npos);
    REQUIRE(imsdp_iwf_commit(iwf, back) == 0);

    // The state survives its JSON: a handle made from it writes the same state.
    owned state, restored;
    REQUIRE(imsdp_iwf_state_json(iwf, &state.data, &state.size, nullptr) == 0);
    CHECK(state.text().find(R"("pending":null)") != std::string_view::npos);
    imsdp_iwf* again = nullptr;
    REQUIRE(imsdp_iwf_new(nullptr, 0, state.data, state.size, &again, nullptr) == 0);
    REQUIRE(imsdp_iwf_state_json(again, &restored.data, &restored.size, nullptr) == 0);
    CHECK(restored.text() == state.text());
    imsdp_iwf* bad = nullptr;
    CHECK(imsdp_iwf_new(nullptr, 0, "{\"x\":1}", 7, &bad, &err) != 0);
    CHECK(bad == nullptr);

    imsdp_translation_free(back);
    imsdp_translation_free(to_ims);
    imsdp_generated_free(ue);
    imsdp_caps_free(caps);
    imsdp_iwf_free(again);
    imsdp_iwf_free(iwf);
    imsdp_sdp_free(browser);
  }

  TEST_CASE("interworking with SDES on the IMS leg: the host's keys, a masked state refused") {
    auto* trunk = parse(example("sdes-offer.sdp"));
    auto const policy = example("iwf/policy-sdes.json");
    auto const resources = example("iwf/resources.json");
    imsdp_iwf* iwf = nullptr;
    REQUIRE(imsdp_iwf_new(policy.data(), policy.size(), nullptr, 0, &iwf, nullptr) == 0);
    int calls = 0;
    imsdp_iwf_set_key_source(iwf, test_key, &calls);
    imsdp_error err{};
    imsdp_translation* to_webrtc = nullptr;
    REQUIRE(imsdp_iwf_translate(iwf, IMSDP_TO_WEBRTC, trunk, resources.data(), resources.size(),
                                &to_webrtc, &err) == 0);
    REQUIRE(imsdp_iwf_commit(iwf, to_webrtc) == 0);
    // The browser answers the IWF's offer; the IWF answers the trunk with its own key.
    auto const caps_text = example("caps-webrtc.json");
    imsdp_caps* caps = nullptr;
    REQUIRE(imsdp_caps_from_json(caps_text.data(), caps_text.size(), &caps, nullptr) == 0);
    imsdp_generated* browser = nullptr;
    REQUIRE(imsdp_answer(imsdp_translation_sdp(to_webrtc), caps, nullptr, nullptr, &browser,
                         &err) == 0);
    imsdp_translation* to_ims = nullptr;
    REQUIRE(imsdp_iwf_translate(iwf, IMSDP_TO_IMS, imsdp_generated_sdp(browser), nullptr, 0,
                                &to_ims, &err) == 0);
    CHECK(calls > 0);
    owned wire, json, state;
    REQUIRE(imsdp_sdp_serialize(imsdp_translation_sdp(to_ims), 0, &wire.data, &wire.size,
                                nullptr) == 0);
    CHECK(wire.text().find("a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WlpaWlpa") !=
          std::string_view::npos);
    REQUIRE(imsdp_translation_json(to_ims, &json.data, &json.size) == 0);
    CHECK(json.text().find(R"("sdes":{"suite":"AES_CM_128_HMAC_SHA1_80","tag":2})") !=
          std::string_view::npos);
    CHECK(json.text().find("WlpaWlpa") == std::string_view::npos);
    REQUIRE(imsdp_iwf_commit(iwf, to_ims) == 0);
    REQUIRE(imsdp_iwf_state_json(iwf, &state.data, &state.size, nullptr) == 0);
    CHECK(state.text().find("WlpaWlpa") == std::string_view::npos);
    CHECK(state.text().find(R"("keysMasked":true)") != std::string_view::npos);
    imsdp_iwf* restored = nullptr;
    CHECK(imsdp_iwf_new(nullptr, 0, state.data, state.size, &restored, &err) != 0);
    CHECK(std::string_view(err.path) == "/keysMasked");
    CHECK(restored == nullptr);

    imsdp_translation_free(to_ims);
    imsdp_generated_free(browser);
    imsdp_caps_free(caps);
    imsdp_translation_free(to_webrtc);
    imsdp_iwf_free(iwf);
    imsdp_sdp_free(trunk);
  }
}
