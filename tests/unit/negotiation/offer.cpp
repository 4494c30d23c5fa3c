// Offer generation and re-offers (answer.hpp declares them beside create_answer).
#include <imsdp/negotiation/answer.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/datachannel/view.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/split_machine.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>
#include <map>

#include "support/files.hpp"
#include "support/negotiation_examples.hpp"
#include "support/negotiation_invariants.hpp"

using namespace imsdp;

namespace {

negotiation::channel_spec channel(std::uint16_t id, std::string label, std::string subprotocol) {
  negotiation::channel_spec c;
  c.stream_id = id;
  c.label = std::move(label);
  c.subprotocol = std::move(subprotocol);
  return c;
}

negotiation::capabilities ims_offerer() {
  auto caps = test::caps_file("caps-ims-ue.json");
  auto& dc = *caps.data_channel;
  auto idata = channel(1002, "aiml-idata", "3gpp-aiml-idata");
  idata.ordered = false;
  idata.max_time = 150;
  dc.channels = {channel(0, "", "http"), channel(1000, "aiml-ctrl", "3gpp-aiml"), idata};
  dc.control_stream = 1000;
  for (auto const* value : {"1 split task=\"urn:3gpp:aiml:task:asr\";part=p12;idc=1002;cmp=fp16",
                            "2 ue task=\"urn:3gpp:aiml:task:asr\"", "3 seq steps=1,2"}) {
    auto const a = sdp::parse_attribute("3gpp-aiml-split", value);
    REQUIRE(a);
    dc.split_configurations.push_back(
        aiml::split::configuration::from(*a->get<aiml::split::aiml_split_3gpp>()));
  }
  return caps;
}

// A re-offer obeys RFC 3264 section 8 against the description it comes from.
void check_reoffer(sdp::session_description const& before, negotiation::description const& after,
                   bool changed) {
  REQUIRE(after);
  CHECK(sdp::parse(sdp::serialize(*after), profile::strict()));
  CHECK(sdp::validate(*after).empty());
  CHECK(negotiation::check_offer(before, before, *after).empty());
  CHECK(negotiation::check_origin(before, *after));
  CHECK(after->origin()->session_version == before.origin()->session_version + (changed ? 1u : 0u));
}

}  // namespace

