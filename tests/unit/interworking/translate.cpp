// The interworking translations (issue 21): both exchange pairs end to end, the rules of
// the design they cite, their errors, and the output checks on every upstream SDP.
#include <imsdp/interworking/translate.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/interworking/json.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>

#include "support/files.hpp"
#include "support/why.hpp"
#include "unit/interworking/calls.hpp"

using namespace imsdp;
using namespace imsdp::test::iwf;
using interworking::side;

TEST_SUITE("interworking") {
  TEST_CASE("pair 1: a Chrome offer through the IMS leg and back") {
    auto const policy = interworking::default_policy();
    auto const offer = example("webrtc-offer.sdp");
    auto const to_ims = interworking::to_ims(offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    CHECK(to_ims->towards == side::ims);
    auto const& ims = *to_ims->sdp;
    CHECK(interworking::check_ims(ims, interworking::sdp_type::offer, policy).empty());
    // Rule 9: HD voice first (transcoded from opus), G.711 passed through; no EVS, which
    // the media function does not list; rule 14: the IWF's segment is met.
    auto const t = text(*to_ims);
    CHECK(t.find("m=audio 50000 RTP/AVP 96 97 98 99 8 0 100 101\r\n") != std::string::npos);
    CHECK(t.find("EVS") == std::string::npos);
    CHECK(t.find("a=curr:qos local sendrecv\r\n") != std::string::npos);
    CHECK(t.find("a=ptime:20\r\n") != std::string::npos);
    CHECK(to_ims->plan.pending);
    REQUIRE(to_ims->next.pending);

    auto const ue = negotiation::create_answer(ims, ims_ue());
    REQUIRE(ue);
    auto const back = interworking::to_webrtc(*ue->sdp, policy, to_ims->next);
    REQUIRE_MESSAGE(back, test::why(back));
    CHECK(back->towards == side::webrtc);
    CHECK(interworking::check_webrtc(*back->sdp, interworking::sdp_type::answer, &offer).empty());
    auto const w = text(*back);
    CHECK(w.find("a=ice-lite\r\n") != std::string::npos);
    CHECK(w.find("a=setup:passive\r\n") != std::string::npos);
    // Rule 11: opus facing AMR-WB is told the playback rate it will get.
    CHECK(w.find("a=fmtp:111 minptime=10;useinbandfec=1;maxplaybackrate=16000\r\n") !=
          std::string::npos);
    CHECK(w.find("m=video 0 ") != std::string::npos);  // not carried: rejected
    CHECK_FALSE(back->next.pending);
    CHECK(interworking::plan_of(back->next, policy) == back->plan);
    CHECK(interworking::plan_of(to_ims->next, policy) == to_ims->plan);
    REQUIRE(back->plan.media.size() == 3);
    auto const& audio = back->plan.media[0];
    CHECK(audio.state == "active");
    REQUIRE(audio.codecs.size() == 1);
    CHECK(audio.codecs[0].transcode);
    CHECK(audio.codecs[0].webrtc->codec == "opus/48000/2");
    CHECK(audio.codecs[0].ims->codec == "AMR-WB/16000");
    CHECK(audio.webrtc.dtls_role == "passive");
    CHECK(has_action(audio, "dtls-server"));
    CHECK(has_action(audio, "transcode opus/48000/2<->AMR-WB/16000"));
    CHECK(audio.ims.local == "192.0.2.10:50000");
    CHECK(audio.ims.rtcp == 50001);
    CHECK(back->plan.media[1].state == "rejected");
    CHECK(back->plan.transcoders == 1);
    auto const flags = interworking::rtpengine_flags(back->plan, side::ims);
    for (auto const* f : {"ICE=remove", "DTLS=off", "rtcp-mux-demux", "transport-protocol=RTP/AVP",
                          "codec-transcode-AMR-WB"})
      CHECK_MESSAGE(std::find(flags.begin(), flags.end(), f) != flags.end(), f);
    auto const towards_browser = interworking::rtpengine_flags(back->plan, side::webrtc);
    for (auto const* f : {"ICE=force", "DTLS=passive", "transport-protocol=UDP/TLS/RTP/SAVPF"})
      CHECK_MESSAGE(
          std::find(towards_browser.begin(), towards_browser.end(), f) != towards_browser.end(), f);
  }

  TEST_CASE("the output checks re-read what a peer would: edits and tolerated bytes") {
    auto const policy = interworking::default_policy();
    auto const to_webrtc =
        interworking::to_webrtc(example("volte-offer.sdp"), policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    auto const written = text(*to_webrtc);
    // As written: its own text, parsed under strict without a diagnostic.
    auto as_written = sdp::parse(written, profile::strict());
    REQUIRE(as_written);
    CHECK(as_written->diagnostics().empty());
    CHECK(interworking::check_webrtc(*as_written, interworking::sdp_type::offer).empty());
    // An edit that no line check refuses but a whole parse does (RFC 8842 5.1: one
    // a=setup per m= section) is found: an edited description is parsed again.
    REQUIRE(as_written->add_attribute(sdp::scope::media(0), "setup", "actpass"));
    auto const edited = interworking::check_webrtc(*as_written, interworking::sdp_type::offer);
    REQUIRE_FALSE(edited.empty());
    CHECK(edited.front().code == errc::duplicate_attribute);
    // A byte lenient tolerated (a space before a line ending) is found too: JSEP does not.
    auto const at = written.find("a=setup:actpass\r\n");
    REQUIRE(at != std::string::npos);
    auto spaced = written;
    spaced.insert(at + std::string_view("a=setup:actpass").size(), " ");
    auto const lenient = sdp::parse(spaced, profile::lenient());
    REQUIRE(lenient);
    auto const tolerated = interworking::check_webrtc(*lenient, interworking::sdp_type::offer);
    REQUIRE_FALSE(tolerated.empty());
    CHECK(tolerated.front().code == errc::trailing_whitespace);
    // The same with no diagnostics kept: the deviation is not recorded, and still found.
    parse_options quiet;
    quiet.profile = profile::lenient();
    quiet.limits.max_diagnostics = 0;
    auto const unrecorded = sdp::parse(spaced, quiet);
    REQUIRE(unrecorded);
    CHECK(unrecorded->diagnostics().empty());
    auto const found = interworking::check_webrtc(*unrecorded, interworking::sdp_type::offer);
    REQUIRE_FALSE(found.empty());
    CHECK(found.front().code == errc::trailing_whitespace);
  }

  TEST_CASE("pair 2: a VoLTE offer to a browser; rule 13 gives b=AS 41 for AMR-WB 23.85") {
    auto const policy = interworking::default_policy();
    auto const ims_offer = example("volte-offer.sdp");
    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    auto const& offer = *to_webrtc->sdp;
    CHECK(interworking::check_webrtc(offer, interworking::sdp_type::offer).empty());
    // Rule 15: the offerer's own segment is unmet: the browser must not ring yet.
    CHECK_FALSE(to_webrtc->sip.alerting_allowed);
    CHECK(text(*to_webrtc).find("a=setup:actpass\r\n") != std::string::npos);

    auto const answer = parsed(browser_answer(offer, 96));  // opus
    auto const to_ims = interworking::to_ims(answer, policy, to_webrtc->next);
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const& ims = *to_ims->sdp;
    CHECK(interworking::check_ims(ims, interworking::sdp_type::answer, policy, &ims_offer).empty());
    auto const t = text(*to_ims);
    // The first offered codec the media function can take: AMR-WB (EVS it cannot).
    CHECK(t.find("m=audio 50000 RTP/AVP 101 103\r\n") != std::string::npos);
    CHECK(t.find("b=AS:41\r\n") != std::string::npos);  // rtpengine#498's Samsung UE
    // TS 26.114 A.5: the answer gives its RTCP bandwidth too (ims.bandwidthRs, bandwidthRr).
    CHECK(t.find("b=AS:41\r\nb=RS:0\r\nb=RR:2000\r\n") != std::string::npos);
    CHECK(t.find("a=conf:qos remote sendrecv\r\n") != std::string::npos);
    auto const& audio = to_ims->plan.media[0];
    CHECK(audio.webrtc.dtls_role == "passive");  // the browser took active
    CHECK(audio.codecs[0].transcode);
  }

  TEST_CASE("pair 2: a codec both sides have passes through") {
    auto policy = interworking::default_policy();
    auto const ims_offer = parsed(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\n"
        "m=audio 49152 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 "
        "telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\n");
    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE(to_webrtc);
    auto const& offer = *to_webrtc->sdp;
    auto const to_ims =
        interworking::to_ims(parsed(browser_answer(offer, 0)), policy, to_webrtc->next);
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const& audio = to_ims->plan.media[0];
    CHECK_FALSE(audio.codecs[0].transcode);
    CHECK(has_action(audio, "passthrough PCMU/8000"));
    CHECK(to_ims->plan.transcoders == 0);
    CHECK(audio.preconditions == "none");  // the IMS offer had none
  }

  TEST_CASE("rule 18: data channels are relayed, the plan lists the streams to open") {
    auto policy = interworking::default_policy();
    negotiation::channel_spec ctrl;
    ctrl.stream_id = 1000;
    ctrl.label = "aiml-ctrl";
    ctrl.subprotocol = "3gpp-aiml";
    policy.data_channel.channels = {ctrl};
    // Browser -> IMS: the policy's channel on an IMS DC m-line with the IWF's IMS certificate.
    auto const to_ims = interworking::to_ims(example("webrtc-offer.sdp"), policy, {}, resources());
    REQUIRE_MESSAGE(to_ims, test::why(to_ims));
    auto const t = text(*to_ims);
    CHECK(t.find("m=application 50002 UDP/DTLS/SCTP webrtc-datachannel\r\n") != std::string::npos);
    CHECK(t.find("a=dcmap:1000 label=\"aiml-ctrl\";subprotocol=\"3gpp-aiml\"\r\n") !=
          std::string::npos);
    CHECK(t.find("a=fingerprint:sha-256 9A:27") != std::string::npos);
    auto const ue = negotiation::create_answer(*to_ims->sdp, ims_ue());
    REQUIRE(ue);
    auto const back = interworking::to_webrtc(*ue->sdp, policy, to_ims->next);
    REQUIRE_MESSAGE(back, test::why(back));
    CHECK(back->sdp->media(2).port() != 0);
    auto const& dc = back->plan.media[2];
    CHECK(dc.state == "active");
    CHECK(dc.channels == std::vector<std::uint16_t>{1000});
    CHECK(has_action(dc, "relay-streams"));
    CHECK(has_action(dc, "ims-dtls-server"));  // the UE answered actpass with active
    // IMS -> browser: the IMS channels reach the browser's offer; EVS-only audio cannot
    // cross and is refused alone.
    auto const ims_offer = example("ims-datachannel-offer.sdp");
    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE_MESSAGE(to_webrtc, test::why(to_webrtc));
    REQUIRE(to_webrtc->sdp->media_count() == 1);
    CHECK(to_webrtc->sdp->media(0).all<datachannel::dcmap>().size() == 4);
    auto browser_caps = negotiation::capabilities_from_json(
        test::read_file(test::source_dir() / "examples/caps-opus-dc.json"));
    REQUIRE(browser_caps);
    browser_caps->data_channel->subprotocols.clear();
    browser_caps->data_channel->stream_plan = negotiation::stream_plan::any;
    auto const browser = negotiation::create_answer(*to_webrtc->sdp, *browser_caps);
    REQUIRE(browser);
    auto const answered = interworking::to_ims(*browser->sdp, policy, to_webrtc->next);
    REQUIRE_MESSAGE(answered, test::why(answered));
    CHECK(
        interworking::check_ims(*answered->sdp, interworking::sdp_type::answer, policy, &ims_offer)
            .empty());
    CHECK(answered->sdp->media(0).port() == 0);  // EVS audio: no codec the browser has
    CHECK(answered->sdp->media(1).port() == 50000);
    CHECK(answered->plan.media[1].channels == std::vector<std::uint16_t>{0, 10, 1000, 1002});
    // dataChannel.mode reject.
    policy.data_channel.relay = false;
    auto const rejected =
        interworking::to_ims(example("webrtc-offer.sdp"), policy, {}, resources());
    REQUIRE(rejected);
    CHECK(text(*rejected).find("m=application") == std::string::npos);
  }

  TEST_CASE("required_resources says what an offer needs allocated") {
    auto policy = interworking::default_policy();
    auto const chrome = example("webrtc-offer.sdp");
    auto r = interworking::required_resources(chrome, side::webrtc, policy, {});
    CHECK(r.ims_ports == 1);  // audio; video needs AVPF, the data channel channels
    CHECK_FALSE(r.ims_fingerprint);
    CHECK(r.webrtc_transport);
    CHECK(r.session_id);
    negotiation::channel_spec ctrl;
    ctrl.stream_id = 1000;
    policy.data_channel.channels = {ctrl};
    policy.ims.profile = negotiation::rtp_profile::avpf_capneg;
    r = interworking::required_resources(chrome, side::webrtc, policy, {});
    CHECK(r.ims_ports == 3);
    CHECK(r.ims_fingerprint);
    r = interworking::required_resources(example("volte-offer.sdp"), side::ims, policy, {});
    CHECK(r.ims_ports == 1);
    CHECK(r.webrtc_transport);
    // What it asks for is what the translation then takes.
    auto res = resources();
    res.ims_ports.resize(2);
    CHECK(interworking::to_ims(chrome, policy, {}, res).error().code == errc::iwf_resources);
  }

  TEST_CASE("rule 2: an UPDATE reporting the reservation is answered by the IWF") {
    auto const policy = interworking::default_policy();
    auto const ims_offer = example("volte-offer.sdp");
    auto const to_webrtc = interworking::to_webrtc(ims_offer, policy, {}, resources());
    REQUIRE(to_webrtc);
    auto const to_ims =
        interworking::to_ims(parsed(browser_answer(*to_webrtc->sdp, 96)), policy, to_webrtc->next);
    REQUIRE(to_ims);
    auto update_text = test::read_file(test::source_dir() / "examples/volte-offer.sdp");
    auto const at = update_text.find("a=curr:qos local none");
    REQUIRE(at != std::string::npos);
    update_text.replace(at, 21, "a=curr:qos local sendrecv");
    update_text.replace(update_text.find("1820463571 1820463571"), 21, "1820463571 1820463572");
    auto const update = interworking::to_webrtc(parsed(update_text), policy, to_ims->next);
    REQUIRE_MESSAGE(update, test::why(update));
    CHECK(update->what == interworking::disposition::answer_locally);
    CHECK(update->towards == side::ims);
    auto const t = text(*update);
    CHECK(t.find("a=curr:qos remote sendrecv\r\n") != std::string::npos);
    CHECK(t.find("o=- 4242 2 ") != std::string::npos);  // the IWF's identity, one more
    CHECK(update->next.webrtc == to_ims->next.webrtc);  // the WebRTC leg untouched
    CHECK(interworking::plan_of(update->next, policy) == update->plan);
    CHECK(update->plan.media[0].state == "active");
  }

  TEST_CASE("equal inputs give byte-identical outputs; the state survives JSON") {
    auto const policy = interworking::default_policy();
    auto const offer = example("webrtc-offer.sdp");
    auto const a = interworking::to_ims(offer, policy, {}, resources());
    auto const b = interworking::to_ims(offer, policy, {}, resources());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(text(*a) == text(*b));
    auto const json = interworking::state_to_json(a->next).dump();
    auto const back = interworking::state_from_json(json);
    REQUIRE_MESSAGE(back, test::why(back));
    CHECK(*back == a->next);
    CHECK(interworking::state_from_json("{}"));
  }

  TEST_CASE("errors name the rule and the m-line") {
    auto const policy = interworking::default_policy();
    auto const chrome = test::read_file(test::source_dir() / "examples/webrtc-offer.sdp");
    auto const code = [&](std::string const& text, interworking::call_state const& state = {}) {
      auto const r = interworking::to_ims(parsed(text), policy, state, resources());
      return r ? errc::ok : r.error().code;
    };
    auto without = [&](std::string text, std::string_view prefix) {
      std::size_t at;
      while ((at = text.find(prefix)) != std::string::npos)
        text.erase(at, text.find("\r\n", at) + 2 - at);
      return text;
    };
    CHECK(code(without(chrome, "a=fingerprint:")) == errc::iwf_missing_fingerprint);
    CHECK(code(without(without(chrome, "a=ice-ufrag:"), "a=ice-pwd:")) == errc::iwf_missing_ice);
    // An input breaking a cross-line MUST is refused at its byte.
    auto const lone_pwd =
        interworking::to_ims(parsed(without(chrome, "a=ice-ufrag:")), policy, {}, resources());
    CHECK(lone_pwd.error().where.line > 0);
    auto plain = chrome;
    plain.replace(plain.find("UDP/TLS/RTP/SAVPF 111"), 17, "RTP/AVP");
    CHECK(code(plain) == errc::iwf_webrtc_transport);
    auto g722 = chrome;
    g722.replace(g722.find("SAVPF 111 63 0 8 126"), 20, "SAVPF 9");
    CHECK(code(g722) == errc::iwf_no_codec);
    // An offer while one is pending: glare.
    auto const first = interworking::to_ims(parsed(chrome), policy, {}, resources());
    REQUIRE(first);
    CHECK(code(chrome, first->next) == errc::iwf_invalid_state);
    // An answer with nothing pending.
    auto const answer = interworking::ims_answer_to_webrtc(parsed(chrome), policy, {});
    CHECK(answer.error().code == errc::iwf_invalid_state);
    // Resources: an odd IMS port, a short ICE password.
    auto odd = resources();
    odd.ims_ports = {50001};
    auto const r1 = interworking::to_ims(parsed(chrome), policy, {}, odd);
    CHECK(r1.error().code == errc::iwf_resources);
    CHECK(r1.error().path == "/imsPorts/0");
    auto short_pwd = resources();
    short_pwd.ice_pwd = "short";
    CHECK(interworking::to_ims(parsed(chrome), policy, {}, short_pwd).error().code ==
          errc::iwf_resources);
  }

  TEST_CASE("rule 16: preconditions the policy cannot take; rule 12.3: SDES under srtp none") {
    auto policy = interworking::default_policy();
    auto const volte = example("volte-offer.sdp");
    policy.ims.preconditions = interworking::preconditions_mode::strip;
    CHECK(interworking::to_webrtc(volte, policy, {}, resources()).error().code ==
          errc::iwf_preconditions);
    policy.ims.preconditions = interworking::preconditions_mode::forbid;
    CHECK(interworking::to_webrtc(volte, policy, {}, resources()).error().code ==
          errc::iwf_preconditions);
    policy.ims.preconditions = interworking::preconditions_mode::strip;
    auto const webrtc = interworking::to_ims(example("webrtc-offer.sdp"), policy, {}, resources());
    REQUIRE(webrtc);
    CHECK(text(*webrtc).find("a=curr") == std::string::npos);
    CHECK(interworking::to_webrtc(example("sdes-offer.sdp"), interworking::default_policy(), {},
                                  resources())
              .error()
              .code == errc::iwf_srtp);
  }

  TEST_CASE("a WebRTC answer the IWF cannot take") {
    auto const policy = interworking::default_policy();
    auto const to_webrtc =
        interworking::to_webrtc(example("volte-offer.sdp"), policy, {}, resources());
    REQUIRE(to_webrtc);
    auto const actpass = interworking::to_ims(
        parsed(browser_answer(*to_webrtc->sdp, 96, "actpass")), policy, to_webrtc->next);
    CHECK(actpass.error().code == errc::iwf_dtls_role);
    auto bigger = browser_answer(*to_webrtc->sdp, 96);
    bigger.replace(bigger.find("BUNDLE 0"), 8, "BUNDLE 0 7");
    auto const r = interworking::to_ims(parsed(bigger), policy, to_webrtc->next);
    REQUIRE_FALSE(r);
  }

  TEST_CASE("the policy JSON: defaults, and errors with their pointer") {
    auto const p = interworking::policy_from_json(
        test::read_file(test::source_dir() / "examples/iwf/policy.json"));
    REQUIRE_MESSAGE(p, test::why(p));
    CHECK(p->ims.codecs.size() == 5);
    CHECK(p->webrtc.dtls_answer_role == sdp::setup_role::passive);
    auto const unknown = interworking::policy_from_json(R"({"ims": {"profil": "avp"}})");
    CHECK(unknown.error().path == "/ims/profil");
    auto const bad = interworking::policy_from_json(R"({"codecs": {"mode": "mask"}})");
    CHECK(bad.error().path == "/codecs/mode");
    CHECK(interworking::policy_from_json("{}"));
    // Rule 5: the lines each leg's SDP is made of cannot be passed through.
    auto const ice =
        interworking::policy_from_json(R"({"passAttributes": ["tra-contact", "ice-ufrag"]})");
    CHECK(ice.error().path == "/passAttributes/1");
    CHECK(interworking::policy_from_json(R"({"passAttributes": ["tra-contact"]})"));
  }

  TEST_CASE("every upstream SDP with audio translates, or fails with a named error") {
    auto const dir = test::upstream_dir();
    if (!std::filesystem::exists(dir)) {
      MESSAGE("upstream vectors not found: skipped");
      return;
    }
    auto const policy = interworking::default_policy();
    std::size_t translated = 0;
    std::size_t refused = 0;
    for (auto const& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".sdp") continue;
      auto const doc = sdp::parse(test::read_file(entry.path()), profile::lenient());
      if (!doc) continue;
      bool audio = false;
      for (std::size_t i = 0; i < doc->media_count(); ++i)
        audio = audio || doc->media(i).media() == "audio";
      if (!audio) continue;
      for (auto const from : {side::webrtc, side::ims}) {
        CAPTURE(entry.path().string());
        auto const r = from == side::webrtc
                           ? interworking::to_ims(*doc, policy, {}, resources())
                           : interworking::to_webrtc(*doc, policy, {}, resources());
        if (r) {
          ++translated;
          auto const problems =
              from == side::webrtc
                  ? interworking::check_ims(*r->sdp, interworking::sdp_type::offer, policy)
                  : interworking::check_webrtc(*r->sdp, interworking::sdp_type::offer);
          CHECK(problems.empty());
        } else {
          ++refused;
          auto const c = static_cast<int>(r.error().code);
          CHECK_MESSAGE((c >= 800 && c < 813), r.error().message());
        }
      }
    }
    MESSAGE(translated << " translations, " << refused << " named refusals");
    CHECK(translated >= 40);  // the WebRTC and the IMS-shaped ones with opus, G.711, AMR
  }
}
