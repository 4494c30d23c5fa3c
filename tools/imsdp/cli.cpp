#include "cli.hpp"

#include <openssl/rand.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <imsdp/detail/utf8.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <iostream>

namespace imsdp::cli {

result<std::string> read_input(std::string const& path) {
  // stdio rather than iostreams: a read that fails (a directory, EIO) sets ferror, where an
  // ifstream read through rdbuf() ends as if the file were empty.
  bool const from_stdin = path == "-";
  auto const failure = [&](char const* what) {
    error e;
    e.code = errc::io_error;
    e.detail = std::string(what) + (from_stdin ? std::string("standard input") : path) + ": " +
               std::strerror(errno);
    return e;
  };
  std::FILE* const file = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) return failure("cannot open ");
  std::string text;
  char block[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(block, 1, sizeof block, file)) > 0)
    text.append(block, n);
  bool const failed = std::ferror(file) != 0;
  int const reason = errno;
  if (!from_stdin) std::fclose(file);
  errno = reason;
  if (failed) return failure("cannot read ");
  return text;
}

std::optional<profile> profile_option(std::string const& name) {
  auto p = profile_from_string(name);
  if (!p) std::cerr << "imsdp: unknown profile '" << name << "' (strict, jsep, ims, lenient)\n";
  return p;
}

namespace {

std::string_view line_at(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  auto const begin = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  std::size_t const start = begin == std::string_view::npos || offset == 0 ? 0 : begin + 1;
  auto end = text.find_first_of("\r\n", start);
  if (end == std::string_view::npos) end = text.size();
  if (start > end) return {};
  return text.substr(start, end - start);
}

std::string printable(std::string_view line) {
  std::string out;
  for (char c : line) {
    unsigned char const u = static_cast<unsigned char>(c);
    out += (u < 0x20 && c != '\t') || u == 0x7f ? '?' : c;
  }
  return out;
}

}  // namespace

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto const hex = [&](unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  };
  for (std::size_t i = 0; i < text.size();) {
    auto const c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        hex(c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    auto const n = detail::utf8_sequence(text, i);  // RFC 3629 4
    if (n == 0) {
      hex(c);
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

void print_diagnostic(std::ostream& out, std::string_view file, std::string_view text,
                      diagnostic const& d) {
  out << file << ':' << d.where.line << ':' << d.where.column << ": " << to_string(d.severity)
      << ": " << escaped(d.message());
  out << " [" << to_string(d.code) << "]\n";
  if (d.where.line == 0) return;
  // The line as masked (secrets.hpp): same length, so the caret stays under its byte.
  auto const masked = sdp::redact_secrets(line_at(text, d.where.offset));
  std::string_view const line = masked;
  out << "  " << printable(line) << '\n';
  out << "  ";
  for (std::uint32_t i = 1; i < d.where.column && i - 1 < line.size(); ++i)
    out << (line[i - 1] == '\t' ? '\t' : ' ');
  out << '^';
  for (std::uint32_t i = 1; i < d.length && d.where.column + i - 1 < line.size() + 1; ++i)
    out << '~';
  out << '\n';
}

void print_sdp(std::ostream& out, std::string const& text, bool show_keys) {
  out << (show_keys ? text : sdp::redact_secrets(text));
}

bool random_key(std::span<std::uint8_t> out) {
  return out.size() <= INT_MAX && RAND_bytes(out.data(), static_cast<int>(out.size())) == 1;
}

void add_show_keys(CLI::App& command, bool& show_keys) {
  command.add_flag("--show-keys", show_keys,
                   "Print SRTP keys (a=crypto, k=) in clear; masked with '*' otherwise");
}

void print_json(std::ostream& out, nlohmann::json const& j) {
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

nlohmann::json diagnostic_json(std::string_view file, diagnostic const& d) {
  nlohmann::json j;
  j["file"] = file;
  j["line"] = d.where.line;
  j["column"] = d.where.column;
  j["offset"] = d.where.offset;
  j["length"] = d.length;
  j["severity"] = to_string(d.severity);
  j["code"] = to_string(d.code);
  j["message"] = d.message();
  return j;
}

}  // namespace imsdp::cli
