// Offer -> answer -> bytes, as an SBC or application server does it for every INVITE:
// imsdp (parse, negotiation::create_answer, serialize), sofia-sip's soa (the static
// offer/answer engine of nua) and libre's SDP session (baresip's). Each side answers with
// the same fixed capabilities, picked by the kind of offer (bench/README.md says what each
// engine checks and what it does not).
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

#include "peers.hpp"

extern "C" {
#include <re.h>
#include <sofia-sip/soa.h>
#include <sofia-sip/su_wait.h>
}

namespace imsdp::bench {

offer_kind kind_of(std::string_view offer) {
  return offer.find("UDP/TLS/RTP/SAVPF") != std::string_view::npos ? offer_kind::webrtc
                                                                   : offer_kind::volte;
}

namespace {

// The local side's transport, the same for every engine.
constexpr char const* address = "198.51.100.7";
constexpr char const* ice_ufrag = "Fq3x";
constexpr char const* ice_pwd = "pW8sK2dLq9Vt4mNz7BcX1yRe";
constexpr char const* fingerprint =
    "sha-256 6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:"
    "7C:D5:28:6E:B4";

// --- imsdp: the capabilities as a host writes them (examples/caps-*.json).
negotiation::capabilities const& imsdp_capabilities(offer_kind kind) {
  static auto const read = [](std::string const& json) {
    auto caps = negotiation::capabilities_from_json(json);
    if (!caps) std::abort();  // a bench bug, not an input's
    return std::move(*caps);
  };
  static negotiation::capabilities const webrtc =
      read(std::string(R"({"username": "-", "sessionId": 1, "address": ")") + address +
           R"(", "iceUfrag": ")" + ice_ufrag + R"(", "icePwd": ")" + ice_pwd +
           R"(", "fingerprint": ")" + fingerprint + R"(", "audio": {"codecs": [
        {"name": "opus", "clockRate": 48000, "channels": 2},
        {"name": "PCMU", "clockRate": 8000}, {"name": "PCMA", "clockRate": 8000}],
        "telephoneEvent": true}})");
  static negotiation::capabilities const volte =
      read(std::string(R"({"username": "-", "sessionId": 1, "address": ")") + address +
           R"(", "preconditions": {"current": "none", "strength": "mandatory"},
             "audio": {"codecs": [{"name": "AMR-WB", "clockRate": 16000},
             {"name": "AMR", "clockRate": 8000}], "telephoneEvent": true}})");
  return kind == offer_kind::webrtc ? webrtc : volte;
}

std::size_t imsdp_answer(std::string_view offer, offer_kind kind, std::string* copy) {
  auto const doc = sdp::parse(offer, profile::lenient());
  if (!doc) return 0;
  auto const answer = negotiation::create_answer(*doc, imsdp_capabilities(kind));
  if (!answer) return 0;
  static std::string out;
  out.clear();
  sdp::serialize_exact(*answer->sdp, out);
  if (copy != nullptr) *copy = out;
  return out.size();
}

// --- sofia-sip soa: a template session holds the user SDP (the capabilities); each call
// clones it, as nua does for a new call, and destroys the clone.
std::string sofia_user_sdp(offer_kind kind) {
  std::string const head = std::string("v=0\r\no=- 1 1 IN IP4 ") + address +
                           "\r\ns=-\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n";
  if (kind == offer_kind::webrtc)
    return head + "a=ice-ufrag:" + ice_ufrag + "\r\na=ice-pwd:" + ice_pwd +
           "\r\na=fingerprint:" + fingerprint +
           "\r\na=setup:active\r\nm=audio 5004 UDP/TLS/RTP/SAVPF 111 0 8 126\r\n"
           "a=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
           "a=rtpmap:126 telephone-event/8000\r\na=rtcp-mux\r\n";
  return head +
         "m=audio 5004 RTP/AVP 97 98 100\r\n"
         "a=rtpmap:97 AMR-WB/16000/1\r\na=rtpmap:98 AMR/8000/1\r\n"
         "a=rtpmap:100 telephone-event/8000\r\n";
}

struct sofia_engine {
  su_root_t* root = nullptr;
  soa_session_t* templates[2] = {nullptr, nullptr};  // by offer_kind
  sofia_engine() {
    su_init();
    root = su_root_create(nullptr);
    for (auto kind : {offer_kind::webrtc, offer_kind::volte}) {
      auto* ss = soa_create(nullptr, root, nullptr);  // the default engine: soa_static.c
      auto const user = sofia_user_sdp(kind);
      if (ss == nullptr ||
          soa_set_user_sdp(ss, nullptr, user.data(), static_cast<int>(user.size())) < 0)
        std::abort();
      templates[static_cast<int>(kind)] = ss;
    }
  }
};

