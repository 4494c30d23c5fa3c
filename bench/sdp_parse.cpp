// Parse, lossless echo and canonical serialize of the peer corpus files, with bytes/s and
// allocations per operation (a counting operator new).
#include <benchmark/benchmark.h>

#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>

#include "count_allocations.hpp"
#include "read_file.hpp"

namespace {

void parse(benchmark::State& state, std::string const& text) {
  std::size_t const before = imsdp::bench::allocations_so_far();
  std::size_t runs = 0;
  for (auto _ : state) {
    auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
    benchmark::DoNotOptimize(doc);
    ++runs;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(runs * text.size()));
  state.counters["allocs"] =
      static_cast<double>(imsdp::bench::allocations_so_far() - before) / static_cast<double>(runs);
}

void echo(benchmark::State& state, std::string const& text) {
  auto const doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
  std::string out;
  std::size_t runs = 0;
  for (auto _ : state) {
    out.clear();
    imsdp::sdp::serialize_exact(*doc, out);
    benchmark::DoNotOptimize(out.data());
    ++runs;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(runs * text.size()));
}

void canonical(benchmark::State& state, std::string const& text) {
  auto const doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
  std::string out;
  std::size_t runs = 0;
  for (auto _ : state) {
    out.clear();
    imsdp::sdp::serialize(*doc, out);
    benchmark::DoNotOptimize(out.data());
    ++runs;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(runs * text.size()));
}

}  // namespace

int main(int argc, char** argv) {
  for (auto const& f : imsdp::bench::corpus()) {
    benchmark::RegisterBenchmark(("parse/" + f.name).c_str(), parse, f.text);
    benchmark::RegisterBenchmark(("echo/" + f.name).c_str(), echo, f.text);
    benchmark::RegisterBenchmark(("canonical/" + f.name).c_str(), canonical, f.text);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
