// The cost of the C API and of the shared library: parse (and free) each corpus file through
// imsdp_sdp_parse and through imsdp::sdp::parse, both in libimsdp.so.0. imsdp_bench_sdp's
// parse/<file> is the same work through the static library (bench/README.md).
#include <benchmark/benchmark.h>
#include <imsdp.h>

#include <algorithm>
#include <filesystem>
#include <imsdp/sdp/parse.hpp>
#include <string>
#include <vector>

#include "read_file.hpp"

namespace {

void parse_c(benchmark::State& state, std::string const& text) {
  imsdp_parse_options options{};
  options.profile = "lenient";
  for (auto _ : state) {
    imsdp_sdp* doc = nullptr;
    int const rc = imsdp_sdp_parse(text.data(), text.size(), &options, &doc, nullptr);
    benchmark::DoNotOptimize(rc);
    imsdp_sdp_free(doc);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void parse_cpp(benchmark::State& state, std::string const& text) {
  for (auto _ : state) {
    auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
    benchmark::DoNotOptimize(doc);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  auto const files = imsdp::bench::corpus_files();
  static std::vector<std::string> texts;
  texts.reserve(files.size());
  for (auto const& f : files) {
    texts.push_back(imsdp::bench::read_file(f));
    auto const name = f.stem().string();
    benchmark::RegisterBenchmark(("shared-c/" + name).c_str(), parse_c, texts.back());
    benchmark::RegisterBenchmark(("shared-cpp/" + name).c_str(), parse_cpp, texts.back());
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
