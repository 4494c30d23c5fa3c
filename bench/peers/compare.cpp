// The peer comparison (bench/README.md): imsdp and the peer parsers on the same inputs,
// interleaved in one run. For every parser and input: the median ns per full parse over
// several rounds, MB/s, allocations per parse (counted by interposing malloc), and the
// ratio to the fastest peer; then the geometric mean over the inputs, and the same for the
// printers (imsdp lossless echo and canonical form against the peers' own printers).
// With --answer, offer -> answer -> bytes instead: imsdp against sofia-sip's soa and
// libre's SDP session (answer.cpp), on the offers every engine answers.
//
// An input is measured only when every parser accepts it: the parse succeeds and finds as
// many media sections as the input has m= lines. Every measurement runs in a worker, a new
// process of this program (run_worker), so that no parser measures a heap another one, or
// the driver, left behind, and a peer that crashes or hangs on an input only gets the input
// skipped; skipped inputs are listed with the reason.
//
//   imsdp_bench_peers [--rounds N] [--round-ms MS] [--answer] FILE...
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

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
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "peers.hpp"

// --- allocation counting: every malloc of the process, counted while `counting` is set.
// Only in imsdp_bench_peers_allocs, the same program built with
// IMSDP_BENCH_COUNT_ALLOCATIONS, which the driver runs for allocation counts alone: the hook
// costs every malloc and free a call, which made gst-sdp (449 allocations on the Chrome
// offer) 10-15% slower in timed batches than in its own harness.
namespace {
std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
}  // namespace

#if defined(IMSDP_BENCH_COUNT_ALLOCATIONS)
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);
}

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
constexpr bool counts_allocations = true;
#else
constexpr bool counts_allocations = false;
#endif

