// What a value parser gets besides the value: the tolerances in force, where the line is
// (for positions), and where to put its error and its diagnostics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::sdp::detail {

/// The rules of a failure for a run of bytes longer or shorter than its grammar allows
/// (span_parser in grammar/x3_support.hpp). Only attribute grammars bound their runs; the
/// registry's typed parse (attribute_registry.cpp) replaces these with the attribute's
/// name and says which.
inline constexpr char too_long_rule[] = "too-long";
inline constexpr char too_short_rule[] = "too-short";

class value_context {
 public:
  value_context(tolerance tolerances, std::vector<diagnostic>* diagnostics,
                std::size_t max_diagnostics) noexcept
      : tolerances_(tolerances), diagnostics_(diagnostics), max_diagnostics_(max_diagnostics) {}

  /// Sets the line being parsed: positions are computed from it.
  void at_line(char const* text, std::uint32_t line, std::size_t offset) noexcept {
    line_text_ = text;
    line_ = line;
    line_offset_ = offset;
  }

  [[nodiscard]] bool allows(tolerance t) const noexcept { return any(tolerances_ & t); }
  [[nodiscard]] tolerance tolerances() const noexcept { return tolerances_; }

  [[nodiscard]] position where(char const* at) const noexcept {
    auto const column = static_cast<std::size_t>(at - line_text_);
    return {line_offset_ + column, line_, static_cast<std::uint32_t>(column + 1)};
  }

  /// Records the first failure of the current value; later ones are ignored. `rule` must
  /// be static text (errors outlive the parsed buffer).
  void fail(errc code, char const* at, std::size_t length, std::string_view rule,
            std::string detail = {}) {
    fail_at(code, where(at), length, rule, std::move(detail));
  }
  void fail_at(errc code, position at, std::size_t length, std::string_view rule,
               std::string detail = {}) {
    if (failed_) return;
    failed_ = true;
    failure_.code = code;
    failure_.where = at;
    failure_.length = static_cast<std::uint32_t>(length);
    failure_.rule = rule;
    failure_.detail = std::move(detail);
  }

  /// Records a diagnostic (bounded by the limit; later ones are counted only).
  void report(errc code, severity s, char const* at, std::size_t length, std::string_view subject) {
    report_at(code, s, where(at), length, subject);
  }
  // Out of line: deviations are rare, and the parser's hot functions stay small.
  [[gnu::noinline]] void report_at(errc code, severity s, position at, std::size_t length,
                                   std::string_view subject) {
    record(diagnostic{code, s, at, static_cast<std::uint32_t>(length), subject, {}});
  }
  /// A failure as a diagnostic, with its detail: an error under collect_all_errors, or
  /// (with the code malformed_attribute) a value kept raw.
  [[gnu::cold]] void report_failure(error failure, severity s) {
    record(to_diagnostic(std::move(failure), s));
  }

  [[nodiscard]] bool failed() const noexcept { return failed_; }
  [[nodiscard]] error const& failure() const noexcept { return failure_; }
  error take_failure() noexcept {
    failed_ = false;
    return std::move(failure_);
  }
  /// A failure of a run of bytes longer or shorter than its grammar allows (too_long_rule,
  /// too_short_rule) gets the rule of the whole value (static text) and says which.
  [[gnu::cold]] void name_length_failure(std::string_view rule) {
    if (!failed_) return;
    bool const too_long = failure_.rule == too_long_rule;
    if (!too_long && failure_.rule != too_short_rule) return;
    auto const bytes =
        std::to_string(failure_.length) + (failure_.length == 1 ? " byte" : " bytes");
    failure_.rule = rule;
    failure_.detail = too_long ? "too long by " + bytes : "too short (" + bytes + ")";
  }
  void clear_failure() noexcept {
    failed_ = false;
    failure_ = {};
  }
  [[nodiscard]] std::size_t dropped_diagnostics() const noexcept { return dropped_; }

 private:
  void record(diagnostic&& d) {
    if (diagnostics_ == nullptr) return;
    if (diagnostics_->size() >= max_diagnostics_) {
      ++dropped_;
      return;
    }
    // Most descriptions have no diagnostics: allocate for them at the first one.
    if (diagnostics_->capacity() == 0) diagnostics_->reserve(8);
    diagnostics_->push_back(std::move(d));
  }

  tolerance tolerances_;
  std::vector<diagnostic>* diagnostics_;
  std::size_t max_diagnostics_;
  std::size_t dropped_ = 0;
  char const* line_text_ = nullptr;
  std::uint32_t line_ = 0;
  std::size_t line_offset_ = 0;
  bool failed_ = false;
  error failure_{};
};

}  // namespace imsdp::sdp::detail
