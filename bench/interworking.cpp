// The interworking translations against the parse of their input, in one run (DESIGN.md
// section 12: translating the Chrome offer to IMS costs at most 3x its parse): the Chrome
// and Firefox offers of the peer corpus through to_ims, the VoLTE offer through to_webrtc.
// Each translation has a floor row: the least a translation of this design does.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <imsdp/interworking/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>
#include <string>

#include "count_allocations.hpp"
#include "read_file.hpp"

namespace {

// An input and the file it came from: a build whose ../shared is not beside the source
// tree reads examples/ instead, and the label says so.
struct input {
  std::string file;
  std::string text;
};

void parse(benchmark::State& state, input const& in) {
  state.SetLabel(in.file);
  auto const& text = in.text;
  for (auto _ : state) {
    auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
    benchmark::DoNotOptimize(doc);
  }
}

// One translation of `doc` from a fresh call state, with examples/iwf/resources.json.
template <bool ToIms>
imsdp::result<imsdp::interworking::translation> translated(
    imsdp::sdp::session_description const& doc, imsdp::interworking::policy const& policy) {
  static auto const res = *imsdp::interworking::resources_from_json(
      imsdp::bench::read_file(std::filesystem::path(IMSDP_EXAMPLES) / "iwf/resources.json"));
  return ToIms ? imsdp::interworking::to_ims(doc, policy, {}, res)
               : imsdp::interworking::to_webrtc(doc, policy, {}, res);
}

template <bool ToIms>
void translate(benchmark::State& state, input const& in) {
  state.SetLabel(in.file);
  auto const doc = imsdp::sdp::parse(in.text, imsdp::profile::lenient());
  auto const policy = imsdp::interworking::default_policy();
  std::size_t const before = imsdp::bench::allocations_so_far();
  std::size_t runs = 0;
  for (auto _ : state) {
    auto t = translated<ToIms>(*doc, policy);
    if (!t) state.SkipWithError(t.error().message().c_str());
    benchmark::DoNotOptimize(t);
    ++runs;
  }
  state.counters["allocs"] =
      static_cast<double>(imsdp::bench::allocations_so_far() - before) / static_cast<double>(runs);
}

// The floor of a translation: the cross-line check of its input, the strict parse of the
// translation's own output text (made once, before timing) with its cross-line check, and
// the write of that text. A translation hands back a checked, parsed description of what
// it writes, so no plan, codec choice or call state can take it below this row.
template <bool ToIms>
void floor(benchmark::State& state, input const& in) {
  state.SetLabel(in.file);
  auto const doc = imsdp::sdp::parse(in.text, imsdp::profile::lenient());
  auto const t = translated<ToIms>(*doc, imsdp::interworking::default_policy());
  if (!t) {
    state.SkipWithError(t.error().message().c_str());
    return;
  }
  auto const output = imsdp::sdp::serialize_exact(*t->sdp);
  for (auto _ : state) {
    auto input_problems = imsdp::sdp::validate(*doc);
    auto ours = imsdp::sdp::parse(output, imsdp::profile::strict());
    if (!ours) {
      state.SkipWithError(ours.error().message().c_str());
      break;
    }
    auto output_problems = imsdp::sdp::validate(*ours);
    auto bytes = imsdp::sdp::serialize_exact(*ours);
    benchmark::DoNotOptimize(input_problems);
    benchmark::DoNotOptimize(output_problems);
    benchmark::DoNotOptimize(bytes);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path const corpus = IMSDP_BENCH_CORPUS;
  std::filesystem::path const examples = IMSDP_EXAMPLES;
  auto const pick = [&](char const* in_corpus, char const* in_examples) {
    auto p = corpus / in_corpus;
    if (!std::filesystem::exists(p)) p = examples / in_examples;
    return input{p.filename().string(), imsdp::bench::read_file(p)};
  };
  static input const chrome = pick("01_chrome_offer.sdp", "webrtc-offer.sdp");
  static input const firefox = pick("02_firefox_offer.sdp", "webrtc-offer.sdp");
  static input const volte{"volte-offer.sdp",
                           imsdp::bench::read_file(examples / "volte-offer.sdp")};
  benchmark::RegisterBenchmark("parse/chrome", parse, chrome);
  benchmark::RegisterBenchmark("to_ims/chrome", translate<true>, chrome);
  benchmark::RegisterBenchmark("floor/to_ims/chrome", floor<true>, chrome);
  benchmark::RegisterBenchmark("parse/firefox", parse, firefox);
  benchmark::RegisterBenchmark("to_ims/firefox", translate<true>, firefox);
  benchmark::RegisterBenchmark("floor/to_ims/firefox", floor<true>, firefox);
  benchmark::RegisterBenchmark("parse/volte", parse, volte);
  benchmark::RegisterBenchmark("to_webrtc/volte", translate<false>, volte);
  benchmark::RegisterBenchmark("floor/to_webrtc/volte", floor<false>, volte);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
