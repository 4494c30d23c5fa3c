// Differential test against the sdp-transform peer (npm sdp-transform 3.0.0).
//
// ../shared/vectors/upstream/{sdp-transform,libsdptransform}/ hold SDP files beside the
// JSON that sdp-transform's parse() wrote for them (<name>.sdp-transform.json). The files
// are read in place, never copied. Each .sdp is parsed here with the lenient profile and
// the values we parse are compared with sdp-transform's, field by field, as strings
// (sdp-transform turns numeric-looking values into numbers, so both sides are written in
// decimal before comparing). Every disagreement must be listed in `known_differences`
// with its reason (docs/sdp-transform-differences.md has the same table); an unlisted
// disagreement fails, and so does a listed one that no longer happens.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <imsdp/sdp/parse.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/files.hpp"
#include "support/why.hpp"

using namespace imsdp;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// One field where the two parsers disagree. A missing value is "(absent)".
struct difference {
  std::string file;  // relative to the upstream folder: "sdp-transform/normal.sdp"
  std::string field;
  std::string ours;
  std::string theirs;
};

/// A disagreement we understand. `file` is a path under the upstream folder, or
/// "*/name.sdp" for both copies (sdp-transform/ and libsdptransform/).
struct known_difference {
  std::string_view file;
  std::string_view field;
  std::string_view ours;
  std::string_view theirs;
  std::string_view reason;
};

constexpr std::string_view absent = "(absent)";

