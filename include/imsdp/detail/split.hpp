// A forward range over the parts of a string separated by one byte, without allocation.
// Lists inside SDP values (formats, group tags, fmtp parameters) are kept as one view
// and iterated with this.
#pragma once

#include <cstddef>
#include <iterator>
#include <string_view>

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

}  // namespace imsdp::detail
