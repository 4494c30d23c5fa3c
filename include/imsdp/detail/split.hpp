// A forward range over the parts of a string separated by one byte, without allocation.
// Lists inside SDP values (formats, group tags, fmtp parameters) are kept as one view
// and iterated with this.
#pragma once

#include <cstddef>
#include <imsdp/detail/append.hpp>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::detail {

class split_range {
 public:
  constexpr split_range(std::string_view text, char separator) noexcept
      : text_(text), separator_(separator) {}

  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = std::string_view const*;
    using reference = std::string_view;

    constexpr iterator() noexcept = default;
    constexpr iterator(std::string_view rest, char separator, bool end) noexcept
        : rest_(rest), separator_(separator), end_(end) {
      if (!end_) advance_part();
    }
    constexpr std::string_view operator*() const noexcept { return part_; }
    constexpr iterator& operator++() noexcept {
      if (done_) {
        end_ = true;
      } else {
        advance_part();
      }
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      auto copy = *this;
      ++*this;
      return copy;
    }
    constexpr bool operator==(iterator const& other) const noexcept {
      if (end_ || other.end_) return end_ == other.end_;
      return part_.data() == other.part_.data();
    }

   private:
    constexpr void advance_part() noexcept {
      auto const at = rest_.find(separator_);
      if (at == std::string_view::npos) {
        part_ = rest_;
        rest_ = {};
        done_ = true;
      } else {
        part_ = rest_.substr(0, at);
        rest_.remove_prefix(at + 1);
      }
    }
    std::string_view rest_;
    std::string_view part_;
    char separator_ = ' ';
    bool end_ = true;
    bool done_ = false;
  };

  [[nodiscard]] constexpr iterator begin() const noexcept {
    return {text_, separator_, text_.empty()};
  }
  [[nodiscard]] constexpr iterator end() const noexcept { return {}; }
  [[nodiscard]] constexpr bool empty() const noexcept { return text_.empty(); }
  [[nodiscard]] constexpr std::string_view text() const noexcept { return text_; }
  [[nodiscard]] constexpr std::size_t size() const noexcept {
    if (text_.empty()) return 0;
    std::size_t n = 1;
    for (char c : text_)
      n += c == separator_ ? 1 : 0;
    return n;
  }

 private:
  std::string_view text_;
  char separator_;
};

/// The parts of `text` separated by `separator` ("0 1 2" -> "0", "1", "2").
[[nodiscard]] constexpr split_range split(std::string_view text, char separator) noexcept {
  return {text, separator};
}

/// The words of `text` separated by runs of spaces and tabs (1*WSP, RFC 5234).
[[nodiscard]] inline std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
      ++i;
    std::size_t const start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t')
      ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

/// Appends words joined by single spaces.
inline void append_words(text_writer& out, std::string_view text) {
  bool first = true;
  for (auto w : words(text)) {
    if (!first) out += ' ';
    out += w;
    first = false;
  }
}

}  // namespace imsdp::detail
