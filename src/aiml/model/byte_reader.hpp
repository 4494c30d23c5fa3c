// Bounded little-endian reading of model file bytes: every read is checked against the
// remaining input and reports model_truncated with the absolute byte offset.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <imsdp/result.hpp>
#include <span>
#include <string>
#include <string_view>

namespace imsdp::aiml::model::detail {

inline error file_error(errc code, std::size_t offset, std::string detail = {}) {
  error e;
  e.code = code;
  e.where.offset = offset;
  e.detail = std::move(detail);
  return e;
}

inline std::string_view as_text(std::span<std::byte const> bytes) {
  return {reinterpret_cast<char const*>(bytes.data()), bytes.size()};
}

class byte_reader {
 public:
  /// `base` is the offset of bytes[0] in the whole file, for error positions.
  explicit byte_reader(std::span<std::byte const> bytes, std::size_t base = 0)
      : bytes_(bytes), base_(base) {}

  [[nodiscard]] std::size_t offset() const noexcept { return base_ + at_; }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - at_; }
  [[nodiscard]] bool at_end() const noexcept { return at_ == bytes_.size(); }

  /// The next n bytes.
  [[nodiscard]] result<std::span<std::byte const>> take(std::uint64_t n, std::string_view what) {
    if (n > remaining())
      return file_error(errc::model_truncated, offset(),
                        std::string(what) + " needs " + std::to_string(n) + " bytes, " +
                            std::to_string(remaining()) + " left");
    auto const out = bytes_.subspan(at_, static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return out;
  }

  /// An unsigned little-endian integer of sizeof(T) bytes.
  template <class T>
  [[nodiscard]] result<T> read(std::string_view what) {
    auto const raw = take(sizeof(T), what);
    if (!raw) return raw.error();
    return load<T>(raw->data());
  }

  template <class T>
  [[nodiscard]] static T load(std::byte const* p) noexcept {
    T v{};
    std::memcpy(&v, p, sizeof v);  // the hosts we build for are little-endian
    return v;
  }

 private:
  std::span<std::byte const> bytes_;
  std::size_t base_ = 0;
  std::size_t at_ = 0;
};

static_assert(std::endian::native == std::endian::little,
              "model readers assume little-endian hosts");

}  // namespace imsdp::aiml::model::detail
