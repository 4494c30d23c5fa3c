// The capabilities of examples/caps-*.json, for the negotiation unit tests.
#pragma once

#include <doctest/doctest.h>

#include <imsdp/negotiation/json.hpp>
#include <string>

#include "support/files.hpp"

namespace imsdp::test {

inline negotiation::capabilities caps_file(std::string const& name) {
  auto c = negotiation::capabilities_from_json(read_file(source_dir() / "examples" / name));
  REQUIRE(c);
  return *c;
}

}  // namespace imsdp::test
