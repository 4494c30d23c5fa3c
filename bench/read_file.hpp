// The benchmarks' input files, read whole (IMSDP_BENCH_CORPUS and IMSDP_EXAMPLES are the
// targets' compile definitions).
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace imsdp::bench {

inline std::string read_file(std::filesystem::path const& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct corpus_file {
  std::string name;  // the file name without its extension
  std::string text;
};

/// The .sdp files of the peer corpus (or of examples/ without it) but broken.sdp, sorted
/// and read once; they live as long as the program, as registered benchmarks need.
inline std::vector<corpus_file> const& corpus() {
  static std::vector<corpus_file> const files = [] {
    std::filesystem::path dir = IMSDP_BENCH_CORPUS;
    if (!std::filesystem::exists(dir)) dir = IMSDP_EXAMPLES;
    std::vector<std::filesystem::path> paths;
    for (auto const& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".sdp" && e.path().filename() != "broken.sdp")
        paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<corpus_file> out;
    for (auto const& p : paths)
      out.push_back({p.stem().string(), read_file(p)});
    return out;
  }();
  return files;
}

}  // namespace imsdp::bench
