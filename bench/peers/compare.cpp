// The peer comparison (bench/README.md): imsdp and the peer parsers on the same inputs,
// interleaved in one run. For every parser and input: the median ns per full parse over
// several rounds, MB/s, allocations per parse (counted by interposing malloc), and the
// ratio to the fastest peer; then the geometric mean over the inputs, and the same for the
// printers (imsdp lossless echo and canonical form against the peers' own printers).
//
//   imsdp_bench_peers [--rounds N] [--round-ms MS] FILE...
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "peers.hpp"

// --- allocation counting: every malloc of the process, counted while `counting` is set.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
}  // namespace

extern "C" void* malloc(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
extern "C" void* calloc(std::size_t n, std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, size);
}
extern "C" void* realloc(void* p, std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
extern "C" void free(void* p) {
  __libc_free(p);
}

namespace {

using clock_type = std::chrono::steady_clock;

struct input {
  std::string name;
  std::string text;
};

struct parser {
  std::string name;
  std::function<int(std::string_view)> parse;
  bool is_peer = true;  // false for imsdp and the reference rows
};

/// Median ns of one call of `f` over `rounds` rounds of about `round_ms` each.
template <class F>
double median_ns(F const& f, int rounds, int round_ms) {
  std::size_t n = 1;
  for (;;) {  // calibrate: a batch of n takes at least round_ms / 4
    auto const start = clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
      f();
    auto const elapsed =
        std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
    if (elapsed >= round_ms / 4.0 || n > (1u << 26)) {
      n = std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(n) * round_ms /
                                                            std::max(elapsed, 0.001)));
      break;
    }
    n *= 2;
  }
  std::vector<double> samples;
  for (int r = 0; r < rounds; ++r) {
    auto const start = clock_type::now();
    for (std::size_t i = 0; i < n; ++i)
      f();
    samples.push_back(std::chrono::duration<double, std::nano>(clock_type::now() - start).count() /
                      static_cast<double>(n));
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

template <class F>
double allocations_of(F const& f) {
  allocations = 0;
  counting = true;
  f();
  counting = false;
  return static_cast<double>(allocations.load());
}

std::string format_ns(double ns) {
  char buffer[32];
  if (ns >= 1000) {
    std::snprintf(buffer, sizeof buffer, "%.2f µs", ns / 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f ns", ns);
  }
  return buffer;
}

double geomean(std::vector<double> const& values) {
  double log_sum = 0;
  for (double v : values)
    log_sum += std::log(v);
  return std::exp(log_sum / static_cast<double>(values.size()));
}

std::vector<input> read_inputs(int argc, char** argv, int first) {
  std::vector<input> inputs;
  for (int i = first; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    inputs.push_back({std::filesystem::path(argv[i]).stem().string(), s.str()});
  }
  return inputs;
}

// The floor of any line-oriented parser: split with memchr and look at each type letter.
int memchr_lines(std::string_view text) {
  int media = 0;
  char const* at = text.data();
  char const* const end = at + text.size();
  while (at < end) {
    char const* nl =
        static_cast<char const*>(std::memchr(at, '\n', static_cast<std::size_t>(end - at)));
    if (*at == 'm') ++media;
    at = nl == nullptr ? end : nl + 1;
  }
  return media;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 7;
  int round_ms = 60;
  int first = 1;
  while (first + 1 < argc && std::strncmp(argv[first], "--", 2) == 0) {
    if (std::strcmp(argv[first], "--rounds") == 0) rounds = std::atoi(argv[first + 1]);
    if (std::strcmp(argv[first], "--round-ms") == 0) round_ms = std::atoi(argv[first + 1]);
    first += 2;
  }
  auto const inputs = read_inputs(argc, argv, first);
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: imsdp_bench_peers [--rounds N] [--round-ms MS] FILE...\n");
    return 2;
  }

  std::vector<parser> parsers{
      {"imsdp (lenient)",
       [](std::string_view t) {
         auto const doc = imsdp::sdp::parse(t, imsdp::profile::lenient());
         return doc ? static_cast<int>(doc->media_count()) : -1;
       },
       false},
  };
  for (auto const* p : {&imsdp::bench::gst_sdp, &imsdp::bench::sofia_sip, &imsdp::bench::osip2,
                        &imsdp::bench::libre})
    parsers.push_back({p->name, p->parse, true});
  parsers.push_back({"floor: memchr lines", &memchr_lines, false});

  // Parse: ns per parse, interleaved per input.
  std::map<std::string, std::map<std::string, double>> ns, allocs;
  std::map<std::string, std::map<std::string, bool>> ok;
  for (auto const& in : inputs) {
    for (auto const& p : parsers) {
      int const media = p.parse(in.text);
      ok[p.name][in.name] = media >= 0;
      if (media < 0) continue;
      ns[p.name][in.name] = median_ns([&] { p.parse(in.text); }, rounds, round_ms);
      allocs[p.name][in.name] = allocations_of([&] { p.parse(in.text); });
    }
  }

  std::printf("## Parse (median of %d rounds, one full parse into the library's structures)\n\n",
              rounds);
  std::printf("| parser |");
  for (auto const& in : inputs)
    std::printf(" %s (%zu B) |", in.name.c_str(), in.text.size());
  std::printf("\n|---|");
  for (std::size_t i = 0; i < inputs.size(); ++i)
    std::printf("---|");
  std::printf("\n");
  for (auto const& p : parsers) {
    std::printf("| %s |", p.name.c_str());
    for (auto const& in : inputs) {
      if (!ok[p.name][in.name]) {
        std::printf(" REJECT |");
        continue;
      }
      double const t = ns[p.name][in.name];
      std::printf(" %s, %.0f MB/s, %.0f allocs |", format_ns(t).c_str(),
                  static_cast<double>(in.text.size()) * 1e3 / t, allocs[p.name][in.name]);
    }
    std::printf("\n");
  }

  // Ratios: how many times faster imsdp is than each peer, and than the fastest peer.
  std::printf("\n## imsdp speed-up (peer time / imsdp time)\n\n| peer |");
  for (auto const& in : inputs)
    std::printf(" %s |", in.name.c_str());
  std::printf(" geomean |\n|---|");
  for (std::size_t i = 0; i <= inputs.size(); ++i)
    std::printf("---|");
  std::printf("\n");
  auto const& ours = ns["imsdp (lenient)"];
  std::vector<double> against_fastest;
  for (auto const& p : parsers) {
    if (!p.is_peer) continue;
    std::printf("| %s |", p.name.c_str());
    std::vector<double> ratios;
    for (auto const& in : inputs) {
      if (!ok[p.name][in.name]) {
        std::printf(" REJECT |");
        continue;
      }
      double const r = ns[p.name][in.name] / ours.at(in.name);
      ratios.push_back(r);
      std::printf(" %.2fx |", r);
    }
    std::printf(" %.2fx |\n", ratios.empty() ? 0.0 : geomean(ratios));
  }
  std::printf("| fastest peer |");
  for (auto const& in : inputs) {
    double best = 1e300;
    for (auto const& p : parsers)
      if (p.is_peer && ok[p.name][in.name]) best = std::min(best, ns[p.name][in.name]);
    double const r = best / ours.at(in.name);
    against_fastest.push_back(r);
    std::printf(" %.2fx |", r);
  }
  std::printf(" %.2fx |\n", geomean(against_fastest));

  // Printers.
  std::printf("\n## Serialize (median ns per call, MB/s of output)\n\n| printer |");
  for (auto const& in : inputs)
    std::printf(" %s |", in.name.c_str());
  std::printf("\n|---|");
  for (std::size_t i = 0; i < inputs.size(); ++i)
    std::printf("---|");
  std::printf("\n");
  auto const row = [&](char const* name, auto const& make) {
    std::printf("| %s |", name);
    for (auto const& in : inputs) {
      auto f = make(in.text);
      if (!f) {
        std::printf(" - |");
        continue;
      }
      std::size_t bytes = 0;
      double const t = median_ns([&] { bytes = f(); }, rounds, round_ms);
      std::printf(" %s, %.0f MB/s |", format_ns(t).c_str(), static_cast<double>(bytes) * 1e3 / t);
    }
    std::printf("\n");
  };
  std::vector<std::shared_ptr<imsdp::sdp::session_description>> keep;
  auto const ours_printer = [&](bool exact) {
    return [&keep, exact](std::string const& text) -> std::function<std::size_t()> {
      auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
      if (!doc) return {};
      auto shared = std::make_shared<imsdp::sdp::session_description>(std::move(*doc));
      keep.push_back(shared);
      auto out = std::make_shared<std::string>();
      return [shared, out, exact] {
        out->clear();
        if (exact) {
          imsdp::sdp::serialize_exact(*shared, *out);
        } else {
          imsdp::sdp::serialize(*shared, *out);
        }
        return out->size();
      };
    };
  };
  row("imsdp lossless echo", ours_printer(true));
  row("imsdp canonical", ours_printer(false));
  for (auto const* p : {&imsdp::bench::gst_sdp, &imsdp::bench::sofia_sip, &imsdp::bench::osip2}) {
    row(p->name, [p](std::string const& text) -> std::function<std::size_t()> {
      void* prepared = p->prepare_print(text);
      auto holder = std::shared_ptr<void>(prepared, [p](void* x) { p->release(x); });
      return [p, holder] { return p->print(holder.get()); };
    });
  }
  return 0;
}