// clang-format off
std::vector<known_difference> const known_differences = {
    // RFC 8866 section 5: a description with a type letter the parser does not understand
    // ("f=invalid:yes") must be ignored or rejected; we reject it under every profile
    // (the values are then compared with tolerance::unknown_line_types added).
    // sdp-transform keeps parsing and files the line under "invalid".
    {"*/invalid.sdp", "parse", "rejected: unknown_line_type at 10:1", "parsed",
     "RFC 8866 s5: unknown type letter rejects the description; sdp-transform ignores it"},
    // RFC 8866 6.6: rtpmap-value = payload-type SP encoding-name "/" clock-rate [...]: the
    // clock rate is required. "a=rtpmap:96 AppleLossless" fails that grammar, so the lenient
    // profile keeps the line raw (malformed_attribute warning) and it is not an rtpmap.
    // sdp-transform's regular expression makes the rate optional.
    {"*/alac.sdp", "media[0].rtp.count", "0", "1",
     "RFC 8866 6.6 requires /clock-rate; ours keeps the line raw, sdp-transform types it"},
    // RFC 8866 section 6.8: framerate-value = non-zero-int-or-real, and non-zero-real ends
    // with POS-DIGIT: "1234.0" is not one. The lenient profile keeps the line raw.
    {"*/hacky.sdp", "media[1].framerate", "(absent)", "1234.0",
     "RFC 8866 6.8 non-zero-real ends in 1-9; ours keeps \"1234.0\" raw (untyped)"},
    // RFC 8122 section 5: fingerprint = 2UHEX *(":" 2UHEX), UHEX = DIGIT / %x41-46 (upper
    // case only). The lower-case fingerprint is kept raw under lenient; sdp-transform takes
    // any characters.
    {"*/normal.sdp", "fingerprint.type", "(absent)", "sha-1",
     "RFC 8122 s5 UHEX is upper case; ours keeps the lower-case line raw (untyped)"},
    {"*/normal.sdp", "fingerprint.hash", "(absent)",
     "42:89:c5:c6:55:9d:6e:c8:e8:83:55:2a:39:f9:b6:eb:e9:a3:a9:e7",
     "RFC 8122 s5 UHEX is upper case; ours keeps the lower-case line raw (untyped)"},
    // RFC 6904 section 4 (encrypted header extensions) writes "a=extmap:<id> urn:ietf:params:
    // rtp-hdrext:encrypt <URI> <extensionattributes>". We parse extmap by RFC 8285 alone: the
    // extension name is the encrypt URN and the rest are extension attributes. sdp-transform
    // knows RFC 6904 and reports encrypt-uri, uri and config separately. (A gap on our side:
    // the typed extmap has no RFC 6904 member.)
    {"*/extmap-encrypt.sdp", "media[0].ext[2].uri", "urn:ietf:params:rtp-hdrext:encrypt",
     "urn:ietf:params:rtp-hdrext:smpte-tc", "RFC 6904 s4 encrypted extmap: ours reads RFC 8285 only"},
    {"*/extmap-encrypt.sdp", "media[0].ext[2].config",
     "urn:ietf:params:rtp-hdrext:smpte-tc 25@600/24", "25@600/24",
     "RFC 6904 s4 encrypted extmap: ours reads RFC 8285 only"},
    {"*/extmap-encrypt.sdp", "media[0].ext[3].uri", "urn:ietf:params:rtp-hdrext:encrypt",
     "URI-gps-string", "RFC 6904 s4 encrypted extmap: ours reads RFC 8285 only"},
    {"*/extmap-encrypt.sdp", "media[0].ext[3].config", "URI-gps-string", "(absent)",
     "RFC 6904 s4 encrypted extmap: ours reads RFC 8285 only"},
    // "a=msid-semantic:WMS" with no identifier: the msid draft makes identifiers optional;
    // sdp-transform's expression needs a space and a token after the semantic, so it files
    // the line under "invalid" and reports no msidSemantic.
    {"*/jsep.sdp", "msidSemantic.semantic", "WMS", "(absent)",
     "sdp-transform requires an identifier after the semantic and drops the line"},
    // "a=msid-semantic: WMS " ends in a space: trailing whitespace is not part of a typed
    // value (tolerated with a note under lenient), so there are no identifiers; sdp-transform
    // reports an empty token captured after the space. Same meaning.
    {"sdp-transform/sctp-dtls-26.sdp", "msidSemantic.token", "(absent)", "",
     "trailing space: ours has no identifiers, sdp-transform an empty token"},
    // RFC 5888 section 4: identification-tag = token; ';' is not a token-char, so
    // "a=mid:secondary;" is kept raw under lenient (malformed_attribute). sdp-transform takes
    // any non-space characters.
    {"sdp-transform/st2110-20.sdp", "media[1].mid", "(absent)", "secondary;",
     "RFC 5888 s4 mid is a token; ours keeps the line raw, sdp-transform keeps the ';'"},
    // RFC 8866 5.14: m=<media> <port>/<number of ports> <proto> <fmt> ... sdp-transform's m=
    // expression has no "/<number of ports>", so "m=audio 5004/2 RTP/AVP 96" does not match
    // and the media description has no type, port, protocol or payloads there.
    {"libsdptransform/aes67.sdp", "media[0].type", "audio", "(absent)",
     "RFC 8866 5.14 port/number: sdp-transform cannot read m= with a port count"},
    {"libsdptransform/aes67.sdp", "media[0].port", "5004", "(absent)",
     "RFC 8866 5.14 port/number: sdp-transform cannot read m= with a port count"},
    {"libsdptransform/aes67.sdp", "media[0].protocol", "RTP/AVP", "(absent)",
     "RFC 8866 5.14 port/number: sdp-transform cannot read m= with a port count"},
    {"libsdptransform/aes67.sdp", "media[0].payloads", "96", "(absent)",
     "RFC 8866 5.14 port/number: sdp-transform cannot read m= with a port count"},
};
// clang-format on

bool matches(known_difference const& k, difference const& d) {
  bool const file = k.file.starts_with("*/")
                        ? fs::path(d.file).filename().string() == k.file.substr(2)
                        : d.file == k.file;
  return file && k.field == d.field && k.ours == d.ours && k.theirs == d.theirs;
}

// --- sdp-transform's side ---------------------------------------------------------------

std::string text_of(json const& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return v.dump();
}

std::string member(json const& object, char const* name) {
  if (!object.is_object() || !object.contains(name)) return std::string(absent);
  return text_of(object[name]);
}

