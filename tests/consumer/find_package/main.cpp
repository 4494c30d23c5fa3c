// Parses an SDP file with the installed library and prints its media lines.
#include <fstream>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto const doc = imsdp::sdp::parse(text.str(), imsdp::profile::jsep());
  if (!doc) {
    std::cerr << doc.error().message() << '\n';
    return 1;
  }
  for (std::size_t i = 0; i < doc->media_count(); ++i)
    std::cout << doc->media(i).media() << ' ' << doc->media(i).port() << '\n';
  return imsdp::sdp::serialize_exact(*doc) == text.str() ? 0 : 1;
}
