// Scaling of the full parse with input size, up to the default limits (bench/README.md):
//
//   media/N       N m-sections like a Chrome video section (rtpmap, rtcp-fb, fmtp, candidate,
//                 ssrc lines), one BUNDLE group naming every mid; N up to limits.max_media
//   attributes/N  one m-section with N a= lines (candidate, rtcp-fb, fmtp, ssrc); N up to
//                 limits.max_attributes
//   line-*/N      one a= line of N bytes (up to limits.max_line_length) in a small offer:
//                 line-unknown an attribute imsdp does not type (kept as text), line-fmtp a
//                 typed fmtp whose parameters are scanned byte by byte, line-candidate a typed
//                 candidate with N/20 extension pairs parsed token by token
//   malformed/N   one m-section with N a= lines whose values fail their grammar in eight
//                 ways (a field missing, a literal missing, a number out of range, ...),
//                 parsed under the lenient profile, which keeps each one raw with a
//                 diagnostic: a hostile peer's bad lines must cost what good ones do
//
// Every input is generated here and parsed with the default parse_options (strict profile,
// default limits: no case needs a raised limit); malformed/N with profile::lenient(). Reported per
// size: time per parse, bytes/s, time per line, allocations and diagnostics per parse.
// bench/plot_scaling.py checks that the time grows linearly and draws docs/scaling.png.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <imsdp/options.hpp>
#include <imsdp/sdp/parse.hpp>
#include <string>

#include "count_allocations.hpp"

