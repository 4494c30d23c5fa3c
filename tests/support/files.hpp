// Reading test data files.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace imsdp::test {

inline std::string read_file(std::filesystem::path const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::filesystem::path source_dir() {
  return IMSDP_SOURCE_DIR;
}
inline std::filesystem::path upstream_dir() {
  return IMSDP_UPSTREAM_DIR;
}

}  // namespace imsdp::test