json const& list(json const& object, char const* name) {
  static json const empty = json::array();
  if (!object.is_object() || !object.contains(name) || !object[name].is_array()) return empty;
  return object[name];
}

// --- our side -----------------------------------------------------------------------------

std::string text_of(std::string_view v) {
  return std::string(v);
}
template <class T>
requires std::is_integral_v<T> std::string text_of(T v) {
  return std::to_string(v);
}
template <class T>
std::string text_of(std::optional<T> const& v) {
  return v ? text_of(*v) : std::string(absent);
}
std::string optional_text(std::string_view v) {
  return v.empty() ? std::string(absent) : std::string(v);
}

/// "IP4" -> "4", as sdp-transform's ipVer.
std::string ip_version(std::string_view address_type) {
  if (address_type.starts_with("IP")) address_type.remove_prefix(2);
  return std::string(address_type);
}

/// The connection address as sdp-transform keeps it: with its /ttl and /numaddr suffixes.
std::string connection_ip(sdp::connection const& c) {
  std::string ip(c.address);
  if (c.ttl) ip += "/" + std::to_string(unsigned{*c.ttl});
  if (c.number_of_addresses) ip += "/" + std::to_string(*c.number_of_addresses);
  return ip;
}

/// The value of the first untyped attribute called `name` (sctp-port, max-message-size).
std::string raw_attribute(sdp::section_view const& section, std::string_view name) {
  auto const found = section.attributes_named(name);
  if (found.empty()) return std::string(absent);
  return std::string(found.front()->value);
}

/// Every typed value of one type in a section, in line order.
template <class T>
std::vector<T> values(sdp::section_view const& section) {
  auto const range = section.all<T>();
  return std::vector<T>(range.begin(), range.end());
}

/// A flag attribute as sdp-transform reports it: its name when present.
template <class T>
std::string flag(sdp::section_view const& section) {
  return section.find<T>() != nullptr ? std::string(T::name) : std::string(absent);
}

// --- comparison ---------------------------------------------------------------------------

class comparison {
 public:
  explicit comparison(std::string file) : file_(std::move(file)) {}

  void field(std::string const& name, std::string const& ours, std::string const& theirs) {
    ++compared_;
    if (ours != theirs) differences_.push_back({file_, name, ours, theirs});
  }

  /// Compares the lengths of two lists and returns how many entries both have.
  std::size_t count(std::string const& name, std::size_t ours, std::size_t theirs) {
    field(name + ".count", std::to_string(ours), std::to_string(theirs));
    return std::min(ours, theirs);
  }

  void bandwidths(std::string const& prefix, sdp::section_view const& ours, json const& theirs) {
    auto const mine = values<sdp::bandwidth>(ours);
    auto const& their = list(theirs, "bandwidth");
    for (std::size_t k = 0, n = count(prefix + "bandwidth", mine.size(), their.size()); k < n;
         ++k) {
      auto const p = prefix + "bandwidth[" + std::to_string(k) + "].";
      field(p + "type", text_of(mine[k].type), member(their[k], "type"));
      field(p + "limit", text_of(mine[k].value), member(their[k], "limit"));
    }
  }

  /// Compares the shared members of one section (session level or a media description).
  void section(std::string const& prefix, sdp::section_view const& ours, json const& theirs) {
    // ICE, DTLS and direction (present at either level in sdp-transform's output)
    auto const* ufrag = ours.find<sdp::ice_ufrag>();
    field(prefix + "iceUfrag", ufrag ? text_of(ufrag->value) : std::string(absent),
          member(theirs, "iceUfrag"));
    auto const* pwd = ours.find<sdp::ice_pwd>();
    field(prefix + "icePwd", pwd ? text_of(pwd->value) : std::string(absent),
          member(theirs, "icePwd"));
    auto const* fp = ours.find<sdp::fingerprint>();
    json const their_fp =
        theirs.is_object() && theirs.contains("fingerprint") ? theirs["fingerprint"] : json();
    field(prefix + "fingerprint.type", fp ? text_of(fp->hash_function) : std::string(absent),
          member(their_fp, "type"));
    field(prefix + "fingerprint.hash", fp ? text_of(fp->value) : std::string(absent),
          member(their_fp, "hash"));
    auto const* setup = ours.find<sdp::setup>();
    field(prefix + "setup", setup ? std::string(to_string(setup->role)) : std::string(absent),
          member(theirs, "setup"));
    auto const direction = ours.direction();
    field(prefix + "direction",
          direction ? std::string(to_string(*direction)) : std::string(absent),
          member(theirs, "direction"));
    extmaps(prefix, ours, theirs);
  }

