#include "negotiation/codecs.hpp"
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <filesystem>
#include <imsdp/interworking/json.hpp>
#include <imsdp/sdp/parse.hpp>

#include "support/files.hpp"
#include "support/negotiation_examples.hpp"

using namespace imsdp;
namespace fs = std::filesystem;
using negotiation::detail::match;
using negotiation::detail::match_detail;

namespace {

// Every codec list the library matches offers against: the example capabilities, the
// interworking policies (both legs and the media function), and codecs whose parameters
// decide (AMR framing and modes, EVS ranges, H.264 profiles and levels).
std::vector<negotiation::codec> local_codecs() {
  std::vector<negotiation::codec> out;
  auto const add = [&](std::vector<negotiation::codec> const& list) {
    out.insert(out.end(), list.begin(), list.end());
  };
  for (auto const* name : {"caps-opus-dc.json", "caps-ims-ue.json", "caps-audio-only.json",
                           "caps-webrtc.json", "caps-sip-trunk.json"}) {
    auto const caps = test::caps_file(name);
    if (caps.audio) add(caps.audio->codecs);
    if (caps.video) add(caps.video->codecs);
  }
  for (auto const* name : {"policy.json", "policy-vilte.json", "policy-sdes.json"}) {
    auto const p =
        interworking::policy_from_json(test::read_file(test::source_dir() / "examples/iwf" / name));
    REQUIRE(p);
    add(p->ims.codecs);
    add(p->webrtc.codecs);
    add(p->media_function.codecs);
    add(p->video_codecs);
  }
  auto const named = [](std::string name, std::uint32_t rate) {
    negotiation::codec c;
    c.name = std::move(name);
    c.clock_rate = rate;
    return c;
  };
  auto amr = named("AMR", 8000);
  amr.octet_align = true;
  amr.mode_set = {0, 7};
  out.push_back(amr);
  amr.octet_align = false;
  amr.mode_set = {3};
  out.push_back(amr);
  auto evs = named("EVS", 16000);
  evs.bitrates = "13.2-24.4";
  evs.bandwidths = "wb-swb";
  out.push_back(evs);
  auto h264 = named("H264", 90000);
  h264.profiles = {"main"};
  h264.max_level = 0x1f;
  h264.packetization_modes = {1};
  out.push_back(h264);
  return out;
}

// Offers whose formats take each rule's branches, beside the upstream files.
std::string const offers =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
    "m=audio 9 RTP/AVP 96 97 98 99 100 101 102 103 104\r\n"
    "a=rtpmap:96 AMR/8000/1\r\na=fmtp:96 mode-set=0,2,7;octet-align=1\r\n"
    "a=rtpmap:97 AMR/8000/1\r\na=fmtp:97 mode-set=4\r\n"
    "a=rtpmap:98 AMR/8000/1\r\na=fmtp:98 robust-sorting=1\r\n"
    "a=rtpmap:99 AMR-WB/16000/1\r\n"
    "a=rtpmap:100 EVS/16000\r\na=fmtp:100 br=5.9-13.2;bw=nb-wb\r\n"
    "a=rtpmap:101 EVS/16000\r\na=fmtp:101 br-send=24.4;br-recv=9.6-24.4\r\n"
    "a=rtpmap:102 AMR/16000/1\r\na=rtpmap:103 opus/48000/2\r\na=rtpmap:104 PCMU/8000/2\r\n"
    "m=video 9 RTP/AVP 110 111 112 113\r\n"
    "a=rtpmap:110 H264/90000\r\na=fmtp:110 profile-level-id=42e01f;packetization-mode=1\r\n"
    "a=rtpmap:111 H264/90000\r\na=fmtp:111 profile-level-id=640028\r\n"
    "a=rtpmap:112 H264/90000\r\na=fmtp:112 profile-level-id=zz;packetization-mode=1\r\n"
    "a=rtpmap:113 VP8/90000\r\n";

}  // namespace

TEST_SUITE("negotiation.codecs") {
  TEST_CASE("match: the verdict alone is the full match's verdict, on every offered format") {
    auto const locals = local_codecs();
    std::vector<std::string> texts{offers};
    auto const dir = test::upstream_dir();
    if (fs::exists(dir))
      for (auto const& entry : fs::recursive_directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".sdp")
          texts.push_back(test::read_file(entry.path()));
    std::size_t pairs = 0;
    std::size_t accepted = 0;
    for (auto const& text : texts) {
      auto const doc = sdp::parse(text, profile::lenient());
      if (!doc) continue;
      for (std::size_t i = 0; i < doc->media_count(); ++i)
        for (auto const& f : negotiation::detail::resolve_all(doc->media(i)))
          for (auto const& c : locals) {
            auto const full = match(f, c);
            auto const verdict = match(f, c, match_detail::verdict);
            CAPTURE(f.label());
            CAPTURE(c.name);
            CHECK(verdict.accepted == full.accepted);
            ++pairs;
            accepted += full.accepted ? 1 : 0;
          }
    }
    MESSAGE(pairs << " format and codec pairs, " << accepted << " accepted");
    CHECK(accepted > 100);
    CHECK(pairs > 10 * accepted);
  }
}
