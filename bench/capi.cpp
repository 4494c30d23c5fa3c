// The cost of the C API and of the shared library: parse (and free) each corpus file through
// imsdp_sdp_parse and through imsdp::sdp::parse, both in libimsdp.so.0. imsdp_bench_sdp's
// parse/<file> is the same work through the static library (bench/README.md).
#include <benchmark/benchmark.h>
#include <imsdp.h>

#include <imsdp/sdp/parse.hpp>
#include <string>

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
  for (auto const& f : imsdp::bench::corpus()) {
    benchmark::RegisterBenchmark(("shared-c/" + f.name).c_str(), parse_c, f.text);
    benchmark::RegisterBenchmark(("shared-cpp/" + f.name).c_str(), parse_cpp, f.text);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
