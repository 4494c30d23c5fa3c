// imsdp::result<T>: a value or an imsdp::error, in the shape of C++23 std::expected.
//
// C++20 has no std::expected and clang 14 cannot use libstdc++'s C++23 one, so this is
// a small one of our own (DESIGN.md section 3). Only the operations the library uses
// are provided; the names match std::expected so a later switch is an alias change.
#pragma once

#include <cstdlib>
#include <imsdp/error.hpp>
#include <new>
#include <type_traits>
#include <utility>
#include <variant>

namespace imsdp {

/// Wraps an error for construction of a failed result: `return unexpected(err);`.
struct unexpected {
  imsdp::error value;
  explicit unexpected(imsdp::error e) : value(std::move(e)) {}
};

template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;

  result() requires std::is_default_constructible_v<T> : storage_(std::in_place_index<0>) {}
  result(T const& v) : storage_(std::in_place_index<0>, v) {}        // NOLINT: implicit by design
  result(T&& v) : storage_(std::in_place_index<0>, std::move(v)) {}  // NOLINT
  result(unexpected e) : storage_(std::in_place_index<1>, std::move(e.value)) {}  // NOLINT
  result(imsdp::error e) : storage_(std::in_place_index<1>, std::move(e)) {}      // NOLINT

  template <class... Args>
  explicit result(std::in_place_t, Args&&... args)
      : storage_(std::in_place_index<0>, std::forward<Args>(args)...) {}

  [[nodiscard]] bool has_value() const noexcept { return storage_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return checked(), *std::get_if<0>(&storage_); }
  T const& value() const& { return checked(), *std::get_if<0>(&storage_); }
  T&& value() && { return checked(), std::move(*std::get_if<0>(&storage_)); }

  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }

  /// The error; calling it on a success is a programming error and aborts.
  [[nodiscard]] imsdp::error const& error() const& {
    if (has_value()) std::abort();
    return *std::get_if<1>(&storage_);
  }
  [[nodiscard]] imsdp::error&& error() && {
    if (has_value()) std::abort();
    return std::move(*std::get_if<1>(&storage_));
  }

 private:
  // Accessing the value of a failed result is a programming error: abort, never UB.
  void checked() const {
    if (!has_value()) std::abort();
  }
  std::variant<T, imsdp::error> storage_;
};

/// result<void>: success or an error.
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(unexpected e) : error_(std::move(e.value)), failed_(true) {}  // NOLINT
  result(imsdp::error e) : error_(std::move(e)), failed_(true) {}      // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return !failed_; }
  void value() const {
    if (failed_) std::abort();
  }
  [[nodiscard]] imsdp::error const& error() const& {
    if (!failed_) std::abort();
    return error_;
  }

 private:
  imsdp::error error_{};
  bool failed_ = false;
};

}  // namespace imsdp
