// The table of typed attributes whose value is self-contained, and the variant that holds
// one of them. Attributes that scope another attribute (acap, dcsa) hold this variant for
// their inner attribute; <imsdp/sdp/attribute.hpp> adds them to the full variant.
//
// Adding an attribute is one row in IMSDP_SDP_VALUE_ATTRIBUTES, its type and append_value()
// in a header of its area, its grammar in src/ (parse_value(std::string_view, T&,
// value_context&), declared in src/sdp/parsers.hpp), and its to_json() in the area's
// json.hpp (docs/attributes.md).
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/aiml/split/attribute.hpp>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/sdp/attributes/capability.hpp>
#include <imsdp/sdp/attributes/dtls.hpp>
#include <imsdp/sdp/attributes/grouping.hpp>
#include <imsdp/sdp/attributes/ice.hpp>
#include <imsdp/sdp/attributes/precondition.hpp>
#include <imsdp/sdp/attributes/rtp.hpp>
#include <imsdp/sdp/attributes/srtp.hpp>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace imsdp::sdp {

/// Where RFC or TS text allows an attribute.
enum class attribute_level : std::uint8_t { session, media, any };

/// How often an attribute may appear at one level (per section).
enum class occurrence : std::uint8_t { once, many };

// X(type, level, occurrence): attributes whose value is self-contained.
#define IMSDP_SDP_VALUE_ATTRIBUTES(X)                    \
  X(::imsdp::sdp::rtpmap, media, many)                   \
  X(::imsdp::sdp::fmtp, media, many)                     \
  X(::imsdp::sdp::ptime, media, once)                    \
  X(::imsdp::sdp::maxptime, media, once)                 \
  X(::imsdp::sdp::framerate, media, once)                \
  X(::imsdp::sdp::direction, any, once)                  \
  X(::imsdp::sdp::rtcp, media, once)                     \
  X(::imsdp::sdp::rtcp_mux, media, once)                 \
  X(::imsdp::sdp::rtcp_mux_only, media, once)            \
  X(::imsdp::sdp::rtcp_rsize, media, once)               \
  X(::imsdp::sdp::rtcp_fb, media, many)                  \
  X(::imsdp::sdp::extmap, any, many)                     \
  X(::imsdp::sdp::extmap_allow_mixed, any, once)         \
  X(::imsdp::sdp::imageattr, media, many)                \
  X(::imsdp::sdp::candidate, media, many)                \
  X(::imsdp::sdp::end_of_candidates, any, once)          \
  X(::imsdp::sdp::ice_ufrag, any, once)                  \
  X(::imsdp::sdp::ice_pwd, any, once)                    \
  X(::imsdp::sdp::ice_options, any, once)                \
  X(::imsdp::sdp::ice_lite, session, once)               \
  X(::imsdp::sdp::fingerprint, any, many)                \
  X(::imsdp::sdp::setup, any, once)                      \
  X(::imsdp::sdp::tls_id, media, once)                   \
  X(::imsdp::sdp::mid, media, once)                      \
  X(::imsdp::sdp::group, session, many)                  \
  X(::imsdp::sdp::bundle_only, media, once)              \
  X(::imsdp::sdp::msid, media, many)                     \
  X(::imsdp::sdp::msid_semantic, session, many)          \
  X(::imsdp::sdp::ssrc, media, many)                     \
  X(::imsdp::sdp::ssrc_group, media, many)               \
  X(::imsdp::sdp::rid, media, many)                      \
  X(::imsdp::sdp::simulcast, media, once)                \
  X(::imsdp::sdp::curr, media, many)                     \
  X(::imsdp::sdp::des, media, many)                      \
  X(::imsdp::sdp::conf, media, many)                     \
  X(::imsdp::sdp::tcap, any, many)                       \
  X(::imsdp::sdp::pcfg, media, many)                     \
  X(::imsdp::sdp::acfg, media, once)                     \
  X(::imsdp::sdp::crypto, media, many)                   \
  X(::imsdp::datachannel::sctp_port, media, once)        \
  X(::imsdp::datachannel::max_message_size, media, once) \
  X(::imsdp::datachannel::sctpmap, media, once)          \
  X(::imsdp::datachannel::dcmap, media, many)            \
  X(::imsdp::datachannel::qos_hint_3gpp, media, once)    \
  X(::imsdp::datachannel::bdc_used_by_3gpp, media, many) \
  X(::imsdp::datachannel::req_app_3gpp, media, many)     \
  X(::imsdp::aiml::split::aiml_split_3gpp, media, many)

#define IMSDP_SDP_ALTERNATIVE(type, level, occurrence) , type

/// A typed value of an attribute that does not scope another attribute.
using inner_attribute_value =
    std::variant<std::monostate IMSDP_SDP_VALUE_ATTRIBUTES(IMSDP_SDP_ALTERNATIVE)>;

/// The wire name of a typed value ("rtpmap"; "sendonly" for a direction).
template <class T>
[[nodiscard]] constexpr std::string_view attribute_name(T const&) noexcept {
  return T::name;
}
[[nodiscard]] constexpr std::string_view attribute_name(direction const& d) noexcept {
  return to_string(d.value);
}

template <class T>
inline constexpr std::string_view single_attribute_name[1] = {T::name};
inline constexpr std::string_view direction_attribute_names[4] = {"sendrecv", "sendonly",
                                                                  "recvonly", "inactive"};

/// Every wire name a type is registered under.
template <class T>
[[nodiscard]] constexpr std::span<std::string_view const> attribute_names() noexcept {
  if constexpr (std::is_same_v<T, direction>) {
    return direction_attribute_names;
  } else {
    return single_attribute_name<T>;
  }
}

/// A typed attribute value (a type of the registry).
template <class T>
concept typed_attribute = requires {
  T::name;
}
|| std::is_same_v<T, direction>;

/// True for attributes written without a value ("a=rtcp-mux").
template <class T>
inline constexpr bool is_flag_attribute = requires {
  T::flag;
};

/// The canonical text of an inner attribute ("name" or "name:value"): its typed form when
/// typed, else as written.
void append_inner(imsdp::detail::text_writer& out, inner_attribute_value const& typed,
                  std::string_view name, std::string_view value, bool has_value);

/// Equality of the inner attribute of acap or dcsa: a typed one is its typed value, which is
/// what append_inner writes ("ptime:020" and "ptime:20" are one value); an untyped one is
/// its name and value as written.
template <class Scoping>
[[nodiscard]] bool same_inner_attribute(Scoping const& a, Scoping const& b) {
  if (a.typed != b.typed) return false;
  return a.typed.index() != 0 || (a.inner_name == b.inner_name && a.has_value == b.has_value &&
                                  a.inner_value == b.inner_value);
}

}  // namespace imsdp::sdp