  void extmaps(std::string const& prefix, sdp::section_view const& ours, json const& theirs) {
    auto const& their = list(theirs, "ext");
    std::vector<sdp::extmap> mine(ours.all<sdp::extmap>().begin(), ours.all<sdp::extmap>().end());
    field(prefix + "ext.count", std::to_string(mine.size()), std::to_string(their.size()));
    for (std::size_t k = 0; k < std::min(mine.size(), their.size()); ++k) {
      auto const p = prefix + "ext[" + std::to_string(k) + "].";
      auto const& e = mine[k];
      field(p + "value", text_of(e.id), member(their[k], "value"));
      field(p + "direction",
            e.direction ? std::string(to_string(*e.direction)) : std::string(absent),
            member(their[k], "direction"));
      field(p + "uri", text_of(e.uri), member(their[k], "uri"));
      field(p + "config", optional_text(e.extension_attributes), member(their[k], "config"));
    }
  }

  void connection(std::string const& prefix, sdp::connection const* ours, json const& theirs) {
    json const their =
        theirs.is_object() && theirs.contains("connection") ? theirs["connection"] : json();
    field(prefix + "connection.version",
          ours ? ip_version(ours->address_type) : std::string(absent), member(their, "version"));
    field(prefix + "connection.ip", ours ? connection_ip(*ours) : std::string(absent),
          member(their, "ip"));
  }

