// What answers and offers share about transports: the attributes of one BUNDLE transport,
// and the header extension that transport-wide feedback needs.
#pragma once

#include <algorithm>
#include <cstddef>
#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace imsdp::negotiation::detail {

/// A proto secured by DTLS (RFC 5764 UDP/TLS/RTP/SAVP(F), RFC 8841 UDP/DTLS/SCTP, and the
/// older DTLS/SCTP).
inline bool is_dtls_proto(std::string_view proto) noexcept {
  return proto.find("DTLS") != std::string_view::npos ||
         proto.find("TLS/") != std::string_view::npos;
}

/// The attributes of one BUNDLE transport, the RFC 8859 TRANSPORT category among those
/// this library writes: in the tagged m= section only, in answers (RFC 9143 7.3.1) and
/// subsequent offers (7.5.1). IDENTICAL ones (rtcp-mux, rtcp-mux-only, rtcp-rsize) stay in
/// every bundled m= section with one value; both browsers refuse an answer without
/// rtcp-mux in each.
inline bool is_bundle_transport(std::string_view name) noexcept {
  constexpr std::string_view names[] = {
      "ice-ufrag",   "ice-pwd", "ice-options", "candidate", "end-of-candidates",
      "fingerprint", "setup",   "tls-id",      "rtcp"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

/// RFC 9143 7.1.3: the m-line whose transport (ICE, DTLS) m-line `i` uses, the first of
/// its BUNDLE group with a port, and that group's tags; itself and no tags when it is in
/// no group.
inline std::pair<std::size_t, std::string_view> bundle_transport(
    sdp::session_description const& doc, std::size_t i) {
  auto const* mid = doc.media(i).find<sdp::mid>();
  if (mid == nullptr) return {i, {}};
  for (auto const& g : doc.session().all<sdp::group>()) {
    if (g.semantics != "BUNDLE") continue;
    auto const tags = g.tag_list();
    if (std::find(tags.begin(), tags.end(), mid->value) == tags.end()) continue;
    for (auto const tag : tags)
      for (std::size_t k = 0; k < doc.media_count(); ++k)
        if (auto const* m = doc.media(k).find<sdp::mid>();
            m != nullptr && m->value == tag && doc.media(k).port() != 0)
          return {k, g.tags};
  }
  return {i, {}};
}

/// The attribute of m-line `i`, else the session's (ICE, fingerprint, setup may be at
/// either level: RFC 8839, RFC 8122, RFC 4145).
template <class T>
T const* media_or_session(sdp::session_description const& doc, std::size_t i) {
  if (auto const* v = doc.media(i).find<T>()) return v;
  return doc.session().find<T>();
}

/// The host's transport for the m-line keyed `key` (its mid, else its index as text),
/// else the one for every m-line ("*"); null when the capabilities have neither.
inline local_transport const* host_transport(capabilities const& local, std::string const& key) {
  auto spec = local.transports.find(key);
  if (spec == local.transports.end()) spec = local.transports.find("*");
  return spec == local.transports.end() ? nullptr : &spec->second;
}

/// Transport-wide congestion control: rtcp-fb transport-cc needs this extension.
inline constexpr std::string_view transport_cc_uri =
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

}  // namespace imsdp::negotiation::detail
