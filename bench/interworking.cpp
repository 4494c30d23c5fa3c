// The interworking translations against the parse of their input, in one run (DESIGN.md
// section 12: translating the Chrome offer to IMS costs at most 3x its parse): the Chrome
// and Firefox offers of the peer corpus through to_ims, the VoLTE offer through to_webrtc.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <imsdp/interworking/translate.hpp>
#include <imsdp/sdp/parse.hpp>
#include <sstream>
#include <string>

#include "count_allocations.hpp"

namespace {

std::string read(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

imsdp::interworking::media_resources resources() {
  imsdp::interworking::media_resources r;
  r.session_id = 4242;
  r.webrtc_address = "203.0.113.5";
  r.webrtc_port = 40000;
  r.ice_ufrag = "Fq3xIWF1";
  r.ice_pwd = "Zk8pQ2wLm4Rt7Yv9Bn3Cx5Dq";
  r.webrtc_fingerprint =
      "sha-256 6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:"
      "7C:D5:28:6E:B4";
  r.ims_address = "192.0.2.10";
  r.ims_ports = {50000, 50002};
  return r;
}

void parse(benchmark::State& state, std::string const& text) {
  for (auto _ : state) {
    auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
    benchmark::DoNotOptimize(doc);
  }
}

template <bool ToIms>
void translate(benchmark::State& state, std::string const& text) {
  auto const doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
  auto const policy = imsdp::interworking::default_policy();
  auto const res = resources();
  std::size_t const before = imsdp::bench::allocations_so_far();
  std::size_t runs = 0;
  for (auto _ : state) {
    auto t = ToIms ? imsdp::interworking::to_ims(*doc, policy, {}, res)
                   : imsdp::interworking::to_webrtc(*doc, policy, {}, res);
    if (!t) state.SkipWithError(t.error().message().c_str());
    benchmark::DoNotOptimize(t);
    ++runs;
  }
  state.counters["allocs"] =
      static_cast<double>(imsdp::bench::allocations_so_far() - before) / static_cast<double>(runs);
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path const corpus = IMSDP_BENCH_CORPUS;
  std::filesystem::path const examples = IMSDP_EXAMPLES;
  auto const pick = [&](char const* in_corpus, char const* in_examples) {
    auto const p = corpus / in_corpus;
    return read(std::filesystem::exists(p) ? p : examples / in_examples);
  };
  static std::string const chrome = pick("01_chrome_offer.sdp", "webrtc-offer.sdp");
  static std::string const firefox = pick("02_firefox_offer.sdp", "webrtc-offer.sdp");
  static std::string const volte = read(examples / "volte-offer.sdp");
  benchmark::RegisterBenchmark("parse/chrome", parse, chrome);
  benchmark::RegisterBenchmark("to_ims/chrome", translate<true>, chrome);
  benchmark::RegisterBenchmark("parse/firefox", parse, firefox);
  benchmark::RegisterBenchmark("to_ims/firefox", translate<true>, firefox);
  benchmark::RegisterBenchmark("parse/volte", parse, volte);
  benchmark::RegisterBenchmark("to_webrtc/volte", translate<false>, volte);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
