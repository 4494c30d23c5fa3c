// The RFC 3264 rules the negotiation engine enforces on every description it sends or
// receives (DESIGN.md section 8; research/spec-aiml-dc.md section 5.1):
//
//   answer against its offer (RFC 3264 section 6, RFC 8864 section 6, DESIGN.md section 5)
//     - the same number of m-lines, in the same order, with the same media type and proto;
//     - a stream the offer rejected (port 0) stays rejected, unless it is bundle-only in
//       a BUNDLE group (RFC 9143 section 7.3);
//     - an accepted RTP stream has at least one format of the offer, matched by codec
//       (encoding, clock rate, channels) so other payload-type numbers are fine, and may
//       add formats (RFC 3264 section 6.1); other streams answer a subset of the formats;
//     - the direction mirrors the offer's (sendonly -> recvonly or inactive, ...);
//     - data channels: every dcmap was offered with the same label and subprotocol, and
//       the AI/ML split configurations obey the rules of aiml::split::check_answer;
//   new offer against the session it modifies (RFC 3264 section 8)
//     - m-lines are never removed, only set to port 0 (and possibly reused);
//     - an m-line active in the negotiated session (a port in both offer and answer)
//       keeps its media type; one rejected by either side may be reused (section 8.3);
//   successive descriptions of one endpoint (RFC 3264 section 8)
//     - o= keeps username, session id and address;
//     - the version increments by exactly one when the description changes and stays
//       the same when it does not.
//
// Errors carry no text position: error.rule names the clause broken (a static string)
// and error.detail says what, with the m-line index.
#pragma once

#include <cstdint>
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

/// RFC 3264 section 6.1: the direction that sends only what the other side receives and
/// receives only what it sends, within `local`: the answer's to an offered direction, and
/// each side's effective direction in a session.
[[nodiscard]] sdp::media_direction answer_direction(sdp::media_direction offered,
                                                    sdp::media_direction local);

/// True for an m-line offered bundle-only (port 0 and a=bundle-only) in a BUNDLE group:
/// it is accepted into the group, not rejected (RFC 9143 sections 6 and 7.3).
[[nodiscard]] bool bundle_only(sdp::session_description const& offer, std::size_t media_index);

/// True when two descriptions differ only in their o= line (canonical comparison).
[[nodiscard]] bool same_content(sdp::session_description const& a,
                                sdp::session_description const& b);

/// Every rule an answer breaks against its offer; empty when it obeys them all.
[[nodiscard]] std::vector<error> check_answer(sdp::session_description const& offer,
                                              sdp::session_description const& answer);

/// A new offer against the negotiated session it modifies (both sides' current
/// descriptions); empty when it obeys RFC 3264 section 8.
[[nodiscard]] std::vector<error> check_offer(sdp::session_description const& local,
                                             sdp::session_description const& remote,
                                             sdp::session_description const& offer);

/// How the peer's o= versions are checked.
enum class origin_policy : std::uint8_t {
  rfc3264,  // one more on change, the same (or one more) without (RFC 3264 section 8)
  lenient,  // any higher version, or the same one with a change: what pjmedia and sofia-sip
            // accept, and what older pjsip sends after a refused offer; the identity is
            // still checked and a lower version refused
};

/// The o= rules between two successive descriptions of one endpoint.
[[nodiscard]] result<void> check_origin(sdp::session_description const& previous,
                                        sdp::session_description const& next,
                                        origin_policy policy = origin_policy::rfc3264);

}  // namespace imsdp::negotiation
