// Data-channel attributes: sctp-port and max-message-size (RFC 8841 sections 5 and 6), the
// legacy sctpmap (draft-ietf-mmusic-sctp-sdp-05), dcmap (RFC 8864 section 5.1), and the
// 3GPP attributes 3gpp-qos-hint (TS 26.114 clause 6.2.7.4), 3gpp-bdc-used-by and
// 3gpp-req-app (TS 24.186). dcsa, which scopes another attribute, is in dcsa.hpp.
//
// Type names follow docs/attributes.md: a wire name starting with digits moves them to
// the end ("3gpp-req-app" -> req_app_3gpp).
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::datachannel {

/// The SCTP port when a=sctp-port is absent (RFC 8841 section 5).
inline constexpr std::uint16_t default_sctp_port = 5000;
/// The receive limit when a=max-message-size is absent (RFC 8841 section 6).
inline constexpr std::uint64_t default_max_message_size = 65536;

/// a=sctp-port:<port> (RFC 8841 section 5.2). The legacy "a=sctp-port 5000" form
/// (draft-ietf-mmusic-sctp-sdp-12) is read under tolerance::legacy_sctp.
struct sctp_port {
  static constexpr std::string_view name = "sctp-port";
  std::uint16_t port = default_sctp_port;
  friend bool operator==(sctp_port const&, sctp_port const&) = default;
};

/// a=max-message-size:<bytes> (RFC 8841 section 6.2); 0 means no limit. The value is what
/// this endpoint can receive; the peer must not send larger messages.
struct max_message_size {
  static constexpr std::string_view name = "max-message-size";
  std::uint64_t bytes = default_max_message_size;
  [[nodiscard]] constexpr bool unlimited() const noexcept { return bytes == 0; }
  friend bool operator==(max_message_size const&, max_message_size const&) = default;
};

/// a=sctpmap:<sctp port> <app> [<max streams>] (draft-ietf-mmusic-sctp-sdp-05, superseded
/// by RFC 8841; read under tolerance::legacy_sctp only).
struct sctpmap {
  static constexpr std::string_view name = "sctpmap";
  std::uint16_t port = 0;
  std::string_view protocol;  // "webrtc-datachannel"
  std::optional<std::uint32_t> streams;
  friend bool operator==(sctpmap const&, sctpmap const&) = default;
};

/// A quoted-visible-string of RFC 8864 without its quotes, as written (%HH escapes kept).
struct quoted_value {
  std::string_view text;
  /// The value with %HH escapes decoded.
  [[nodiscard]] std::string decoded() const;
  friend bool operator==(quoted_value const&, quoted_value const&) = default;
};

/// a=dcmap:<stream id> [<options>] (RFC 8864 section 5.1): one bidirectional data channel
/// on one SCTP stream. Each option appears at most once; max-retr and max-time exclude each
/// other; neither means reliable.
struct dcmap {
  static constexpr std::string_view name = "dcmap";
  std::uint16_t stream_id = 0;  // 0..65534
  std::optional<quoted_value> label;
  std::optional<quoted_value> subprotocol;
  std::optional<bool> ordered;  // absent: ordered
  std::optional<std::uint16_t> max_retr;
  std::optional<std::uint16_t> max_time;  // milliseconds
  std::optional<std::uint16_t> priority;
  [[nodiscard]] constexpr unsigned key() const noexcept { return stream_id; }
  [[nodiscard]] constexpr bool is_ordered() const noexcept { return ordered.value_or(true); }
  [[nodiscard]] constexpr bool reliable() const noexcept { return !max_retr && !max_time; }
  /// The subprotocol with escapes decoded; empty when absent.
  [[nodiscard]] std::string subprotocol_name() const {
    return subprotocol ? subprotocol->decoded() : std::string();
  }
  friend bool operator==(dcmap const&, dcmap const&) = default;
};

/// a=3gpp-qos-hint:<property>*(";" <property>) (TS 26.114 clause 6.2.7.4): the QoS the
/// endpoint wishes from its local access. loss is a packet loss ratio, latency in ms; each
/// may carry a "/local:" part for the local access alone. Other properties are ignored.
struct qos_hint_3gpp {
  static constexpr std::string_view name = "3gpp-qos-hint";
  std::string_view properties;  // the whole value as written (validated)
  std::string_view loss;        // "0.00002", empty if absent
  std::string_view loss_local;
  std::optional<std::uint32_t> latency;
  std::optional<std::uint32_t> latency_local;
  friend bool operator==(qos_hint_3gpp const&, qos_hint_3gpp const&) = default;
};

enum class bdc_usage : std::uint8_t { sender, receiver, other };

/// a=3gpp-bdc-used-by:<usage> (TS 24.186): on a remote bootstrap channel (stream 100 or
/// 110), whether the sender or the receiver of the SDP uses it. The exact ABNF is not
/// public: the value is a token, "sender" and "receiver" are recognised.
struct bdc_used_by_3gpp {
  static constexpr std::string_view name = "3gpp-bdc-used-by";
  std::string_view value;
  bdc_usage usage = bdc_usage::other;
  friend bool operator==(bdc_used_by_3gpp const&, bdc_used_by_3gpp const&) = default;
};

/// a=3gpp-req-app:<application binding information> (TS 24.186, TS 26.114). The ABNF is
/// not public: the value is kept verbatim and exposed as space-separated tokens; a first
/// token of digits is read as the stream id it binds.
struct req_app_3gpp {
  static constexpr std::string_view name = "3gpp-req-app";
  std::string_view value;
  std::optional<std::uint16_t> stream_id;
  [[nodiscard]] imsdp::detail::split_range tokens() const noexcept {
    return imsdp::detail::split(value, ' ');
  }
  friend bool operator==(req_app_3gpp const&, req_app_3gpp const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, sctp_port const& a) {
  imsdp::detail::append_number(out, unsigned{a.port});
}

inline void append_value(imsdp::detail::text_writer& out, max_message_size const& a) {
  imsdp::detail::append_number(out, a.bytes);
}

inline void append_value(imsdp::detail::text_writer& out, sctpmap const& a) {
  imsdp::detail::append_number(out, unsigned{a.port});
  out += ' ';
  out += a.protocol;
  if (a.streams) {
    out += ' ';
    imsdp::detail::append_number(out, *a.streams);
  }
}

/// Canonical dcmap options: label, subprotocol, ordered, max-retr, max-time, priority,
/// separated by ';' (the order of the RFC 8864 examples).
inline void append_value(imsdp::detail::text_writer& out, dcmap const& a) {
  imsdp::detail::append_number(out, unsigned{a.stream_id});
  char separator = ' ';
  auto const option = [&](std::string_view name) {
    out += separator;
    separator = ';';
    out += name;
    out += '=';
  };
  auto const quoted = [&](std::string_view name, quoted_value const& v) {
    option(name);
    out += '"';
    out += v.text;
    out += '"';
  };
  auto const number = [&](std::string_view name, unsigned v) {
    option(name);
    imsdp::detail::append_number(out, v);
  };
  if (a.label) quoted("label", *a.label);
  if (a.subprotocol) quoted("subprotocol", *a.subprotocol);
  if (a.ordered) {
    option("ordered");
    out += *a.ordered ? "true" : "false";
  }
  if (a.max_retr) number("max-retr", *a.max_retr);
  if (a.max_time) number("max-time", *a.max_time);
  if (a.priority) number("priority", *a.priority);
}

inline void append_value(imsdp::detail::text_writer& out, qos_hint_3gpp const& a) {
  if (!a.properties.empty()) {
    out += a.properties;
    return;
  }
  char const* separator = "";
  if (!a.loss.empty()) {
    out += "loss=";
    out += a.loss;
    if (!a.loss_local.empty()) {
      out += "/local:";
      out += a.loss_local;
    }
    separator = ";";
  }
  if (a.latency) {
    out += separator;
    out += "latency=";
    imsdp::detail::append_number(out, *a.latency);
    if (a.latency_local) {
      out += "/local:";
      imsdp::detail::append_number(out, *a.latency_local);
    }
  }
}

inline void append_value(imsdp::detail::text_writer& out, bdc_used_by_3gpp const& a) {
  out += a.value;
}
inline void append_value(imsdp::detail::text_writer& out, req_app_3gpp const& a) {
  out += a.value;
}

}  // namespace imsdp::datachannel
