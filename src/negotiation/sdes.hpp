// SDES-SRTP in offer/answer (RFC 4568 sections 5.1 and 7): which offered crypto lines this
// side can take, and new key params from the host's key source.
#pragma once

#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/negotiation/session.hpp>
#include <imsdp/sdp/attributes/srtp.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::negotiation::detail {

/// Why an offered crypto line cannot be taken (nullopt: it can).
[[nodiscard]] std::optional<std::string> unacceptable(sdp::crypto const& offered,
                                                      sdes_capabilities const& local);

/// "inline:<base64 of key || salt>" for a new master key of `suite`, from the host's key
/// source; nullopt when it gives none. The key bytes are wiped after use.
[[nodiscard]] std::optional<std::string> new_key_params(sdp::srtp_suite const& suite,
                                                        sdes_capabilities const& local);

/// The session params an answer repeats from the offer's line: those that describe the
/// stream in both directions (KDR, UNENCRYPTED_*, UNAUTHENTICATED_SRTP); WSH is each
/// receiver's own (RFC 4568 6.3.7).
[[nodiscard]] std::string answered_session_params(sdp::crypto const& offered);

/// The SDES-SRTP of an answered m-line (RFC 4568 5.1.2): the answer's one crypto line names
/// the tag both sides use, each sending with the key of its own line of that tag. `local`
/// and `remote` are this side's and the peer's m-lines; `answer` is the one of them that
/// answers. nullopt without a crypto line in the answer or the tag on both sides.
[[nodiscard]] std::optional<negotiated_srtp> negotiated_sdes(sdp::media_description const& local,
                                                             sdp::media_description const& remote,
                                                             sdp::media_description const& answer);

/// Whether an m-line's proto is SRTP keyed by SDES (RTP/SAVP, RTP/SAVPF; not DTLS).
[[nodiscard]] bool is_sdes_proto(std::string_view proto) noexcept;

}  // namespace imsdp::negotiation::detail
