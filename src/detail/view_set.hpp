// A set of string views that does not allocate for its first N members: they sit in a
// fixed buffer, and later ones go to a hash set made only then, so that a long run of
// members stays linear to check (the mids of a description, the option names of a list).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_set>

namespace imsdp::detail {

template <std::size_t N>
class view_set {
 public:
  /// Adds `view`; false when an equal view was there already.
  bool insert(std::string_view view) {
    for (std::size_t k = 0; k < count_; ++k)
      if (std::string_view(first_[k].data, first_[k].size) == view) return false;
    if (count_ < N) {
      first_[count_++] = {view.data(), view.size()};
      return true;
    }
    return (more_ ? *more_ : more_.emplace()).insert(view).second;
  }

 private:
  struct entry {  // left uninitialized: only the first `count_` are read
    char const* data;
    std::size_t size;
  };
  entry first_[N];
  std::size_t count_ = 0;  // at most N
  std::optional<std::unordered_set<std::string_view>> more_;
};

}  // namespace imsdp::detail
