// Appending numbers and text for the serializers: std::to_chars into a stack buffer, no
// locale, no allocation beyond the output's own growth.
//
// text_writer is the output of the canonical writers (the append_value functions):
// they write many short pieces (a line is about eight), and an append to std::string per
// piece (capacity check, terminator, a memcpy call) costs more than its bytes. The
// writer gathers the pieces in a stack buffer and hands them to the string in one append
// (issue 24: canonical serialize at 1 GB/s on small inputs).
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace imsdp::detail {

class text_writer {
 public:
  /// Writes to the end of `out`; nothing reaches it before flush().
  explicit text_writer(std::string& out) noexcept : out_(out) {}
  text_writer(text_writer const&) = delete;
  text_writer& operator=(text_writer const&) = delete;
  ~text_writer() = default;

  text_writer& operator+=(char c) {
    if (at_ == buffer_ + capacity) flush();
    *at_++ = c;
    return *this;
  }

  // Inlined into every writer: most pieces are short, and the copy of a short piece is a
  // few moves where a call would cost more than the bytes.
  [[gnu::always_inline]] text_writer& operator+=(std::string_view s) {
    std::size_t const n = s.size();
    if (n <= 16 && buffer_ + capacity - at_ >= 16) [[likely]] {
      copy_short(at_, s.data(), n);
      at_ += n;
    } else {
      write_long(s);
    }
    return *this;
  }

  /// A number written in place (to_chars needs at most 20 digits and a sign).
  template <class Integer>
  void number(Integer value) {
    if (buffer_ + capacity - at_ < 24) flush();
    at_ = std::to_chars(at_, buffer_ + capacity, value).ptr;
  }

  /// Hands the gathered text to the string. Call it once the last piece is written.
  void flush() {
    out_.append(buffer_, at_);
    at_ = buffer_;
  }

 private:
  static constexpr std::size_t capacity = 1024;

  // sizeof(Word) <= n <= 2 * sizeof(Word): the first and the last word, overlapping.
  template <class Word>
  static void copy_ends(char* to, char const* from, std::size_t n) {
    Word head;
    Word tail;
    std::memcpy(&head, from, sizeof(Word));
    std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
    std::memcpy(to, &head, sizeof(Word));
    std::memcpy(to + n - sizeof(Word), &tail, sizeof(Word));
  }

  // n <= 16: two overlapping word copies, or up to three bytes.
  static void copy_short(char* to, char const* from, std::size_t n) {
    if (n >= 8) {
      copy_ends<std::uint64_t>(to, from, n);
    } else if (n >= 4) {
      copy_ends<std::uint32_t>(to, from, n);
    } else if (n > 0) {
      to[0] = from[0];
      to[n / 2] = from[n / 2];
      to[n - 1] = from[n - 1];
    }
  }

  void write_long(std::string_view s) {
    if (s.empty()) return;
    if (s.size() > static_cast<std::size_t>(buffer_ + capacity - at_)) {
      flush();
      if (s.size() > capacity) {
        out_ += s;
        return;
      }
    }
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
  }

  std::string& out_;
  char* at_ = buffer_;
  char buffer_[capacity];
};

template <class Unsigned>
requires std::is_unsigned_v<Unsigned>
inline void append_number(text_writer& out, Unsigned value) {
  out.number(value);
}

template <class Unsigned>
requires std::is_unsigned_v<Unsigned>
inline void append_number(std::string& out, Unsigned value) {
  char buffer[24];
  auto const r = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, r.ptr);
}

}  // namespace imsdp::detail
