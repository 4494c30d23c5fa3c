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

/// The .sdp files of the peer corpus (or of examples/ without it), sorted, but broken.sdp.
inline std::vector<std::filesystem::path> corpus_files() {
  std::filesystem::path dir = IMSDP_BENCH_CORPUS;
  if (!std::filesystem::exists(dir)) dir = IMSDP_EXAMPLES;
  std::vector<std::filesystem::path> files;
  for (auto const& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".sdp" && e.path().filename() != "broken.sdp")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace imsdp::bench