  void media(std::string const& prefix, sdp::media_description const& ours, json const& theirs) {
    auto const& m = ours.m();
    field(prefix + "type", text_of(m.media), member(theirs, "type"));
    field(prefix + "port", text_of(m.port), member(theirs, "port"));
    field(prefix + "protocol", text_of(m.proto), member(theirs, "protocol"));
    field(prefix + "payloads", text_of(m.formats), member(theirs, "payloads"));
    connection(prefix, ours.find<sdp::connection>(), theirs);

    auto const& rtp = list(theirs, "rtp");
    std::vector<sdp::rtpmap> maps(ours.all<sdp::rtpmap>().begin(), ours.all<sdp::rtpmap>().end());
    field(prefix + "rtp.count", std::to_string(maps.size()), std::to_string(rtp.size()));
    for (std::size_t k = 0; k < std::min(maps.size(), rtp.size()); ++k) {
      auto const p = prefix + "rtp[" + std::to_string(k) + "].";
      field(p + "payload", text_of(maps[k].payload_type), member(rtp[k], "payload"));
      field(p + "codec", text_of(maps[k].encoding_name), member(rtp[k], "codec"));
      field(p + "rate", text_of(maps[k].clock_rate), member(rtp[k], "rate"));
      field(p + "encoding", optional_text(maps[k].encoding_parameters), member(rtp[k], "encoding"));
    }

    auto const& fmtp = list(theirs, "fmtp");
    std::vector<sdp::fmtp> params(ours.all<sdp::fmtp>().begin(), ours.all<sdp::fmtp>().end());
    field(prefix + "fmtp.count", std::to_string(params.size()), std::to_string(fmtp.size()));
    for (std::size_t k = 0; k < std::min(params.size(), fmtp.size()); ++k) {
      auto const p = prefix + "fmtp[" + std::to_string(k) + "].";
      field(p + "payload", text_of(params[k].format), member(fmtp[k], "payload"));
      field(p + "config", text_of(params[k].parameters), member(fmtp[k], "config"));
    }

    auto const& candidates = list(theirs, "candidates");
    std::vector<sdp::candidate> cands(ours.all<sdp::candidate>().begin(),
                                      ours.all<sdp::candidate>().end());
    field(prefix + "candidates.count", std::to_string(cands.size()),
          std::to_string(candidates.size()));
    for (std::size_t k = 0; k < std::min(cands.size(), candidates.size()); ++k) {
      auto const p = prefix + "candidates[" + std::to_string(k) + "].";
      auto const& c = cands[k];
      auto const& t = candidates[k];
      field(p + "foundation", text_of(c.foundation), member(t, "foundation"));
      field(p + "component", text_of(c.component), member(t, "component"));
      field(p + "transport", text_of(c.transport), member(t, "transport"));
      field(p + "priority", text_of(c.priority), member(t, "priority"));
      field(p + "ip", text_of(c.address), member(t, "ip"));
      field(p + "port", text_of(c.port), member(t, "port"));
      field(p + "type", text_of(c.type), member(t, "type"));
      field(p + "raddr", optional_text(c.related_address), member(t, "raddr"));
      field(p + "rport", text_of(c.related_port), member(t, "rport"));
    }

    section(prefix, ours, theirs);
    auto const* mid = ours.find<sdp::mid>();
    field(prefix + "mid", mid ? text_of(mid->value) : std::string(absent), member(theirs, "mid"));

    auto const* rtcp = ours.find<sdp::rtcp>();
    json const their_rtcp = theirs.is_object() && theirs.contains("rtcp") ? theirs["rtcp"] : json();
    field(prefix + "rtcp.port", rtcp ? text_of(rtcp->port) : std::string(absent),
          member(their_rtcp, "port"));
    field(prefix + "rtcp.netType", rtcp ? optional_text(rtcp->network_type) : std::string(absent),
          member(their_rtcp, "netType"));
    field(
        prefix + "rtcp.ipVer",
        rtcp && !rtcp->address_type.empty() ? ip_version(rtcp->address_type) : std::string(absent),
        member(their_rtcp, "ipVer"));
    field(prefix + "rtcp.address", rtcp ? optional_text(rtcp->address) : std::string(absent),
          member(their_rtcp, "address"));

    auto const& ssrcs = list(theirs, "ssrcs");
    std::vector<sdp::ssrc> mine(ours.all<sdp::ssrc>().begin(), ours.all<sdp::ssrc>().end());
    field(prefix + "ssrcs.count", std::to_string(mine.size()), std::to_string(ssrcs.size()));
    for (std::size_t k = 0; k < std::min(mine.size(), ssrcs.size()); ++k) {
      auto const p = prefix + "ssrcs[" + std::to_string(k) + "].";
      field(p + "id", text_of(mine[k].id), member(ssrcs[k], "id"));
      field(p + "attribute", text_of(mine[k].attribute), member(ssrcs[k], "attribute"));
      field(p + "value", optional_text(mine[k].value), member(ssrcs[k], "value"));
    }

    bandwidths(prefix, ours, theirs);

    // rtcp-fb: sdp-transform keeps trr-int apart (rtcpFbTrrInt) and reads one subtype word
    std::vector<sdp::rtcp_fb> feedback;
    std::vector<sdp::rtcp_fb> trr_int;
    for (auto const& fb : values<sdp::rtcp_fb>(ours))
      (fb.type == "trr-int" ? trr_int : feedback).push_back(fb);
    auto const& their_fb = list(theirs, "rtcpFb");
    for (std::size_t k = 0, n = count(prefix + "rtcpFb", feedback.size(), their_fb.size()); k < n;
         ++k) {
      auto const p = prefix + "rtcpFb[" + std::to_string(k) + "].";
      field(p + "payload", text_of(feedback[k].format), member(their_fb[k], "payload"));
      field(p + "type", text_of(feedback[k].type), member(their_fb[k], "type"));
      field(p + "subtype", optional_text(feedback[k].parameters), member(their_fb[k], "subtype"));
    }
    auto const& their_trr = list(theirs, "rtcpFbTrrInt");
    for (std::size_t k = 0, n = count(prefix + "rtcpFbTrrInt", trr_int.size(), their_trr.size());
         k < n; ++k) {
      auto const p = prefix + "rtcpFbTrrInt[" + std::to_string(k) + "].";
      field(p + "payload", text_of(trr_int[k].format), member(their_trr[k], "payload"));
      field(p + "value", text_of(trr_int[k].parameters), member(their_trr[k], "value"));
    }

    auto const* ptime = ours.find<sdp::ptime>();
    field(prefix + "ptime", ptime ? text_of(ptime->milliseconds.text) : std::string(absent),
          member(theirs, "ptime"));
    auto const* maxptime = ours.find<sdp::maxptime>();
    field(prefix + "maxptime",
          maxptime ? text_of(maxptime->milliseconds.text) : std::string(absent),
          member(theirs, "maxptime"));
    auto const* framerate = ours.find<sdp::framerate>();
    field(prefix + "framerate",
          framerate ? text_of(framerate->frames_per_second.text) : std::string(absent),
          member(theirs, "framerate"));
    field(prefix + "rtcpMux", flag<sdp::rtcp_mux>(ours), member(theirs, "rtcpMux"));
    field(prefix + "rtcpRsize", flag<sdp::rtcp_rsize>(ours), member(theirs, "rtcpRsize"));
    field(prefix + "endOfCandidates", flag<sdp::end_of_candidates>(ours),
          member(theirs, "endOfCandidates"));
    field(prefix + "bundleOnly", flag<sdp::bundle_only>(ours), member(theirs, "bundleOnly"));
    auto const* options = ours.find<sdp::ice_options>();
    field(prefix + "iceOptions", options ? text_of(options->tags) : std::string(absent),
          member(theirs, "iceOptions"));

    auto const msids = values<sdp::msid>(ours);
    auto const& their_msid = list(theirs, "msid");
    for (std::size_t k = 0, n = count(prefix + "msid", msids.size(), their_msid.size()); k < n;
         ++k) {
      auto const p = prefix + "msid[" + std::to_string(k) + "].";
      field(p + "id", text_of(msids[k].stream_id), member(their_msid[k], "id"));
      field(p + "appdata", optional_text(msids[k].track_id), member(their_msid[k], "appdata"));
    }
    auto const groups = values<sdp::ssrc_group>(ours);
    auto const& their_groups = list(theirs, "ssrcGroups");
    for (std::size_t k = 0, n = count(prefix + "ssrcGroups", groups.size(), their_groups.size());
         k < n; ++k) {
      auto const p = prefix + "ssrcGroups[" + std::to_string(k) + "].";
      field(p + "semantics", text_of(groups[k].semantics), member(their_groups[k], "semantics"));
      field(p + "ssrcs", text_of(groups[k].ssrcs), member(their_groups[k], "ssrcs"));
    }
    auto const rids = values<sdp::rid>(ours);
    auto const& their_rids = list(theirs, "rids");
    for (std::size_t k = 0, n = count(prefix + "rids", rids.size(), their_rids.size()); k < n;
         ++k) {
      auto const p = prefix + "rids[" + std::to_string(k) + "].";
      field(p + "id", text_of(rids[k].id), member(their_rids[k], "id"));
      field(p + "direction", std::string(to_string(rids[k].direction)),
            member(their_rids[k], "direction"));
      field(p + "params", optional_text(rids[k].restrictions), member(their_rids[k], "params"));
    }
    auto const* simulcast = ours.find<sdp::simulcast>();
    json const their_simulcast = theirs.contains("simulcast") ? theirs["simulcast"] : json();
    std::string dir1(absent), list1(absent), dir2(absent), list2(absent);
    if (simulcast != nullptr) {
      bool const send_first = !simulcast->recv_first;
      std::string_view const first = send_first ? simulcast->send : simulcast->recv;
      std::string_view const second = send_first ? simulcast->recv : simulcast->send;
      dir1 = send_first ? "send" : "recv";
      list1 = first;
      if (!second.empty()) {
        dir2 = send_first ? "recv" : "send";
        list2 = second;
      }
    }
    field(prefix + "simulcast.dir1", dir1, member(their_simulcast, "dir1"));
    field(prefix + "simulcast.list1", list1, member(their_simulcast, "list1"));
    field(prefix + "simulcast.dir2", dir2, member(their_simulcast, "dir2"));
    field(prefix + "simulcast.list2", list2, member(their_simulcast, "list2"));

    auto const images = values<sdp::imageattr>(ours);
    auto const& their_images = list(theirs, "imageattrs");
    for (std::size_t k = 0, n = count(prefix + "imageattrs", images.size(), their_images.size());
         k < n; ++k) {
      auto const p = prefix + "imageattrs[" + std::to_string(k) + "].";
      auto const& t = their_images[k];
      std::string their_send(absent), their_recv(absent);
      for (auto const* which : {"1", "2"}) {
        auto const dir = member(t, ("dir" + std::string(which)).c_str());
        auto const attrs = member(t, ("attrs" + std::string(which)).c_str());
        if (dir == "send") their_send = attrs;
        if (dir == "recv") their_recv = attrs;
      }
      field(p + "pt", text_of(images[k].format), member(t, "pt"));
      field(p + "send", optional_text(images[k].send), their_send);
      field(p + "recv", optional_text(images[k].recv), their_recv);
    }

    field(prefix + "sctpPort", raw_attribute(ours, "sctp-port"), member(theirs, "sctpPort"));
    field(prefix + "maxMessageSize", raw_attribute(ours, "max-message-size"),
          member(theirs, "maxMessageSize"));
  }

