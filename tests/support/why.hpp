// The message of a failed result for a doctest *_MESSAGE, and nothing for a success: doctest
// also renders messages of passing checks (with -s), when calling error() on a value aborts.
#pragma once

#include <string>

namespace imsdp::test {

/// The error's message, with "at line:column" when it has a position.
template <class Result>
std::string why(Result const& r) {
  if (r) return {};
  auto const& e = r.error();
  auto out = e.message();
  if (e.where.line != 0)
    out += " at " + std::to_string(e.where.line) + ":" + std::to_string(e.where.column);
  return out;
}

}  // namespace imsdp::test