namespace {

using clock_type = std::chrono::steady_clock;

struct input {
  std::filesystem::path path;
  std::string name;  // the shortest path suffix that tells the inputs apart
  std::string text;
  int media = 0;  // m= lines
};

struct parser {
  std::string name;
  std::function<int(std::string_view)> parse;
  bool is_peer = true;  // false for imsdp and the reference rows
};

struct printer {
  std::string name;
  imsdp::bench::peer const* peer = nullptr;  // nullptr: imsdp
  bool exact = false;                        // imsdp: lossless echo, else canonical
};

/// ns per call of `f` in a batch of `n` calls.
double batch_ns(std::function<void()> const& f, std::size_t n) {
  auto const start = clock_type::now();
  for (std::size_t i = 0; i < n; ++i)
    f();
  return std::chrono::duration<double, std::nano>(clock_type::now() - start).count() /
         static_cast<double>(n);
}

/// The number of calls of `f` that take about `round_ms`.
std::size_t calibrate(std::function<void()> const& f, int round_ms) {
  std::size_t n = 1;
  for (;;) {  // double n until a batch takes at least round_ms / 4
    double const ms = batch_ns(f, n) * static_cast<double>(n) / 1e6;
    if (ms >= round_ms / 4.0 || n > (1u << 26))
      return std::max<std::size_t>(
          1, static_cast<std::size_t>(static_cast<double>(n) * round_ms / std::max(ms, 0.001)));
    n *= 2;
  }
}

// --- workers. Every measurement (a peer's first parse of an input, a calibration, a timed
// batch, an allocation count) runs in a new process of this program, started with fork
// and exec: `--worker FD ROLE INDEX TASK NUMBER FILE`. A process forked from the driver
// would inherit the driver's heap, and glibc's malloc is faster or slower for a
// malloc-heavy parser depending on what that heap holds: gst-sdp on the Chrome offer took
// 17 µs in batches forked from a driver holding five inputs and 22 µs from one holding
// 156. After exec every batch starts from the same heap: the program's own setup and one
// input. A peer that crashes or hangs on an input only gets the input skipped.

enum class role { parse, print, answer };
constexpr char const* role_names[] = {"parse", "print", "answer"};
enum class task {
  check,        // parse: the number of m-sections (-1: rejected); print: bytes printed (-1);
                // answer: the m-sections the answer accepts (port not 0; -1: no answer)
  calibrate,    // the batch size for NUMBER ms
  time,         // ns per call over a batch of NUMBER calls, after a warm-up of an eighth
  allocations,  // allocations of one call, after a first one
};

struct job {
  role what = role::parse;
  std::size_t index = 0;  // in make_parsers(), make_printers() or make_answerers()
  input const* in = nullptr;
};

/// What a worker computed, or why it gave nothing.
struct child_result {
  double value = std::nan("");
  std::string failure;  // empty when the worker returned a value
};

/// The program a worker runs: this one (the driver, built without the malloc hook), or for
/// allocation counts its build with the hook, installed beside it.
std::string const& worker_program(task t) {
  static std::string const self = "/proc/self/exe";
  static std::string const counting_build =
      (std::filesystem::read_symlink(self).parent_path() / "imsdp_bench_peers_allocs").string();
  return t == task::allocations ? counting_build : self;
}

/// Runs `t` for `j` in a worker, killed after `timeout_s` seconds when that is not 0.
child_result run_worker(job const& j, task t, double number, unsigned timeout_s = 0) {
  child_result result;
  std::string const& program = worker_program(t);
  int fds[2];
  if (pipe(fds) != 0) {
    result.failure = "pipe failed";
    return result;
  }
  std::vector<std::string> args{"imsdp_bench_peers",     "--worker",
                                std::to_string(fds[1]),  role_names[static_cast<int>(j.what)],
                                std::to_string(j.index), std::to_string(static_cast<int>(t)),
                                std::to_string(number),  j.in->path.string()};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  pid_t const pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.failure = "fork failed";
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    if (timeout_s != 0) alarm(timeout_s);  // kept across exec
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  bool const got = read(fds[0], &result.value, sizeof result.value) == sizeof result.value;
  close(fds[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) {
    result.failure = "waitpid failed";
  } else if (WIFSIGNALED(status)) {
    result.failure = WTERMSIG(status) == SIGALRM
                         ? "hung (over " + std::to_string(timeout_s) + " s)"
                         : std::string("crashed (") + strsignal(WTERMSIG(status)) + ")";
  } else if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    result.failure = "no result";
  }
  if (!result.failure.empty()) result.value = std::nan("");
  return result;
}

/// Median ns per call of each job. The jobs are interleaved: every round times one batch
/// of each, starting with a different one each round, so that a slow phase of the machine
/// hits all of them alike. Each calibration and each batch runs in its own worker.
std::vector<double> interleaved_medians(std::vector<job> const& jobs, int rounds, int round_ms) {
  std::vector<double> batch;
  for (auto const& j : jobs)
    batch.push_back(run_worker(j, task::calibrate, round_ms).value);
  std::vector<std::vector<double>> samples(jobs.size());
  for (int r = 0; r < rounds; ++r) {
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      std::size_t const i = (k + static_cast<std::size_t>(r)) % jobs.size();
      samples[i].push_back(run_worker(jobs[i], task::time, batch[i]).value);
    }
  }
  std::vector<double> medians;
  for (auto& s : samples) {
    std::sort(s.begin(), s.end());
    medians.push_back(s[s.size() / 2]);
  }
  return medians;
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

/// m= lines, whatever the line ending.
int count_media(std::string_view text) {
  int media = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i)
    if (text[i] == 'm' && text[i + 1] == '=' &&
        (i == 0 || text[i - 1] == '\n' || text[i - 1] == '\r'))
      ++media;
  return media;
}

/// Names the inputs by their folder and file name without extension ("corpus/01_chrome_offer",
/// "sdp-corpus/10"), with more folders where two inputs would have the same name.
void name_inputs(std::vector<input>& inputs) {
  std::vector<std::size_t> depth(inputs.size(), 2);
  auto const name_of = [](std::filesystem::path p, std::size_t components) {
    std::string name = p.stem().string();
    p = p.parent_path();
    for (std::size_t k = 1; k < components && !p.filename().empty(); ++k) {
      name = p.filename().string() + "/" + name;
      p = p.parent_path();
    }
    return name;
  };
  for (bool changed = true; changed;) {
    changed = false;
    std::map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      inputs[i].name = name_of(inputs[i].path, depth[i]);
      by_name[inputs[i].name].push_back(i);
    }
    for (auto const& [name, users] : by_name) {
      if (users.size() < 2) continue;
      for (auto i : users) {
        auto const longer = name_of(inputs[i].path, depth[i] + 1);
        if (longer != inputs[i].name) {
          ++depth[i];
          changed = true;
        }
      }
    }
  }
}