  void document(sdp::session_description const& ours, json const& theirs) {
    json const their_origin = theirs.contains("origin") ? theirs["origin"] : json();
    auto const* o = ours.origin();
    field("origin.username", o ? text_of(o->username) : std::string(absent),
          member(their_origin, "username"));
    field("origin.sessionId", o ? text_of(o->session_id) : std::string(absent),
          member(their_origin, "sessionId"));
    field("origin.sessionVersion", o ? text_of(o->session_version) : std::string(absent),
          member(their_origin, "sessionVersion"));
    field("origin.netType", o ? text_of(o->network_type) : std::string(absent),
          member(their_origin, "netType"));
    field("origin.ipVer", o ? ip_version(o->address_type) : std::string(absent),
          member(their_origin, "ipVer"));
    field("origin.address", o ? text_of(o->address) : std::string(absent),
          member(their_origin, "address"));
    auto const name = ours.session_name();
    field("name", name ? std::string(*name) : std::string(absent), member(theirs, "name"));
    auto const timings = values<sdp::timing>(ours.session());
    json const their_timing = theirs.contains("timing") ? theirs["timing"] : json();
    field("timing.start", timings.empty() ? std::string(absent) : text_of(timings.front().start),
          member(their_timing, "start"));
    field("timing.stop", timings.empty() ? std::string(absent) : text_of(timings.front().stop),
          member(their_timing, "stop"));
    connection("", ours.connection(), theirs);
    bandwidths("", ours.session(), theirs);
    section("", ours.session(), theirs);

    auto const groups = values<sdp::group>(ours.session());
    auto const& their_groups = list(theirs, "groups");
    for (std::size_t k = 0, n = count("groups", groups.size(), their_groups.size()); k < n; ++k) {
      auto const p = "groups[" + std::to_string(k) + "].";
      field(p + "type", text_of(groups[k].semantics), member(their_groups[k], "type"));
      field(p + "mids", text_of(groups[k].tags), member(their_groups[k], "mids"));
    }
    auto const* semantic = ours.session().find<sdp::msid_semantic>();
    json const their_semantic = theirs.contains("msidSemantic") ? theirs["msidSemantic"] : json();
    field("msidSemantic.semantic", semantic ? text_of(semantic->semantic) : std::string(absent),
          member(their_semantic, "semantic"));
    field("msidSemantic.token",
          semantic ? optional_text(semantic->identifiers) : std::string(absent),
          member(their_semantic, "token"));
    field("icelite", flag<sdp::ice_lite>(ours.session()), member(theirs, "icelite"));

    auto const& media = list(theirs, "media");
    field("media.count", std::to_string(ours.media_count()), std::to_string(media.size()));
    for (std::size_t i = 0; i < std::min(ours.media_count(), media.size()); ++i)
      this->media("media[" + std::to_string(i) + "].", ours.media(i), media[i]);
  }

