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

/// The fixed capabilities an answerer uses for an offer: opus, PCMU, PCMA and
/// telephone-event over ICE and DTLS for a WebRTC offer (UDP/TLS/RTP/SAVPF anywhere), else
/// AMR-WB, AMR and telephone-event over RTP/AVP, as a VoLTE UE (answer.cpp).
enum class offer_kind { webrtc, volte };
[[nodiscard]] offer_kind kind_of(std::string_view offer);

/// An offer/answer engine (answer.cpp): parses `offer`, answers it under the capabilities
/// of `kind` and writes the answer, copied to `copy` when that is not null. Returns the
/// bytes of the answer, 0 when the engine gives none.
struct answerer {
  char const* name;
  std::size_t (*answer)(std::string_view offer, offer_kind kind, std::string* copy);
};

extern answerer const imsdp_answerer;
extern answerer const sofia_soa;
extern answerer const libre_session;
/// A reference row, not a peer: imsdp's offer parse, the strict parse of its answer's text
/// and the write, without the negotiation.
extern answerer const imsdp_answer_floor;

/// A reference row, not a peer (typed_floor.cpp): imsdp's line split, field records and
/// value grammars without the parser's checks. Returns the number of media sections.
int typed_floor(std::string_view text);

}  // namespace imsdp::bench
