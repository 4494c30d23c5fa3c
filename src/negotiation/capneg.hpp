// SDP capability negotiation in answers (RFC 5939 section 3.6): the potential
// configuration an answer takes, and the transport protocols tcap numbers name. IMS offers
// RTP/AVPF this way beside RTP/AVP (TS 26.114 6.2.1a, Annex A.1 and A.3).
#pragma once

#include <cstdint>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::negotiation::detail {

/// The protocol transport capability `number` of m-line i names (RFC 5939 3.4.2: a tcap
/// numbers its protocols from its trpr-cap-num up; media-level ones first, then session).
[[nodiscard]] std::optional<std::string_view> transport_capability(
    sdp::session_description const& doc, std::size_t i, std::uint32_t number);

/// A potential configuration taken: a=acfg:<config> t=<transport>.
struct configuration_choice {
  std::uint32_t config = 0;
  std::uint32_t transport = 0;
  std::string_view proto;
};

/// The first potential configuration of m-line i (lowest config-number first, RFC 5939
/// 3.5.1) whose only mandatory part is a transport alternative naming `proto`; attribute
/// and extension capabilities this side does not implement make a configuration unusable
/// when mandatory, and are ignored when optional ("[...]", no '+').
[[nodiscard]] std::optional<configuration_choice> choose_configuration(
    sdp::session_description const& offer, std::size_t i, std::string_view proto);

/// Why an answer's a=acfg does not fit the offer's m-line i (nullopt: it does): it names an
/// offered pcfg, and the transport it selected is the answer's `proto` (RFC 5939 3.6.2).
[[nodiscard]] std::optional<std::string> configuration_problem(
    sdp::session_description const& offer, std::size_t i, sdp::acfg const& taken,
    std::string_view proto);

}  // namespace imsdp::negotiation::detail
