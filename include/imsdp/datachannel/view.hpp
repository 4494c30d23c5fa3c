// A data-channel view over a parsed description: the SCTP association of each
// data-channel m-section, its channels with their scoped attributes, and the validation
// rules of RFC 8841, RFC 8864 and 3GPP TS 26.114 / TS 24.186 as diagnostics.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/datachannel/dcsa.hpp>
#include <imsdp/error.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <string>
#include <vector>

namespace imsdp::datachannel {

/// Stream ids of the 3GPP plan (TS 24.186, TS 26.114 clause 6.2.10): bootstrap channels
/// 0 and 10 (local) and 100 and 110 (remote) carry "http"; application channels use
/// 1000 and up.
enum class channel_kind : std::uint8_t { bootstrap, application, other };

[[nodiscard]] constexpr channel_kind kind_of(std::uint16_t stream_id) noexcept {
  if (stream_id == 0 || stream_id == 10 || stream_id == 100 || stream_id == 110)
    return channel_kind::bootstrap;
  return stream_id >= 1000 ? channel_kind::application : channel_kind::other;
}

[[nodiscard]] constexpr std::string_view to_string(channel_kind k) noexcept {
  switch (k) {
    case channel_kind::bootstrap:
      return "bootstrap";
    case channel_kind::application:
      return "application";
    case channel_kind::other:
      return "other";
  }
  return "other";
}

/// One channel: its dcmap line and the dcsa lines scoped to it.
struct channel {
  dcmap const* map = nullptr;
  sdp::field const* line = nullptr;
  std::vector<dcsa const*> scoped;
  channel_kind kind = channel_kind::other;
  [[nodiscard]] std::uint16_t stream_id() const noexcept { return map->stream_id; }
  [[nodiscard]] std::string subprotocol() const { return map->subprotocol_name(); }
};

/// The SCTP association of one data-channel m-section (RFC 8841).
struct association {
  std::size_t media_index = 0;
  std::uint16_t sctp_port = default_sctp_port;  // a=sctp-port, or the default
  bool sctp_port_given = false;
  std::uint64_t max_message_size = default_max_message_size;  // 0: no limit
  bool max_message_size_given = false;
  bool legacy = false;  // "DTLS/SCTP" with a=sctpmap (pre-RFC 8841)
  std::vector<channel> channels;

  [[nodiscard]] channel const* find(std::uint16_t stream_id) const noexcept;
};

/// True for an m-section that carries an SCTP association: m=application with proto
/// UDP/DTLS/SCTP or TCP/DTLS/SCTP (RFC 8841), or the legacy DTLS/SCTP.
[[nodiscard]] bool is_datachannel(sdp::media_description const& m) noexcept;

/// The association of one m-section (which should satisfy is_datachannel).
[[nodiscard]] association view(sdp::session_description const& doc, std::size_t media_index);

/// The associations of every data-channel m-section, in m-line order.
[[nodiscard]] std::vector<association> associations(sdp::session_description const& doc);

/// Checks the data-channel and AI/ML split rules; returns one diagnostic per violation,
/// positioned at the offending line and value (docs/datachannel.md lists the rules).
[[nodiscard]] std::vector<diagnostic> validate(sdp::session_description const& doc);

}  // namespace imsdp::datachannel
