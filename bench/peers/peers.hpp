// The peer SDP parsers measured beside imsdp: each adapter parses into the library's own
// structures and frees them, and can print a parsed description with its own printer.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace imsdp::bench {

/// Every `text` given to an adapter views a whole std::string, so the byte after it is a
/// NUL: adapters of parsers that want a C string (oSIP2) use it in place, without a copy.
struct peer {
  char const* name;
  /// Full parse and free; returns the number of media sections, or -1 on failure.
  int (*parse)(std::string_view text);
  /// Parse once (outside the timing), then print repeatedly; nullptr when there is no printer.
  void* (*prepare_print)(std::string_view text);
  std::size_t (*print)(void* prepared);
  void (*release)(void* prepared);
};

extern peer const gst_sdp;
extern peer const sofia_sip;
extern peer const osip2;
extern peer const libre;

/// A reference row, not a peer (typed_floor.cpp): imsdp's line split, field records and
/// value grammars without the parser's checks. Returns the number of media sections.
int typed_floor(std::string_view text);

}  // namespace imsdp::bench