  std::vector<difference>& differences() { return differences_; }
  [[nodiscard]] std::size_t compared() const { return compared_; }

 private:
  std::string file_;
  std::size_t compared_ = 0;
  std::vector<difference> differences_;
};

std::string quoted(std::string const& s) {
  return "\"" + s + "\"";
}

}  // namespace

TEST_SUITE("sdp.sdp_transform") {
  TEST_CASE("our values agree with sdp-transform 3.0.0 except the documented differences") {
    fs::path const root = test::upstream_dir();
    if (!fs::exists(root / "sdp-transform")) {
      MESSAGE("upstream vectors not found at " << root << ": skipped");
      return;
    }
    std::vector<difference> all;
    std::size_t files = 0;
    std::size_t fields = 0;
    for (char const* folder : {"sdp-transform", "libsdptransform"}) {
      std::vector<fs::path> paths;
      for (auto const& entry : fs::directory_iterator(root / folder))
        if (entry.path().extension() == ".sdp") paths.push_back(entry.path());
      std::sort(paths.begin(), paths.end());
      for (auto const& path : paths) {
        fs::path const oracle = path.parent_path() / (path.stem().string() + ".sdp-transform.json");
        if (!fs::exists(oracle)) continue;
        std::string const name = std::string(folder) + "/" + path.filename().string();
        CAPTURE(name);
        auto const theirs = json::parse(test::read_file(oracle));
        std::string const text = test::read_file(path);
        comparison compare(name);
        auto doc = sdp::parse(text, profile::lenient());
        if (!doc) {
          compare.field("parse",
                        "rejected: " + std::string(to_string(doc.error().code)) + " at " +
                            std::to_string(doc.error().where.line) + ":" +
                            std::to_string(doc.error().where.column),
                        "parsed");
          // Compare the rest with the one tolerance no profile has (RFC 8866 section 5).
          parse_options options;
          options.profile = profile::lenient();
          options.profile.tolerances = options.profile.tolerances | tolerance::unknown_line_types;
          doc = sdp::parse(text, options);
        }
        REQUIRE_MESSAGE(doc, test::why(doc));
        compare.document(*doc, theirs);
        for (auto& d : compare.differences())
          all.push_back(std::move(d));
        fields += compare.compared();
        ++files;
      }
    }
    CHECK(files >= 40);
    CHECK(fields > 3000);

    std::vector<bool> used(known_differences.size(), false);
    std::size_t unexplained = 0;
    for (auto const& d : all) {
      bool explained = false;
      for (std::size_t i = 0; i < known_differences.size(); ++i) {
        if (matches(known_differences[i], d)) {
          used[i] = true;
          explained = true;
        }
      }
      if (!explained) {
        ++unexplained;
        FAIL_CHECK("unexplained difference: {" << quoted(d.file) << ", " << quoted(d.field) << ", "
                                               << quoted(d.ours) << ", " << quoted(d.theirs)
                                               << "}");
      }
    }
    for (std::size_t i = 0; i < known_differences.size(); ++i) {
      auto const& k = known_differences[i];
      CHECK_MESSAGE(used[i], "listed difference no longer happens: " << k.file << " " << k.field);
    }
    MESSAGE(files << " files, " << fields << " fields compared, " << all.size()
                  << " known differences, " << unexplained << " unexplained");
  }
}
