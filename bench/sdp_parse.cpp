// Parse, lossless echo and canonical serialize of the peer corpus files, with bytes/s and
// allocations per operation (a counting operator new); and the parse of each file with one
// value per attribute kind made malformed ("tolerated input", issue 24).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <set>
#include <string>
#include <string_view>

#include "count_allocations.hpp"
#include "read_file.hpp"

namespace {

/// `text` with the first value of each attribute kind made malformed, as a broken or
/// hostile peer would send it: a value of several fields keeps only its first one
/// ("a=rtpmap:96", "a=candidate:1", "a=sctpmap:5000"), so the grammar fails where it
/// expects the next field; a value of one field gets a '"' after it. Lines whose value
/// grammar accepts the result (free text, a flag) stay well formed, as they would.
std::string tolerated_input(std::string_view text) {
  std::set<std::string_view> kinds;
  std::string out;
  while (!text.empty()) {
    auto const end = std::min(text.find('\n'), text.size() - 1) + 1;
    auto line = text.substr(0, end);
    text.remove_prefix(end);
    auto const colon = line.find(':');
    if (line.rfind("a=", 0) != 0 || colon == std::string_view::npos ||
        !kinds.insert(line.substr(2, colon - 2)).second) {
      out += line;
      continue;
    }
    auto const value_end = line.find_first_of("\r\n");
    auto const space = line.find(' ', colon + 2);  // "a=msid-semantic: WMS" keeps " WMS"
    if (space < value_end) {
      out += line.substr(0, space);
    } else {
      out += line.substr(0, value_end);
      out += '"';
    }
    out += line.substr(value_end);
  }
  return out;
}

std::size_t count_lines(std::string_view text) {
  std::size_t n = 0;
  for (char ch : text)
    n += ch == '\n' ? 1 : 0;
  return n;
}

/// The lenient parse of `text`. Counters: allocations, seconds per line (to compare a
/// tolerated input with its clean file) and the values kept raw because they failed their
/// grammar.
void parse(benchmark::State& state, std::string const& text) {
  std::size_t malformed = 0;
  if (auto const check = imsdp::sdp::parse(text, imsdp::profile::lenient())) {
    for (auto const& d : check->diagnostics())
      malformed += d.code == imsdp::errc::malformed_attribute ? 1 : 0;
  } else {
    state.SkipWithError(("input rejected: " + std::string(check.error().message())).c_str());
    return;
  }
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
  // Seconds per line, printed with an SI prefix ("52n" is 52 ns).
  state.counters["time_per_line"] = benchmark::Counter(
      static_cast<double>(count_lines(text)),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["malformed"] = static_cast<double>(malformed);
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
    benchmark::RegisterBenchmark(("tolerated/" + f.name).c_str(), parse, tolerated_input(f.text));
    benchmark::RegisterBenchmark(("echo/" + f.name).c_str(), echo, f.text);
    benchmark::RegisterBenchmark(("canonical/" + f.name).c_str(), canonical, f.text);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
