// Grouping and stream identification: mid and group (RFC 5888), bundle-only (RFC 9143),
// msid (RFC 8830) and the msid-semantic attribute browsers still send, ssrc and
// ssrc-group (RFC 5576), rid (RFC 8851), simulcast (RFC 8853).
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// a=mid:<identification-tag> (RFC 5888 section 4)
struct mid {
  static constexpr std::string_view name = "mid";
  std::string_view value;
  [[nodiscard]] constexpr std::string_view key() const noexcept { return value; }
  friend bool operator==(mid const&, mid const&) = default;
};

/// a=group:<semantics> *(SP <identification-tag>) (RFC 5888 section 5)
struct group {
  static constexpr std::string_view name = "group";
  std::string_view semantics;  // "BUNDLE", "LS", "FID", ...
  std::string_view tags;
  [[nodiscard]] imsdp::detail::split_range tag_list() const noexcept {
    return imsdp::detail::split(tags, ' ');
  }
  [[nodiscard]] constexpr std::string_view key() const noexcept { return semantics; }
  friend bool operator==(group const&, group const&) = default;
};

/// a=bundle-only (RFC 9143 section 6)
struct bundle_only {
  static constexpr std::string_view name = "bundle-only";
  static constexpr bool flag = true;
  friend bool operator==(bundle_only const&, bundle_only const&) = default;
};

/// a=msid:<msid-id> [<msid-appdata>] (RFC 8830 section 2), each 1..64 token-char.
struct msid {
  static constexpr std::string_view name = "msid";
  std::string_view stream_id;
  std::string_view track_id;  // empty if absent
  friend bool operator==(msid const&, msid const&) = default;
};

/// a=msid-semantic:<semantic> [<identifiers>] (draft-ietf-mmusic-msid-07); browsers write
/// "a=msid-semantic: WMS *". The canonical form has no space after the colon.
struct msid_semantic {
  static constexpr std::string_view name = "msid-semantic";
  std::string_view semantic;
  std::string_view identifiers;
  friend bool operator==(msid_semantic const&, msid_semantic const&) = default;
};

/// a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 section 4.1)
struct ssrc {
  static constexpr std::string_view name = "ssrc";
  std::uint32_t id = 0;
  std::string_view attribute;  // "cname", "msid", ...
  std::string_view value;      // empty if absent
  [[nodiscard]] constexpr std::uint32_t key() const noexcept { return id; }
  friend bool operator==(ssrc const&, ssrc const&) = default;
};

/// a=ssrc-group:<semantics> *(SP <ssrc-id>) (RFC 5576 section 4.2)
struct ssrc_group {
  static constexpr std::string_view name = "ssrc-group";
  std::string_view semantics;  // "FID", "SIM", "FEC-FR"
  std::string_view ssrcs;
  [[nodiscard]] imsdp::detail::split_range ssrc_list() const noexcept {
    return imsdp::detail::split(ssrcs, ' ');
  }
  friend bool operator==(ssrc_group const&, ssrc_group const&) = default;
};

enum class rid_direction : std::uint8_t { send, recv };

[[nodiscard]] constexpr std::string_view to_string(rid_direction d) noexcept {
  return d == rid_direction::send ? "send" : "recv";
}

/// a=rid:<rid-id> <send/recv> [<restrictions>] (RFC 8851 section 10)
struct rid {
  static constexpr std::string_view name = "rid";
  std::string_view id;
  rid_direction direction = rid_direction::send;
  std::string_view restrictions;  // "pt=96,97;max-width=1280", empty if absent
  [[nodiscard]] constexpr std::string_view key() const noexcept { return id; }
  [[nodiscard]] imsdp::detail::split_range restriction_list() const noexcept {
    return imsdp::detail::split(restrictions, ';');
  }
  friend bool operator==(rid const&, rid const&) = default;
};

/// a=simulcast:<send/recv> <streams> [<recv/send> <streams>] (RFC 8853 section 5.1).
/// Stream lists are kept as written: ';' between streams, ',' between alternatives,
/// '~' before a paused rid.
struct simulcast {
  static constexpr std::string_view name = "simulcast";
  std::string_view send;
  std::string_view recv;
  bool recv_first = false;  // "recv ... send ..." order
  friend bool operator==(simulcast const&, simulcast const&) = default;
};

inline void append_value(imsdp::detail::text_writer& out, mid const& a) {
  out += a.value;
}

inline void append_value(imsdp::detail::text_writer& out, group const& a) {
  out += a.semantics;
  if (!a.tags.empty()) {
    out += ' ';
    out += a.tags;
  }
}

inline void append_value(imsdp::detail::text_writer&, bundle_only const&) {}

inline void append_value(imsdp::detail::text_writer& out, msid const& a) {
  out += a.stream_id;
  if (!a.track_id.empty()) {
    out += ' ';
    out += a.track_id;
  }
}

inline void append_value(imsdp::detail::text_writer& out, msid_semantic const& a) {
  out += a.semantic;
  if (!a.identifiers.empty()) {
    out += ' ';
    out += a.identifiers;
  }
}

inline void append_value(imsdp::detail::text_writer& out, ssrc const& a) {
  imsdp::detail::append_number(out, a.id);
  out += ' ';
  out += a.attribute;
  if (!a.value.empty()) {
    out += ':';
    out += a.value;
  }
}

inline void append_value(imsdp::detail::text_writer& out, ssrc_group const& a) {
  out += a.semantics;
  if (!a.ssrcs.empty()) {
    out += ' ';
    out += a.ssrcs;
  }
}

inline void append_value(imsdp::detail::text_writer& out, rid const& a) {
  out += a.id;
  out += ' ';
  out += to_string(a.direction);
  if (!a.restrictions.empty()) {
    out += ' ';
    out += a.restrictions;
  }
}

inline void append_value(imsdp::detail::text_writer& out, simulcast const& a) {
  std::string_view const first = a.recv_first ? "recv " : "send ";
  std::string_view const second = a.recv_first ? " send " : " recv ";
  out += first;
  out += a.recv_first ? a.recv : a.send;
  std::string_view const rest = a.recv_first ? a.send : a.recv;
  if (!rest.empty()) {
    out += second;
    out += rest;
  }
}

}  // namespace imsdp::sdp