/// The last two components of the folder of a file ("bench-peers/corpus").
std::string folder_of(std::filesystem::path const& file) {
  auto const folder = std::filesystem::absolute(file).parent_path();
  return (folder.parent_path().filename() / folder.filename()).string();
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

// A printer bound to one input: parses once (outside the timing), prints on every call.
std::function<std::size_t()> bind_printer(printer const& p, std::string const& text) {
  if (p.peer == nullptr) {
    auto doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
    if (!doc) return {};
    auto shared = std::make_shared<imsdp::sdp::session_description>(std::move(*doc));
    auto out = std::make_shared<std::string>();
    bool const exact = p.exact;
    return [shared, out, exact] {
      out->clear();
      if (exact) {
        imsdp::sdp::serialize_exact(*shared, *out);
      } else {
        imsdp::sdp::serialize(*shared, *out);
      }
      return out->size();
    };
  }
  auto const* peer = p.peer;
  auto holder = std::shared_ptr<void>(peer->prepare_print(text), [peer](void* x) {
    if (x != nullptr) peer->release(x);
  });
  if (!holder) return {};
  return [peer, holder] { return peer->print(holder.get()); };
}

std::vector<parser> make_parsers() {
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
  // Reference rows, last: typed_floor_row and memchr_floor_row.
  parsers.push_back({"floor: typed values", &imsdp::bench::typed_floor, false});
  parsers.push_back({"floor: memchr lines", &memchr_lines, false});
  return parsers;
}

std::vector<printer> make_printers() {
  std::vector<printer> printers{{"imsdp lossless echo", nullptr, true},
                                {"imsdp canonical", nullptr, false}};
  for (auto const* p : {&imsdp::bench::gst_sdp, &imsdp::bench::sofia_sip, &imsdp::bench::osip2})
    printers.push_back({p->name, p, false});
  return printers;
}

// imsdp first, then the peers, then the reference row (answer_floor_row).
std::vector<imsdp::bench::answerer const*> make_answerers() {
  return {&imsdp::bench::imsdp_answerer, &imsdp::bench::sofia_soa, &imsdp::bench::libre_session,
          &imsdp::bench::imsdp_answer_floor};
}
constexpr std::size_t answer_floor_row = 3;
bool is_answer_peer(std::size_t index) {
  return index > 0 && index != answer_floor_row;
}

/// The m-sections an answer accepts (port not 0), read by imsdp; -1 when it is no SDP.
int accepted_media(std::string const& answer) {
  auto const doc = imsdp::sdp::parse(answer, imsdp::profile::lenient());
  if (!doc) return -1;
  int accepted = 0;
  for (std::size_t i = 0; i < doc->media_count(); ++i)
    accepted += doc->media(i).port() != 0 ? 1 : 0;
  return accepted;
}

/// The bytes of the file at `path`, or nothing when it cannot be read.
std::optional<std::string> read_file(char const* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The worker side of run_worker, given the arguments after "--worker": one task, its
/// result written to FD as a double.
int worker(char** args) {
  int const fd = std::atoi(args[0]);
  std::string_view const what = args[1];
  auto const index = static_cast<std::size_t>(std::atoll(args[2]));
  auto const t = static_cast<task>(std::atoi(args[3]));
  double const number = std::atof(args[4]);
  auto const input = read_file(args[5]);
  if (!input) return 1;
  std::string const& text = *input;

  auto const parsers = make_parsers();
  auto const printers = make_printers();
  double value = -1;
  std::function<void()> call;
  std::function<std::size_t()> print;
  auto const answerers = make_answerers();
  if (what == "answer") {
    if (index >= answerers.size()) return 2;
    auto const* a = answerers[index];
    auto const kind = imsdp::bench::kind_of(text);
    if (t == task::check) {
      std::string answer;
      value = a->answer(text, kind, &answer) > 0 ? accepted_media(answer) : -1;
    }
    call = [a, kind, &text] { a->answer(text, kind, nullptr); };
  } else if (what == "parse") {
    if (index >= parsers.size()) return 2;
    auto const& p = parsers[index];
    if (t == task::check) value = p.parse(text);
    call = [&p, &text] { p.parse(text); };
  } else {
    if (index >= printers.size()) return 2;
    print = bind_printer(printers[index], text);  // parses, outside the timing
    if (!print && t != task::check) return 1;
    if (print && t == task::check) value = static_cast<double>(print());
    call = [&print] { print(); };
  }
  switch (t) {
    case task::check:
      break;
    case task::calibrate:
      value = static_cast<double>(calibrate(call, static_cast<int>(number)));
      break;
    case task::time: {
      // NaN when the calibration's worker failed: one call, and a number that shows it.
      auto const n = number >= 1 ? static_cast<std::size_t>(number) : std::size_t{1};
      batch_ns(call, std::max<std::size_t>(1, n / 8));
      value = batch_ns(call, n);
      break;
    }
    case task::allocations:
      if (!counts_allocations) return 1;  // the driver runs the counting build for this
      call();
      allocations = 0;
      counting = true;
      call();
      counting = false;
      value = static_cast<double>(allocations.load());
      break;
  }
  return write(fd, &value, sizeof value) == sizeof value ? 0 : 1;
}

void print_header(std::vector<std::string> const& columns) {
  std::printf("|");
  for (auto const& c : columns)
    std::printf(" %s |", c.c_str());
  std::printf("\n|");
  for (std::size_t i = 0; i < columns.size(); ++i)
    std::printf("---|");
  std::printf("\n");
}

int usage() {
  std::fprintf(stderr,
               "usage: imsdp_bench_peers [--rounds N] [--round-ms MS] [--answer] FILE...\n"
               "       imsdp_bench_peers --names parse|answer\n");
  return 2;
}

/// --names: a worker's index is its line, "<role>\t<name>" with role imsdp, peer or
/// reference (a floor row), for drivers that run the workers themselves (bench/peers/count).
int print_names(std::string_view what) {
  auto const line = [](std::size_t i, bool peer, std::string_view name) {
    std::printf("%s\t%.*s\n",
                i == 0 ? "imsdp"
                : peer ? "peer"
                       : "reference",
                static_cast<int>(name.size()), name.data());
  };
  if (what == "parse") {
    auto const parsers = make_parsers();
    for (std::size_t i = 0; i < parsers.size(); ++i)
      line(i, parsers[i].is_peer, parsers[i].name);
  } else if (what == "answer") {
    auto const answerers = make_answerers();
    for (std::size_t i = 0; i < answerers.size(); ++i)
      line(i, is_answer_peer(i), answerers[i]->name);
  } else {
    return usage();
  }
  return 0;
}

/// --answer: offer -> answer -> bytes, on the offers (files whose name does not say
/// "answer") that imsdp and at least one peer answer with an m-section accepted. A peer
/// that gives no such answer to an offer is left out of that offer's ratio and listed.
int compare_answers(std::vector<input> const& inputs, int rounds, int round_ms) {
  auto const answerers = make_answerers();
  std::vector<input const*> answered;
  std::vector<std::pair<input const*, std::string>> skipped;
  // Per offer and answerer: m-sections accepted, ns per answer, allocations (NaN: none).
  std::map<input const*, std::vector<double>> accepted, ns, allocs;
  std::map<input const*, std::string> why;  // the answerers that gave no answer
  for (auto const& in : inputs) {
    if (in.name.find("answer") != std::string::npos) {
      skipped.emplace_back(&in, "an answer, not an offer");
      continue;
    }
    std::size_t peers = 0;
    for (std::size_t i = 0; i < answerers.size(); ++i) {
      auto const r = run_worker({role::answer, i, &in}, task::check, 0, 10);
      std::string const problem = !r.failure.empty() ? r.failure
                                  : r.value < 0      ? "no answer"
                                  : r.value < 1      ? "accepts no m-section"
                                                     : "";
      if (!problem.empty())
        why[&in] +=
            (why[&in].empty() ? "" : "; ") + std::string(answerers[i]->name) + ": " + problem;
      peers += is_answer_peer(i) && problem.empty() ? 1 : 0;
      accepted[&in].push_back(problem.empty() ? r.value : std::nan(""));
    }
    if (std::isnan(accepted[&in].front()) || peers == 0) {
      skipped.emplace_back(&in, why[&in]);
    } else {
      answered.push_back(&in);
    }
  }
  if (answered.empty()) {
    std::fprintf(stderr, "imsdp_bench_peers: no offer is answered by imsdp and a peer\n");
    for (auto const& [in, reason] : skipped)
      std::fprintf(stderr, "  %s: %s\n", in->name.c_str(), reason.c_str());
    return 1;
  }
  for (std::size_t k = 0; k < answered.size(); ++k) {
    auto const* in = answered[k];
    std::fprintf(stderr, "[%zu/%zu] answer %s\n", k + 1, answered.size(), in->name.c_str());
    std::vector<job> jobs;
    for (std::size_t i = 0; i < answerers.size(); ++i)
      if (!std::isnan(accepted[in][i])) jobs.push_back({role::answer, i, in});
    auto const medians = interleaved_medians(jobs, rounds, round_ms);
    ns[in].assign(answerers.size(), std::nan(""));
    allocs[in].assign(answerers.size(), std::nan(""));
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      ns[in][jobs[j].index] = medians[j];
      allocs[in][jobs[j].index] = run_worker(jobs[j], task::allocations, 0).value;
    }
  }

  std::printf("# Offer -> answer -> bytes: %zu offers measured, %zu skipped\n\n", answered.size(),
              skipped.size());
  std::printf(
      "Median of %d interleaved rounds of about %d ms. Each cell: time per answer, answers "
      "per second, allocations, m-sections the answer accepts. The floor is imsdp without "
      "the negotiation: the offer's parse, the strict parse of imsdp's answer text and its "
      "write; \"at the floor\" is the faster peer's time over the floor's.\n\n",
      rounds, round_ms);
  std::vector<std::string> columns{"offer", "bytes", "kind"};
  for (auto const* a : answerers)
    columns.push_back(a->name);
  columns.push_back("imsdp speed-up, faster peer");
  columns.push_back("at the floor");
  print_header(columns);
  std::vector<double> speedups, floor_speedups;
  for (auto const* in : answered) {
    auto const& t = ns[in];
    bool const webrtc = imsdp::bench::kind_of(in->text) == imsdp::bench::offer_kind::webrtc;
    std::printf("| %s | %zu | %s |", in->name.c_str(), in->text.size(),
                webrtc ? "WebRTC" : "VoLTE");
    double faster_peer = 1e300;
    for (std::size_t i = 0; i < answerers.size(); ++i) {
      if (std::isnan(t[i])) {
        std::printf(" no answer |");
        continue;
      }
      std::printf(" %s, %.0f/s, %.0f allocs, %.0f |", format_ns(t[i]).c_str(), 1e9 / t[i],
                  allocs[in][i], accepted[in][i]);
      if (is_answer_peer(i)) faster_peer = std::min(faster_peer, t[i]);
    }
    speedups.push_back(faster_peer / t.front());
    floor_speedups.push_back(faster_peer / t[answer_floor_row]);
    std::printf(" %.2fx | %.2fx |\n", speedups.back(), floor_speedups.back());
  }
  std::printf("| **geomean (%zu)** | | | | | | | **%.2fx** (min %.2fx) | %.2fx (min %.2fx) |\n",
              speedups.size(), geomean(speedups),
              *std::min_element(speedups.begin(), speedups.end()), geomean(floor_speedups),
              *std::min_element(floor_speedups.begin(), floor_speedups.end()));

  std::printf("\n## Peers that gave no answer to a measured offer\n\n");
  print_header({"offer", "why"});
  for (auto const* in : answered)
    if (!why[in].empty()) std::printf("| %s | %s |\n", in->name.c_str(), why[in].c_str());
  if (!skipped.empty()) {
    std::printf("\n## Skipped offers\n\n");
    print_header({"input", "why"});
    for (auto const& [in, reason] : skipped)
      std::printf("| %s | %s |\n", in->name.c_str(), reason.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 8 && std::string_view(argv[1]) == "--worker") return worker(argv + 2);
  if (argc == 3 && std::string_view(argv[1]) == "--names") return print_names(argv[2]);
  if (counts_allocations) {  // its malloc hook would slow the timed batches
    std::fprintf(stderr,
                 "imsdp_bench_peers_allocs only counts allocations for imsdp_bench_peers\n");
    return 2;
  }
  int rounds = 7;
  int round_ms = 60;
  bool answers = false;
  std::vector<input> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string_view const arg = argv[i];
    if (arg == "--answer") {
      answers = true;
      continue;
    }
    if (arg == "--rounds" || arg == "--round-ms") {
      if (i + 1 == argc) return usage();
      int const value = std::atoi(argv[++i]);
      if (value <= 0) return usage();
      (arg == "--rounds" ? rounds : round_ms) = value;
      continue;
    }
    if (arg.starts_with("--")) return usage();
    auto text = read_file(argv[i]);
    if (!text) {
      std::fprintf(stderr, "imsdp_bench_peers: cannot read %s\n", argv[i]);
      return 2;
    }
    inputs.push_back({argv[i], {}, std::move(*text), 0});
    inputs.back().media = count_media(inputs.back().text);
  }
  if (inputs.empty()) return usage();
  if (auto const& counter = worker_program(task::allocations); access(counter.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "imsdp_bench_peers: %s is missing: build that target too\n",
                 counter.c_str());
    return 2;
  }
  name_inputs(inputs);
  if (answers) return compare_answers(inputs, rounds, round_ms);

  auto const parsers = make_parsers();
  auto const printers = make_printers();
  std::string const ours_name = parsers.front().name;

  // Which inputs every parser and printer takes; the reasons for the others.
  std::vector<input const*> accepted;
  std::vector<std::pair<input const*, std::string>> skipped;
  for (auto const& in : inputs) {
    std::string why;
    auto const note = [&why](std::string const& who, std::string const& what) {
      why += (why.empty() ? "" : "; ") + who + ": " + what;
    };
    auto const ours = imsdp::sdp::parse(in.text, imsdp::profile::lenient());
    if (!ours) note(ours_name, "rejected: " + ours.error().message());
    for (std::size_t i = 0; i < parsers.size(); ++i) {
      if (!parsers[i].is_peer) continue;
      auto const r = run_worker({role::parse, i, &in}, task::check, 0, 10);
      if (!r.failure.empty()) {
        note(parsers[i].name, r.failure);
      } else if (r.value < 0) {
        note(parsers[i].name, "rejected");
      } else if (r.value != in.media) {
        note(parsers[i].name, "found " + std::to_string(static_cast<int>(r.value)) + " of " +
                                  std::to_string(in.media) + " m-sections");
      }
    }
    if (ours && static_cast<int>(ours->media_count()) != in.media)
      note(ours_name, "found " + std::to_string(ours->media_count()) + " of " +
                          std::to_string(in.media) + " m-sections");
    if (why.empty()) {
      for (std::size_t i = 0; i < printers.size(); ++i) {
        if (printers[i].peer == nullptr) continue;
        auto const r = run_worker({role::print, i, &in}, task::check, 0, 10);
        if (!r.failure.empty()) {
          note(printers[i].name + " printer", r.failure);
        } else if (!(r.value > 0)) {
          note(printers[i].name + " printer", "failed");
        }
      }
    }
    if (why.empty()) {
      accepted.push_back(&in);
    } else {
      skipped.emplace_back(&in, why);
    }
  }
  if (accepted.empty()) {
    std::fprintf(stderr, "imsdp_bench_peers: no input is accepted by every parser\n");
    for (auto const& [in, why] : skipped)
      std::fprintf(stderr, "  %s: %s\n", in->name.c_str(), why.c_str());
    return 1;
  }

  // Parse: ns per parse, every parser interleaved with the others on each input.
  std::map<input const*, std::vector<double>> ns, allocs;
  for (std::size_t k = 0; k < accepted.size(); ++k) {
    auto const* in = accepted[k];
    std::fprintf(stderr, "[%zu/%zu] parse %s\n", k + 1, accepted.size(), in->name.c_str());
    std::vector<job> jobs;
    for (std::size_t i = 0; i < parsers.size(); ++i)
      jobs.push_back({role::parse, i, in});
    ns[in] = interleaved_medians(jobs, rounds, round_ms);
    for (auto const& j : jobs)
      allocs[in].push_back(run_worker(j, task::allocations, 0).value);
  }

  std::printf("# imsdp and the peers: %zu inputs measured, %zu skipped\n\n", accepted.size(),
              skipped.size());
  std::printf(
      "## Parse (median of %d interleaved rounds of about %d ms; one full parse into the "
      "library's structures, then free)\n\n",
      rounds, round_ms);
  std::vector<std::string> columns{"input", "bytes"};
  for (auto const& p : parsers)
    columns.push_back(p.name);
  print_header(columns);
  for (auto const* in : accepted) {
    std::printf("| %s | %zu |", in->name.c_str(), in->text.size());
    for (std::size_t i = 0; i < parsers.size(); ++i) {
      double const t = ns[in][i];
      std::printf(" %s, %.0f MB/s, %.0f allocs |", format_ns(t).c_str(),
                  static_cast<double>(in->text.size()) * 1e3 / t, allocs[in][i]);
    }
    std::printf("\n");
  }

  // Ratios: how many times faster imsdp is than each peer, and than the fastest peer; the
  // geometric means per folder of inputs and over all of them.
  std::printf("\n## imsdp speed-up (peer time / imsdp time; above 1: imsdp is faster)\n\n");
  columns = {"input"};
  for (auto const& p : parsers)
    if (p.is_peer) columns.push_back(p.name);
  columns.push_back("fastest peer");
  columns.push_back("fastest peer, at the typed floor");
  columns.push_back("memchr floor");
  print_header(columns);
  std::map<std::string, std::vector<std::vector<double>>> ratios_by_group;  // by folder
  std::vector<std::vector<double>> all_ratios;
  std::size_t const fastest_column = columns.size() - 4;
  std::size_t const typed_floor_row = parsers.size() - 2;
  std::size_t const memchr_floor_row = parsers.size() - 1;
  for (auto const* in : accepted) {
    auto const& t = ns[in];
    double const ours = t.front();
    std::vector<double> ratios;
    double best = 1e300;
    for (std::size_t i = 0; i < parsers.size(); ++i) {
      if (!parsers[i].is_peer) continue;
      ratios.push_back(t[i] / ours);
      best = std::min(best, t[i]);
    }
    ratios.push_back(best / ours);
    ratios.push_back(best / t[typed_floor_row]);
    ratios.push_back(t[memchr_floor_row] / ours);
    std::printf("| %s |", in->name.c_str());
    for (double r : ratios)
      std::printf(" %.2fx |", r);
    std::printf("\n");
    ratios_by_group[folder_of(in->path)].push_back(ratios);
    all_ratios.push_back(ratios);
  }
  auto const geomean_row = [fastest_column](std::string const& label, auto const& rows) {
    std::printf("| **geomean, %s (%zu)** |", label.c_str(), rows.size());
    for (std::size_t c = 0; c < rows.front().size(); ++c) {
      std::vector<double> column;
      for (auto const& row : rows)
        column.push_back(row[c]);
      std::printf(c == fastest_column ? " **%.2fx** |" : " %.2fx |", geomean(column));
    }
    std::printf("\n");
  };
  if (ratios_by_group.size() > 1)
    for (auto const& [group, rows] : ratios_by_group)
      geomean_row(group, rows);
  geomean_row("all inputs", all_ratios);

  // Printers, interleaved the same way.
  std::printf("\n## Serialize (median ns per call, MB/s of output)\n\n");
  columns = {"input"};
  for (auto const& p : printers)
    columns.push_back(p.name);
  print_header(columns);
  for (std::size_t k = 0; k < accepted.size(); ++k) {
    auto const* in = accepted[k];
    std::fprintf(stderr, "[%zu/%zu] print %s\n", k + 1, accepted.size(), in->name.c_str());
    std::vector<job> jobs;
    std::vector<double> bytes;
    for (std::size_t i = 0; i < printers.size(); ++i) {
      jobs.push_back({role::print, i, in});
      bytes.push_back(run_worker(jobs.back(), task::check, 0).value);
    }
    auto const t = interleaved_medians(jobs, rounds, round_ms);
    std::printf("| %s |", in->name.c_str());
    for (std::size_t i = 0; i < printers.size(); ++i)
      std::printf(" %s, %.0f MB/s |", format_ns(t[i]).c_str(), bytes[i] * 1e3 / t[i]);
    std::printf("\n");
  }

  if (!skipped.empty()) {
    std::printf("\n## Skipped inputs (not accepted by every parser; left out of every table)\n\n");
    print_header({"input", "why"});
    for (auto const& [in, why] : skipped)
      std::printf("| %s | %s |\n", in->name.c_str(), why.c_str());
  }
  return 0;
}
