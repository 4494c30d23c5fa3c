// The RFC 3264 rules the negotiation engine enforces on every description it sends or
// receives (DESIGN.md section 8; research/spec-aiml-dc.md section 5.1):
//
//   answer against its offer (RFC 3264 section 6, RFC 8864 section 6, DESIGN.md section 5)
//     - the same number of m-lines, in the same order, with the same media type and proto;
//     - a stream the offer rejected (port 0) stays rejected;
//     - the formats of an accepted stream are a subset of the offer's;
//     - the direction mirrors the offer's (sendonly -> recvonly or inactive, ...);
//     - data channels: every dcmap was offered with the same label and subprotocol, and
//       the AI/ML split configurations obey the rules of aiml::split::check_answer;
//   new offer against the session it modifies (RFC 3264 section 8)
//     - m-lines are never removed, only set to port 0 (and possibly reused);
//     - an active m-line keeps its media type;
//   successive descriptions of one endpoint (RFC 3264 section 8)
//     - o= keeps username, session id and address;
//     - the version increments by exactly one when the description changes and stays
//       the same when it does not.
//
// Errors carry no text position: error.rule names the clause broken (a static string)
// and error.detail says what, with the m-line index.
#pragma once

#include <imsdp/error.hpp>
#include <imsdp/result.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <memory>
#include <vector>

namespace imsdp::negotiation {

/// A description held by the engine: immutable and shared, so machines copy cheaply.
using description = std::shared_ptr<sdp::session_description const>;

/// The direction of a media description: its own attribute, else the session's, else
/// sendrecv (RFC 8866 section 6.7).
[[nodiscard]] sdp::media_direction direction_of(sdp::session_description const& doc,
                                                std::size_t media_index);

/// True when two descriptions differ only in their o= line (canonical comparison).
[[nodiscard]] bool same_content(sdp::session_description const& a,
                                sdp::session_description const& b);

/// Every rule an answer breaks against its offer; empty when it obeys them all.
[[nodiscard]] std::vector<error> check_answer(sdp::session_description const& offer,
                                              sdp::session_description const& answer);

/// A new offer against the session it modifies (the current negotiated description of
/// the same endpoint); empty when it obeys RFC 3264 section 8.
[[nodiscard]] std::vector<error> check_offer(sdp::session_description const& session,
                                             sdp::session_description const& offer);

/// The o= rules between two successive descriptions of one endpoint.
[[nodiscard]] result<void> check_origin(sdp::session_description const& previous,
                                        sdp::session_description const& next);

}  // namespace imsdp::negotiation