TEST_SUITE("negotiation.offer") {
  TEST_CASE("an initial offer from capabilities parses under strict") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const& doc = *offer->sdp;
    CHECK(sdp::parse(sdp::serialize(doc), profile::strict()));
    REQUIRE(doc.media_count() == 3);
    // EVS, AMR-WB, AMR, then telephone-event at 16 and 8 kHz.
    CHECK(doc.media(0).m().formats == "96 97 98 99 100");
    CHECK(doc.media(0).find<sdp::fmtp>("96")->parameters == "br=9.6-24.4;bw=nb-swb");
    CHECK(doc.media(0).find<sdp::rtpmap>(99u)->clock_rate == 16000);
    CHECK(doc.media(0).find<sdp::rtpmap>(100u)->encoding_name == "telephone-event");
    // One payload-type space for the whole offer (RFC 9143 7.5.2 within BUNDLE): H.264 is
    // the next dynamic number, not 96 again.
    CHECK(doc.media(1).m().formats == "101");
    REQUIRE(doc.media(1).find<sdp::fmtp>("101") != nullptr);
    CHECK(doc.media(1).find<sdp::fmtp>("101")->parameters ==
          "profile-level-id=42e01f;packetization-mode=0");
    CHECK(doc.media(2).proto() == "UDP/DTLS/SCTP");
    CHECK(datachannel::view(doc, 2).channels.size() == 3);
    CHECK(sdp::validate(doc).empty());
    CHECK(datachannel::validate(doc).empty());
    CHECK(aiml::split::configuration_sets(doc).front().configurations.size() == 3);
  }

  TEST_CASE("issue 19: an IMS offer with preconditions in the capabilities carries them") {
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.data_channel.reset();
    auto const offer = negotiation::create_offer(caps);
    REQUIRE(offer);
    std::vector<std::string> lines;
    for (auto const& a : (*offer).sdp->media(0).attributes())
      if (a.name == "curr" || a.name == "des")
        lines.push_back(std::string(a.name) + ":" + std::string(a.value));
    CHECK(lines == std::vector<std::string>{"curr:qos local none", "curr:qos remote none",
                                            "des:qos mandatory local sendrecv",
                                            "des:qos none remote sendrecv"});
    // Our own answerer takes it: the preconditions come back, not met yet, with conf.
    auto answerer = caps;
    auto const answer = negotiation::create_answer(*offer->sdp, answerer);
    REQUIRE(answer);
    CHECK(answer->sdp->media(0).find<sdp::conf>() != nullptr);
    CHECK(negotiation::check_answer(*offer->sdp, *answer->sdp).empty());
  }

  TEST_CASE("issue 19: the UPDATE of RFC 3312 section 8 states the reservations") {
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.data_channel.reset();
    auto const offer = negotiation::create_offer(caps);
    REQUIRE(offer);
    auto const peer = test::parse_body(
        "v=0\r\no=peer 2 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
        "m=audio 50000 RTP/AVP 96\r\na=rtpmap:96 EVS/16000\r\na=curr:qos local sendrecv\r\n"
        "a=curr:qos remote none\r\na=des:qos mandatory local sendrecv\r\n"
        "a=des:qos mandatory remote sendrecv\r\na=conf:qos remote sendrecv\r\n");
    auto const update =
        negotiation::update_preconditions(*offer->sdp, sdp::precondition_direction::sendrecv, peer);
    check_reoffer(*offer->sdp, *update, true);
    std::vector<std::string> current;
    for (auto const& c : (*update)->media(0).all<sdp::curr>())
      current.push_back(std::string(sdp::to_string(c.status)) + " " +
                        std::string(sdp::to_string(c.direction)));
    CHECK(current == std::vector<std::string>{"local sendrecv", "remote sendrecv"});
  }

  TEST_CASE("an offer with ICE credentials is JSEP-shaped: BUNDLE, mid, rtcp-mux") {
    auto const offer = negotiation::create_offer(test::caps_file("caps-opus-dc.json"));
    REQUIRE(offer);
    auto const& doc = *offer->sdp;
    CHECK(doc.session().find<sdp::group>()->tags == "0 1");
    CHECK(sdp::validate(doc).empty());
    CHECK(doc.media(0).proto() == "UDP/TLS/RTP/SAVPF");
    CHECK(doc.media(0).find<sdp::rtcp_mux>() != nullptr);
    CHECK(doc.media(0).find<sdp::rtpmap>(96u)->encoding_parameters == "2");  // opus/48000/2
    CHECK(doc.media(1).find<sdp::mid>()->value == "1");
  }

  TEST_CASE("a JSEP offer carries the host's transport: port, address, candidates, ice-lite") {
    auto caps = test::caps_file("caps-opus-dc.json");
    caps.ice_lite = true;
    caps.tls_id = "dGxzLWlkLTEyMzQ1Njc4OTA";
    negotiation::local_transport t;
    t.port = 40000;
    t.address = "203.0.113.5";
    t.candidates = {"1 1 udp 2130706431 203.0.113.5 40000 typ host"};
    t.end_of_candidates = true;
    caps.transports["*"] = t;
    auto const offer = negotiation::create_offer(caps);
    REQUIRE(offer);
    auto const& doc = *offer->sdp;
    CHECK(doc.session().find<sdp::ice_lite>() != nullptr);
    for (std::size_t i = 0; i < doc.media_count(); ++i) {
      CAPTURE(i);
      CHECK(doc.media(i).port() == 40000);
      CHECK(doc.media(i).effective_connection()->address == "203.0.113.5");
      CHECK(doc.media(i).all<sdp::candidate>().size() == 1);
      CHECK(doc.media(i).find<sdp::end_of_candidates>() != nullptr);
      CHECK(doc.media(i).find<sdp::tls_id>() != nullptr);  // RFC 8842 4: every DTLS m-line
    }
  }

  TEST_CASE("an offer without the needed fingerprint or clock rate is refused") {
    auto caps = test::caps_file("caps-ims-ue.json");
    caps.fingerprint.clear();
    CHECK(negotiation::create_offer(caps).error().code == errc::capabilities_invalid);
    auto no_rate = test::caps_file("caps-audio-only.json");
    no_rate.audio->codecs.front().clock_rate = 0;
    CHECK(negotiation::create_offer(no_rate).error().code == errc::capabilities_invalid);
  }

  TEST_CASE("hold and resume change directions and the version only when needed") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const held = negotiation::hold(*offer->sdp);
    check_reoffer(*offer->sdp, *held, true);
    CHECK((*held)->media(0).direction() == sdp::media_direction::sendonly);
    CHECK((*held)->media(2).direction() == std::nullopt);  // data channels have none
    auto const again = negotiation::hold(**held);
    check_reoffer(**held, *again, false);
    auto const resumed = negotiation::resume(**held);
    check_reoffer(**held, *resumed, true);
    CHECK((*resumed)->media(0).direction() == sdp::media_direction::sendrecv);
  }

  TEST_CASE("issue 20 defect 13: a WebRTC offer gives each payload type one codec in the bundle") {
    auto caps = test::caps_file("caps-opus-dc.json");
    negotiation::media_capabilities video;
    negotiation::codec vp8;
    vp8.name = "VP8";
    vp8.clock_rate = 90000;
    negotiation::codec h264 = vp8;
    h264.name = "H264";
    video.codecs = {vp8, h264};
    video.telephone_event = false;
    caps.video = video;
    auto const offer = negotiation::create_offer(caps);
    REQUIRE(offer);
    std::map<unsigned, std::string> codec_of;
    for (std::size_t i = 0; i < (*offer).sdp->media_count(); ++i)
      for (auto const& map : (*offer).sdp->media(i).all<sdp::rtpmap>()) {
        auto const entry = codec_of.emplace(map.payload_type, map.encoding_name);
        std::string const known = entry.first->second;
        CHECK_MESSAGE(
            (entry.second || known == map.encoding_name),
            "pt " << unsigned{map.payload_type} << " is " << known << " and " << map.encoding_name);
      }
    CHECK(codec_of.size() == 4);  // opus, telephone-event, VP8, H264
  }

  TEST_CASE(
      "issue 20 defect 13: re-offers of a BUNDLE session keep one address and one transport") {
    auto const offer = negotiation::create_offer(test::caps_file("caps-opus-dc.json"));
    REQUIRE(offer);
    auto const held = negotiation::hold(*offer->sdp);
    check_reoffer(*offer->sdp, *held, true);
    auto const& doc = **held;
    CHECK(doc.media(0).port() == doc.media(1).port());  // RFC 9143 7.5.1
    CHECK(doc.media(0).find<sdp::ice_ufrag>() != nullptr);
    CHECK(doc.media(1).find<sdp::ice_ufrag>() == nullptr);
    CHECK(doc.media(1).find<sdp::fingerprint>() == nullptr);
    // Nothing to change the second time: the same description, the same version.
    auto const again = negotiation::hold(doc);
    check_reoffer(doc, *again, false);
    // Disabling the tagged m-line takes its mid out of the group and moves the transport.
    auto const off = negotiation::disable_media(doc, 0);
    check_reoffer(doc, *off, true);
    CHECK((*off)->session().find<sdp::group>()->tags == "1");
    CHECK((*off)->media(1).find<sdp::ice_ufrag>() != nullptr);
    CHECK((*off)->media(1).find<sdp::fingerprint>() != nullptr);
    CHECK(sdp::validate(**off).empty());
  }

  TEST_CASE("issue 20 defect 7: a re-offer after a refused one continues its o= version") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const held = negotiation::hold(*offer->sdp);  // sent, then refused with 488
    REQUIRE(held);
    auto const off = negotiation::disable_media(*offer->sdp, 1, *held);
    REQUIRE(off);
    CHECK((*off)->origin()->session_version == (*held)->origin()->session_version + 1);
    CHECK(negotiation::check_origin(**held, **off));
    // The same content as the refused offer keeps its version.
    auto const again = negotiation::hold(*offer->sdp, *held);
    REQUIRE(again);
    CHECK((*again)->origin()->session_version == (*held)->origin()->session_version);
  }

  TEST_CASE("issue 20 item 3: upgrading an audio call to video in a re-offer") {
    auto caps = test::caps_file("caps-webrtc.json");
    auto audio_only = caps;
    audio_only.video.reset();
    audio_only.data_channel.reset();
    auto const offer = negotiation::create_offer(audio_only);
    REQUIRE(offer);
    auto const upgraded = negotiation::add_media(*offer->sdp, caps, "video");
    check_reoffer(*offer->sdp, *upgraded, true);
    auto const& doc = **upgraded;
    REQUIRE(doc.media_count() == 2);
    CHECK(doc.media(1).media() == "video");
    CHECK(doc.media(1).find<sdp::mid>()->value == "1");
    CHECK(doc.session().find<sdp::group>()->tags == "0 1");
    CHECK(doc.media(1).port() == doc.media(0).port());  // one BUNDLE address
    CHECK(test::check_bundle_transport(doc) == "");
    // No payload type names two codecs; one id per extension URI.
    std::map<unsigned, std::string> codec_of;
    std::map<std::string, unsigned> id_of;
    for (std::size_t i = 0; i < doc.media_count(); ++i) {
      for (auto const& map : doc.media(i).all<sdp::rtpmap>()) {
        auto const entry = codec_of.emplace(map.payload_type, map.encoding_name);
        bool const one_codec = entry.second || entry.first->second == map.encoding_name;
        CHECK(one_codec);
      }
      for (auto const& x : doc.media(i).all<sdp::extmap>()) {
        auto const entry = id_of.emplace(x.uri, x.id);
        bool const one_id = entry.second || entry.first->second == x.id;
        CHECK(one_id);
      }
    }
    // A rejected slot is reused (RFC 3264 8.3) rather than a new m-line added.
    auto const off = negotiation::disable_media(doc, 1);
    auto const again = negotiation::add_media(**off, caps, "video");
    REQUIRE(again);
    CHECK((*again)->media_count() == 2);
    CHECK((*again)->media(1).port() != 0);
    CHECK(negotiation::add_media(doc, audio_only, "video").error().code == errc::invalid_argument);
  }

  TEST_CASE("issue 20 item 3: an ICE restart puts the host's new credentials everywhere") {
    auto const offer = negotiation::create_offer(test::caps_file("caps-webrtc.json"));
    REQUIRE(offer);
    auto const restarted = negotiation::restart_ice(*offer->sdp, "n3wU", "n3wPasswordOf22Charsxx");
    check_reoffer(*offer->sdp, *restarted, true);
    // In BUNDLE the tagged m= section carries the transport (RFC 9143 7.5.1).
    REQUIRE((*restarted)->media(0).find<sdp::ice_ufrag>() != nullptr);
    for (std::size_t i = 0; i < (*restarted)->media_count(); ++i)
      if (auto const* ufrag = (*restarted)->media(i).find<sdp::ice_ufrag>())
        CHECK(ufrag->value == "n3wU");
    CHECK(negotiation::restart_ice(*offer->sdp, "", "x").error().code == errc::invalid_argument);
  }

  TEST_CASE("disabling an m-line keeps it with port 0") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const off = negotiation::disable_media(*offer->sdp, 1);
    check_reoffer(*offer->sdp, *off, true);
    CHECK((*off)->media_count() == 3);
    CHECK((*off)->media(1).port() == 0);
    CHECK(negotiation::disable_media(*offer->sdp, 9).error().code == errc::not_found);
  }

  TEST_CASE("channels are added and removed with their scoped attributes") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const added = negotiation::add_channel(*offer->sdp, 2, channel(1004, "ar", "webrtc-ar"));
    check_reoffer(*offer->sdp, *added, true);
    CHECK(datachannel::view(**added, 2).find(1004) != nullptr);
    CHECK(negotiation::add_channel(*offer->sdp, 2, channel(1000, "x", "y")).error().code ==
          errc::dc_duplicate_stream_id);
    CHECK(negotiation::add_channel(*offer->sdp, 0, channel(1010, "x", "y")).error().code ==
          errc::dc_not_a_datachannel);
    CHECK(negotiation::add_channel(*offer->sdp, 2, channel(1010, "a\"b", "y")).error().code ==
          errc::invalid_argument);
    auto const removed = negotiation::remove_channel(*offer->sdp, 2, 1000);
    check_reoffer(*offer->sdp, *removed, true);
    CHECK(datachannel::view(**removed, 2).find(1000) == nullptr);
    CHECK((*removed)->media(2).all<datachannel::dcsa>().empty());  // its configurations went
    CHECK(negotiation::remove_channel(*offer->sdp, 2, 4242).error().code == errc::not_found);
  }

  TEST_CASE("split configurations are added and removed, sequences with their steps") {
    auto const offer = negotiation::create_offer(ims_offerer());
    REQUIRE(offer);
    auto const a = sdp::parse_attribute("3gpp-aiml-split", "4 nw task=\"urn:3gpp:aiml:task:mt\"");
    REQUIRE(a);
    auto const mt = aiml::split::configuration::from(*a->get<aiml::split::aiml_split_3gpp>());
    auto const added = negotiation::add_split_configuration(*offer->sdp, 2, 1000, mt);
    check_reoffer(*offer->sdp, *added, true);
    CHECK(aiml::split::configuration_sets(**added).front().configurations.size() == 4);
    CHECK(negotiation::add_split_configuration(**added, 2, 1000, mt).error().code ==
          errc::split_duplicate_cfg_id);
    CHECK(negotiation::add_split_configuration(**added, 2, 1002, mt).error().code ==
          errc::split_not_on_control_channel);
    // Removing cfg 1 removes the sequence 3 that names it as a step.
    auto const removed = negotiation::remove_split_configuration(**added, 2, 1000, 1);
    check_reoffer(**added, *removed, true);
    auto const sets = aiml::split::configuration_sets(**removed);
    std::vector<unsigned> left;
    for (auto const& c : sets.front().configurations)
      left.push_back(c.cfg_id);
    CHECK(left == std::vector<unsigned>{2, 4});
    CHECK(datachannel::validate(**removed).empty());
    CHECK(negotiation::remove_split_configuration(**removed, 2, 1000, 1).error().code ==
          errc::not_found);
  }

  TEST_CASE("MTSI offers: AMR in both framings, AVPF by capability negotiation, b=RS/RR") {
    auto const caps = negotiation::capabilities_from_json(R"({"audio": {
        "codecs": [{"name": "AMR-WB", "clockRate": 16000}], "rtpProfile": "avpf-capneg",
        "bandwidthRs": 0, "bandwidthRr": 2000}})");
    REQUIRE(caps);
    auto const offer = negotiation::create_offer(*caps);
    REQUIRE(offer);
    auto const text = sdp::serialize(*offer->sdp);
    // RFC 4867 8.3 and TS 26.114 Annex A.1: bandwidth-efficient, then octet-aligned.
    CHECK(text.find("m=audio 49170 RTP/AVP 96 97\r\n") != std::string::npos);
    CHECK(text.find("a=rtpmap:96 AMR-WB/16000\r\na=rtpmap:97 AMR-WB/16000\r\n"
                    "a=fmtp:97 octet-align=1\r\n") != std::string::npos);
    CHECK(text.find("b=RS:0\r\nb=RR:2000\r\n") != std::string::npos);
    CHECK(text.find("a=tcap:1 RTP/AVPF\r\na=pcfg:1 t=1\r\n") != std::string::npos);
    CHECK(sdp::parse(text, profile::ims()).has_value());
  }
}
