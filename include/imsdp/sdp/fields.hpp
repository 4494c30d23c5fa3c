// Values of the RFC 8866 line types other than a= (section 5 and the ABNF of section 9).
//
// Text members are views into the session description's own buffer; numbers are
// validated and converted at parse time. Each type has an append_value() that writes its
// canonical value (the text after "x=").
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::sdp {

/// o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address> (5.2)
struct origin {
  std::string_view username;
  std::uint64_t session_id = 0;
  std::uint64_t session_version = 0;
  std::string_view network_type;
  std::string_view address_type;
  std::string_view address;
  friend bool operator==(origin const&, origin const&) = default;
};

/// c=<nettype> <addrtype> <connection-address> (5.7). ttl and number_of_addresses are
/// the multicast suffixes "/ttl" (IP4 only) and "/numaddr".
struct connection {
  std::string_view network_type;
  std::string_view address_type;
  std::string_view address;
  std::optional<std::uint8_t> ttl;
  std::optional<std::uint32_t> number_of_addresses;
  friend bool operator==(connection const&, connection const&) = default;
};

/// b=<bwtype>:<bandwidth> (5.8); RFC 3556 adds RS and RR, RFC 3890 TIAS.
struct bandwidth {
  std::string_view type;
  std::uint64_t value = 0;
  friend bool operator==(bandwidth const&, bandwidth const&) = default;
};

/// t=<start-time> <stop-time> (5.9), NTP seconds; 0 means unbounded.
struct timing {
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  friend bool operator==(timing const&, timing const&) = default;
};

/// A typed-time of r= and z=: a number and an optional unit d, h, m or s (5.10).
struct typed_time {
  std::uint64_t value = 0;
  char unit = 0;  // 0 when absent
  [[nodiscard]] constexpr std::uint64_t seconds() const noexcept {
    switch (unit) {
      case 'd':
        return value * 86400;
      case 'h':
        return value * 3600;
      case 'm':
        return value * 60;
      default:
        return value;
    }
  }
  friend bool operator==(typed_time const&, typed_time const&) = default;
};

/// r=<repeat interval> <active duration> <offsets from start-time> (5.10).
/// `offsets` is the space-separated list of typed-times.
struct repeat {
  typed_time interval;
  typed_time duration;
  std::string_view offsets;
  [[nodiscard]] imsdp::detail::split_range offset_list() const noexcept {
    return imsdp::detail::split(offsets, ' ');
  }
  friend bool operator==(repeat const&, repeat const&) = default;
};

/// z=<adjustment time> <offset> ... (5.11); `adjustments` is the whole list.
struct zone_adjustments {
  std::string_view adjustments;
  friend bool operator==(zone_adjustments const&, zone_adjustments const&) = default;
};

/// k=<method>[:<encryption key>] (5.12, obsolete but still parsed).
struct key {
  std::string_view method;
  std::string_view data;  // empty for "prompt"
  friend bool operator==(key const&, key const&) = default;
};

/// m=<media> <port>[/<number of ports>] <proto> <fmt> ... (5.14). `formats` is the
/// space-separated fmt list (may be empty only under a tolerance).
struct media_field {
  std::string_view media;
  std::uint16_t port = 0;
  std::optional<std::uint32_t> number_of_ports;
  std::string_view proto;
  std::string_view formats;
  [[nodiscard]] imsdp::detail::split_range format_list() const noexcept {
    return imsdp::detail::split(formats, ' ');
  }
  friend bool operator==(media_field const&, media_field const&) = default;
};

// Canonical values (the text after "x="). Each type's append_value writes to a
// text_writer; this template is the std::string form of all of them, the line types and
// every attribute type (found by argument-dependent lookup).
template <class T>
void append_value(std::string& out, T const& value) {
  imsdp::detail::text_writer writer(out);
  append_value(writer, value);
  writer.flush();
}

inline void append_value(imsdp::detail::text_writer& out, origin const& o) {
  out += o.username;
  out += ' ';
  imsdp::detail::append_number(out, o.session_id);
  out += ' ';
  imsdp::detail::append_number(out, o.session_version);
  out += ' ';
  out += o.network_type;
  out += ' ';
  out += o.address_type;
  out += ' ';
  out += o.address;
}

inline void append_value(imsdp::detail::text_writer& out, connection const& c) {
  out += c.network_type;
  out += ' ';
  out += c.address_type;
  out += ' ';
  out += c.address;
  if (c.ttl) {
    out += '/';
    imsdp::detail::append_number(out, unsigned{*c.ttl});
  }
  if (c.number_of_addresses) {
    out += '/';
    imsdp::detail::append_number(out, *c.number_of_addresses);
  }
}

inline void append_value(imsdp::detail::text_writer& out, bandwidth const& b) {
  out += b.type;
  out += ':';
  imsdp::detail::append_number(out, b.value);
}

inline void append_value(imsdp::detail::text_writer& out, timing const& t) {
  imsdp::detail::append_number(out, t.start);
  out += ' ';
  imsdp::detail::append_number(out, t.stop);
}

inline void append_value(imsdp::detail::text_writer& out, typed_time const& t) {
  imsdp::detail::append_number(out, t.value);
  if (t.unit != 0) out += t.unit;
}

inline void append_value(imsdp::detail::text_writer& out, repeat const& r) {
  append_value(out, r.interval);
  out += ' ';
  append_value(out, r.duration);
  out += ' ';
  out += r.offsets;
}

inline void append_value(imsdp::detail::text_writer& out, zone_adjustments const& z) {
  out += z.adjustments;
}

inline void append_value(imsdp::detail::text_writer& out, key const& k) {
  out += k.method;
  if (!k.data.empty()) {
    out += ':';
    out += k.data;
  }
}

inline void append_value(imsdp::detail::text_writer& out, media_field const& m) {
  out += m.media;
  out += ' ';
  imsdp::detail::append_number(out, unsigned{m.port});
  if (m.number_of_ports) {
    out += '/';
    imsdp::detail::append_number(out, *m.number_of_ports);
  }
  out += ' ';
  out += m.proto;
  if (!m.formats.empty()) {
    out += ' ';
    out += m.formats;
  }
}

}  // namespace imsdp::sdp
