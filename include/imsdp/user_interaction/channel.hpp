// How user interaction travels (design section 13.2): an IMS data channel (TS 26.114 6.2.10,
// RFC 8864) of subprotocol x-3gpp-ims-ui.v1 whose initiator is the network, or a SIP
// MESSAGE (RFC 3428) or INFO (RFC 6086) body. The names are placeholders until 3GPP or IANA
// assign them (RFC 6648 discourages "x-").
#pragma once

#include <cstdint>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <string>
#include <string_view>

namespace imsdp::user_interaction {

/// The dcmap subprotocol of the interaction channel.
inline constexpr std::string_view subprotocol = "x-3gpp-ims-ui.v1";
/// The attribute scoped to the channel by a=dcsa that names who starts interactions:
/// "a=dcsa:1000 x-ims-ui-initiator:network". An extension attribute, kept untyped by the
/// SDP core and read here by name.
inline constexpr std::string_view initiator_attribute = "x-ims-ui-initiator";
/// The body type of SIP MESSAGE and INFO, and the Info-Package / Recv-Info name.
inline constexpr std::string_view content_type = "application/vnd.imsdp.ims-ui+json";
inline constexpr std::string_view info_package = "imsdp-ui";

/// The answer rule (section 13.2): an interaction channel is accepted only when it is on a
/// stream >= 1000 (TS 26.114 application range), ordered and reliable, its initiator is the
/// network, and the peer's max-message-size (0: no limit, RFC 8841 6) fits a message of
/// bounds.max_message_bytes. Otherwise the channel is refused (errc ui_channel, with the
/// reason) and the rest of the session stays as it is.
struct channel_answer {
  errc code = errc::ok;
  std::string reason;
  [[nodiscard]] bool accepted() const noexcept { return code == errc::ok; }
};
[[nodiscard]] channel_answer answer_channel(datachannel::channel const& c,
                                            std::uint64_t peer_max_message_size,
                                            limits const& bounds = {});

/// Whether a body of this Content-Type (parameters and case ignored, RFC 9110 8.3.1) is a
/// user interaction message; read() decodes it.
[[nodiscard]] bool is_interaction_body(std::string_view content_type_value) noexcept;

}  // namespace imsdp::user_interaction