// soa matches protos exactly and knows no RTP/AVPF: it rejects the audio of such offers.
std::size_t sofia_answer(std::string_view offer, offer_kind kind, std::string* copy) {
  static sofia_engine const engine;
  soa_session_t* ss = soa_clone(engine.templates[static_cast<int>(kind)], engine.root, nullptr);
  if (ss == nullptr) return 0;
  std::size_t bytes = 0;
  char const* text = nullptr;
  isize_t length = 0;
  if (soa_set_remote_sdp(ss, nullptr, offer.data(), static_cast<issize_t>(offer.size())) > 0 &&
      soa_generate_answer(ss, nullptr) == 0 && soa_get_local_sdp(ss, nullptr, &text, &length) > 0 &&
      text != nullptr) {
    bytes = static_cast<std::size_t>(length);
    if (copy != nullptr) copy->assign(text, bytes);
  }
  soa_destroy(ss);
  return bytes;
}

// --- libre: a session with one local audio medium and its formats, as baresip sets up a
// call; sdp_decode() of the offer, sdp_encode() of the answer.
std::size_t re_answer(std::string_view offer, offer_kind kind, std::string* copy) {
  static bool const initialised = [] {
    libre_init();
    return true;
  }();
  (void)initialised;
  sa local{};
  sa_set_str(&local, address, 0);
  sdp_session* session = nullptr;
  if (sdp_session_alloc(&session, &local) != 0) return 0;
  bool const webrtc = kind == offer_kind::webrtc;
  sdp_media* media = nullptr;
  bool ok = sdp_media_add(&media, session, "audio", 5004,
                          webrtc ? "UDP/TLS/RTP/SAVPF" : "RTP/AVP") == 0 &&
            (webrtc || sdp_media_set_alt_protos(media, 2, "RTP/AVP", "RTP/AVPF") == 0);
  if (ok && webrtc) {
    ok = sdp_media_set_lattr(media, true, "ice-ufrag", "%s", ice_ufrag) == 0 &&
         sdp_media_set_lattr(media, true, "ice-pwd", "%s", ice_pwd) == 0 &&
         sdp_media_set_lattr(media, true, "fingerprint", "%s", fingerprint) == 0 &&
         sdp_media_set_lattr(media, true, "setup", "active") == 0 &&
         sdp_media_set_lattr(media, true, "rtcp-mux", nullptr) == 0 &&
         sdp_format_add(nullptr, media, false, "111", "opus", 48000, 2, nullptr, nullptr, nullptr,
                        false, nullptr) == 0 &&
         sdp_format_add(nullptr, media, false, "0", "PCMU", 8000, 1, nullptr, nullptr, nullptr,
                        false, nullptr) == 0 &&
         sdp_format_add(nullptr, media, false, "8", "PCMA", 8000, 1, nullptr, nullptr, nullptr,
                        false, nullptr) == 0;
  } else if (ok) {
    ok = sdp_format_add(nullptr, media, false, "97", "AMR-WB", 16000, 1, nullptr, nullptr, nullptr,
                        false, nullptr) == 0 &&
         sdp_format_add(nullptr, media, false, "98", "AMR", 8000, 1, nullptr, nullptr, nullptr,
                        false, nullptr) == 0;
  }
  ok = ok && sdp_format_add(nullptr, media, false, webrtc ? "126" : "100", "telephone-event", 8000,
                            1, nullptr, nullptr, nullptr, false, nullptr) == 0;
  std::size_t bytes = 0;
  mbuf* in = ok ? mbuf_alloc(offer.size()) : nullptr;
  if (in != nullptr &&
      mbuf_write_mem(in, reinterpret_cast<uint8_t const*>(offer.data()), offer.size()) == 0) {
    in->pos = 0;
    mbuf* out = nullptr;
    if (sdp_decode(session, in, true) == 0 && sdp_encode(&out, session, false) == 0) {
      bytes = out->end;
      if (copy != nullptr) copy->assign(reinterpret_cast<char const*>(out->buf), bytes);
    }
    mem_deref(out);
  }
  mem_deref(in);
  mem_deref(session);
  return bytes;
}

// --- the floor of imsdp's design, a reference row: an answer is a parsed description, so
// the offer's parse, the strict parse of the answer's text (create_answer's self-check,
// which gives the description its typed values) and the write are paid whatever the
// negotiation costs. The answer's text is imsdp's own, made once per offer.
std::size_t imsdp_floor(std::string_view offer, offer_kind kind, std::string* copy) {
  static std::string_view answered;  // the offer `answer` belongs to (the caller's text)
  static std::string answer;
  if (offer.data() != answered.data() || offer.size() != answered.size()) {
    if (imsdp_answer(offer, kind, &answer) == 0) return 0;
    answered = offer;
  }
  auto const doc = sdp::parse(offer, profile::lenient());
  if (!doc) return 0;
  auto const parsed = sdp::parse(answer);
  if (!parsed) return 0;
  static std::string out;
  out.clear();
  sdp::serialize_exact(*parsed, out);
  if (copy != nullptr) *copy = out;
  return out.size();
}

}  // namespace

answerer const imsdp_answerer{"imsdp", &imsdp_answer};
answerer const imsdp_answer_floor{"floor: both parses", &imsdp_floor};
answerer const sofia_soa{"sofia-sip soa", &sofia_answer};
answerer const libre_session{"libre", &re_answer};

}  // namespace imsdp::bench