namespace {

constexpr imsdp::limits default_limits{};

constexpr char const* stream_id = "3f5d1c2e-8b7a-4c61-9e2d-5a0b7c4d1e9f";
constexpr char const* fingerprint =
    "a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:"
    "43:F0:A1:58:D0:A1:2C:19:08\r\n";

void line(std::string& out, std::string const& text) {
  out += text;
  out += "\r\n";
}

std::string number(std::size_t n) {
  return std::to_string(n);
}

std::string session_header(std::string const& group) {
  std::string out;
  line(out, "v=0");
  line(out, "o=- 4611731400430051336 2 IN IP4 127.0.0.1");
  line(out, "s=-");
  line(out, "t=0 0");
  if (!group.empty()) line(out, "a=group:BUNDLE" + group);
  line(out, "a=extmap-allow-mixed");
  line(out, std::string("a=msid-semantic: WMS ") + stream_id);
  return out;
}

std::string host_candidate(std::size_t i) {
  return "a=candidate:" + number(2999745851u + i) + " 1 udp 2122260223 192.168." +
         number(i / 250 % 250) + "." + number(1 + i % 250) + " " + number(10000 + i % 50000) +
         " typ host generation 0 network-id 1 network-cost 10";
}

std::string srflx_candidate(std::size_t i) {
  return "a=candidate:" + number(842163049u + i) + " 1 udp 1686052607 203.0.113." +
         number(1 + i % 250) + " " + number(10000 + i % 50000) + " typ srflx raddr 192.168." +
         number(i / 250 % 250) + "." + number(1 + i % 250) + " rport " + number(10000 + i % 50000) +
         " generation 0 network-id 1 network-cost 10";
}

std::string track_id(std::size_t i) {
  return "6c1e0d2b-7f3a-4e59-b8c4-" + std::string(12 - number(i).size(), '0') + number(i);
}

// One video m-section as Chrome writes it (51 lines, about 1.8 KB).
void video_section(std::string& out, std::size_t i) {
  std::size_t const ssrc = 100000 + 2 * i;
  line(out, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 127 121");
  line(out, "c=IN IP4 0.0.0.0");
  line(out, "a=rtcp:9 IN IP4 0.0.0.0");
  line(out, host_candidate(i));
  line(out, srflx_candidate(i));
  line(out, "a=ice-ufrag:Xk7t");
  line(out, "a=ice-pwd:Vb3tXz9Lq0aW1fR2mN6yPq8s");
  line(out, "a=ice-options:trickle");
  out += fingerprint;
  line(out, "a=setup:actpass");
  line(out, "a=mid:" + number(i));
  line(out, "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
  line(out, "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid");
  line(out, "a=sendrecv");
  line(out, std::string("a=msid:") + stream_id + " " + track_id(i));
  line(out, "a=rtcp-mux");
  line(out, "a=rtcp-rsize");
  auto const codec = [&out](int pt, char const* name) {
    line(out, "a=rtpmap:" + number(pt) + " " + name + "/90000");
    for (char const* fb : {"goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"})
      line(out, "a=rtcp-fb:" + number(pt) + " " + fb);
  };
  auto const rtx = [&out](int pt, int apt) {
    line(out, "a=rtpmap:" + number(pt) + " rtx/90000");
    line(out, "a=fmtp:" + number(pt) + " apt=" + number(apt));
  };
  codec(96, "VP8");
  rtx(97, 96);
  codec(98, "VP9");
  line(out, "a=fmtp:98 profile-id=0");
  rtx(99, 98);
  codec(100, "H264");
  line(out, "a=fmtp:100 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
  rtx(101, 100);
  line(out, "a=rtpmap:127 red/90000");
  rtx(121, 127);
  line(out, "a=ssrc-group:FID " + number(ssrc) + " " + number(ssrc + 1));
  for (std::size_t s : {ssrc, ssrc + 1}) {
    line(out, "a=ssrc:" + number(s) + " cname:q8ZtVw3kR1pLx0Yb");
    line(out, "a=ssrc:" + number(s) + " msid:" + stream_id + " " + track_id(i));
  }
}

std::string media_input(std::size_t sections) {
  std::string group;
  for (std::size_t i = 0; i < sections; ++i)
    group += " " + number(i);
  std::string out = session_header(group);
  for (std::size_t i = 0; i < sections; ++i)
    video_section(out, i);
  return out;
}

// One m-section whose a= lines cycle through eight kinds that may repeat in a section
// (rtpmap may not: a payload type is mapped once per section).
std::string attributes_input(std::size_t attributes) {
  std::string out = session_header({});
  line(out, "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 102 103");
  line(out, "c=IN IP4 0.0.0.0");
  for (std::size_t i = 0; i < attributes; ++i) {
    std::string const pt = number(96 + i / 8 % 8);
    std::size_t const ssrc = 100000 + i / 8;
    switch (i % 8) {
      case 0:
        line(out, host_candidate(i / 8));
        break;
      case 1:
        line(out, "a=rtcp-fb:" + pt + " nack");
        break;
      case 2:
        line(out, "a=ssrc:" + number(ssrc) + " cname:q8ZtVw3kR1pLx0Yb");
        break;
      case 3:
        line(out, "a=fmtp:" + pt +
                      " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
        break;
      case 4:
        line(out, "a=rtcp-fb:" + pt + " nack pli");
        break;
      case 5:
        line(out, "a=ssrc:" + number(ssrc) + " msid:" + stream_id + " " + track_id(i / 8));
        break;
      case 6:
        line(out, srflx_candidate(i / 8));
        break;
      default:
        line(out, "a=rtcp-fb:" + pt + " transport-cc");
        break;
    }
  }
  return out;
}

// Appends `piece(k)` for k = 0, 1, ... while the line stays under `length` bytes, then pads
// with `filler` bytes so that the line is exactly `length` bytes long (without its CRLF).
template <class Piece>
std::string exact_line(std::string start, std::size_t length, Piece const& piece, char filler) {
  for (std::size_t k = 0;; ++k) {
    std::string const next = piece(k);
    if (start.size() + next.size() + 8 > length) break;
    start += next;
  }
  start.append(length - start.size(), filler);
  return start;
}

enum class long_line { unknown, fmtp, candidate };

std::string long_line_input(long_line kind, std::size_t length) {
  std::string out = session_header({});
  line(out, "m=video 9 UDP/TLS/RTP/SAVPF 96");
  line(out, "c=IN IP4 0.0.0.0");
  line(out, "a=mid:0");
  line(out, "a=rtpmap:96 H264/90000");
  switch (kind) {
    case long_line::unknown:  // an opaque value: base64-like text
      line(out, exact_line(
                    "a=x-opaque-blob:", length,
                    [](std::size_t) { return std::string("QmVuY2htYXJrIGlucHV0IGRhdGE6"); }, 'A'));
      break;
    case long_line::fmtp:  // format-specific-params = byte-string
      line(out, exact_line(
                    "a=fmtp:96 packetization-mode=1", length,
                    [](std::size_t k) { return ";x-param-" + number(k) + "=" + number(k * 7919); },
                    '0'));
      break;
    case long_line::candidate:  // *(SP extension-att-name SP extension-att-value)
      line(out,
           exact_line(
               host_candidate(0), length,
               [](std::size_t k) { return " x-ext-" + number(k) + " value-" + number(k); }, 'v'));
      break;
  }
  line(out, "a=sendrecv");
  return out;
}

// One m-section whose a= lines cycle through eight malformed values: the grammar stops
// where a field, a literal or a hex pair should be, at a number out of range, or at a byte
// no keyword takes.
std::string malformed_input(std::size_t attributes) {
  std::string out = session_header({});
  line(out, "m=video 9 UDP/TLS/RTP/SAVPF 96");
  line(out, "c=IN IP4 0.0.0.0");
  for (std::size_t i = 0; i < attributes; ++i) {
    std::string const n = number(i);
    switch (i % 8) {
      case 0:  // SP expected after the transport
        line(out, "a=candidate:" + n + " 1 udp");
        break;
      case 1:  // "typ" expected
        line(out, "a=candidate:" + n + " 1 udp 2122260223 192.168.0.1 10000 host");
        break;
      case 2:  // SP expected after the format
        line(out, "a=rtcp-fb:96");
        break;
      case 3:  // ssrc-id out of range
        line(out, "a=ssrc:9" + std::string(10, '9') + " cname:" + n);
        break;
      case 4:  // a hex pair cut short
        line(out, "a=fingerprint:sha-256 7B:8");
        break;
      case 5:  // SP expected after the stream id
        line(out, "a=ssrc:" + n);
        break;
      case 6:  // no setup role
        line(out, "a=setup:actpas");
        break;
      default:  // "/" expected after the encoding name
        line(out, "a=extmap:" + number(1 + i % 14) + "/sendx urn:ietf:params:rtp-hdrext:sdes:mid");
        break;
    }
  }
  return out;
}

std::size_t count_lines(std::string const& text) {
  std::size_t n = 0;
  for (char ch : text)
    n += ch == '\n' ? 1 : 0;
  return n;
}

void parse(benchmark::State& state, std::string const& text,
           imsdp::parse_options const& options = {}) {  // strict profile, default limits
  auto const check = imsdp::sdp::parse(text, options);
  if (!check) {
    state.SkipWithError(("input rejected: " + std::string(check.error().message())).c_str());
    return;
  }
  auto const diagnostics = check->diagnostics().size();

  std::size_t const before = imsdp::bench::allocations_so_far();
  std::size_t runs = 0;
  for (auto _ : state) {
    auto doc = imsdp::sdp::parse(text, options);
    benchmark::DoNotOptimize(doc);
    ++runs;
  }
  auto const lines = static_cast<double>(count_lines(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(runs * text.size()));
  state.counters["bytes"] = static_cast<double>(text.size());
  state.counters["lines"] = lines;
  // Seconds per line, printed with an SI prefix ("52n" is 52 ns).
  state.counters["time_per_line"] = benchmark::Counter(
      lines, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["allocs"] =
      static_cast<double>(imsdp::bench::allocations_so_far() - before) / static_cast<double>(runs);
  state.counters["diagnostics"] = static_cast<double>(diagnostics);
}

void media(benchmark::State& state) {
  parse(state, media_input(static_cast<std::size_t>(state.range(0))));
}

void attributes(benchmark::State& state) {
  parse(state, attributes_input(static_cast<std::size_t>(state.range(0))));
}

void malformed(benchmark::State& state) {
  parse(state, malformed_input(static_cast<std::size_t>(state.range(0))),
        imsdp::parse_options{imsdp::profile::lenient()});
}

template <long_line Kind>
void long_line_case(benchmark::State& state) {
  parse(state, long_line_input(Kind, static_cast<std::size_t>(state.range(0))));
}

// x4 steps, ending exactly on the default limit.
BENCHMARK(media)
    ->Name("scaling/media")
    ->RangeMultiplier(4)
    ->Range(1, static_cast<std::int64_t>(default_limits.max_media));
BENCHMARK(attributes)
    ->Name("scaling/attributes")
    ->RangeMultiplier(4)
    ->Range(16, static_cast<std::int64_t>(default_limits.max_attributes));
BENCHMARK(malformed)
    ->Name("scaling/malformed")
    ->RangeMultiplier(4)
    ->Range(16, static_cast<std::int64_t>(default_limits.max_attributes));
BENCHMARK(long_line_case<long_line::unknown>)
    ->Name("scaling/line-unknown")
    ->RangeMultiplier(4)
    ->Range(1 << 10, static_cast<std::int64_t>(default_limits.max_line_length));
BENCHMARK(long_line_case<long_line::fmtp>)
    ->Name("scaling/line-fmtp")
    ->RangeMultiplier(4)
    ->Range(1 << 10, static_cast<std::int64_t>(default_limits.max_line_length));
BENCHMARK(long_line_case<long_line::candidate>)
    ->Name("scaling/line-candidate")
    ->RangeMultiplier(4)
    ->Range(1 << 10, static_cast<std::int64_t>(default_limits.max_line_length));

}  // namespace

BENCHMARK_MAIN();
