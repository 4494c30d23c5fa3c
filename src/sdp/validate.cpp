// Cross-line rules of the SDP core (include/imsdp/sdp/validate.hpp, docs/sdp-profiles.md).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <imsdp/sdp/validate.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace imsdp::sdp {
namespace {

/// An RTP transport: "RTP/AVP", "UDP/TLS/RTP/SAVPF", ... (a proto with an "RTP" part).
bool is_rtp(std::string_view proto) {
  for (auto part : imsdp::detail::split(proto, '/'))
    if (part == "RTP") return true;
  return false;
}

/// The payload type digits that start an rtpmap value ("96 VP8/90000").
std::string_view payload_type_text(attribute const& a) {
  return a.value.substr(0, std::min(a.value.find(' '), a.value.size()));
}

/// True when some a=`name` line of the section was kept raw. (A raw line still counts for
/// section_view::has_attribute(): the rules do not guess what it meant.)
bool has_raw_line(section_view const& s, std::string_view name) {
  auto const lines = s.attributes();
  return std::any_of(lines.begin(), lines.end(),
                     [&](attribute const& a) { return a.name == name && a.typed.index() == 0; });
}

// A set of m= line formats without allocating for the usual ones: RTP payload types
// 0..127 written canonically (RFC 3551: a number; "08" is another format than "8") are
// bits; anything else (webrtc-datachannel, a lenient token) goes to a short list.
class format_set {
 public:
  /// False when the format was there already.
  bool insert(std::string_view format) {
    if (auto const pt = payload_type(format)) {
      auto const bit = std::uint64_t{1} << (*pt & 63u);
      auto& word = bits_[*pt >> 6];
      bool const fresh = (word & bit) == 0;
      word |= bit;
      return fresh;
    }
    if (contains_other(format)) return false;
    others_.push_back(format);
    return true;
  }
  [[nodiscard, gnu::always_inline]] bool contains(std::string_view format) const {
    if (auto const pt = payload_type(format))
      return (bits_[*pt >> 6] & (std::uint64_t{1} << (*pt & 63u))) != 0;
    return contains_other(format);
  }

 private:
  // Called for every fmtp, rtcp-fb and rtpmap line: a switch on the length, no loop.
  [[gnu::always_inline]] static std::optional<unsigned> payload_type(std::string_view f) {
    auto const digit = [&](std::size_t i) { return static_cast<unsigned>(f[i]) - '0'; };
    unsigned v = 0;
    switch (f.size()) {
      case 1:
        v = digit(0);
        if (v > 9) return std::nullopt;
        return v;
      case 2:
        if (digit(0) - 1 > 8 || digit(1) > 9) return std::nullopt;
        return digit(0) * 10 + digit(1);
      case 3:
        if (digit(0) != 1 || digit(1) > 2 || digit(2) > 9) return std::nullopt;
        v = 100 + digit(1) * 10 + digit(2);
        if (v > 127) return std::nullopt;
        return v;
      default:
        return std::nullopt;
    }
  }

  [[gnu::noinline]] bool contains_other(std::string_view format) const {
    return std::find(others_.begin(), others_.end(), format) != others_.end();
  }

  std::uint64_t bits_[2] = {0, 0};
  std::vector<std::string_view> others_;
};

class checker {
 public:
  explicit checker(session_description const& doc) : doc_(doc) {}

  std::vector<diagnostic> run() {
    for (std::size_t i = 0; i < doc_.media_count(); ++i)
      if (auto const* id = doc_.media(i).find<mid>()) mids_.emplace(id->value, i);
    check_groups();
    for (std::size_t i = 0; i < doc_.media_count(); ++i) {
      auto const m = doc_.media(i);
      check_formats(m);
      check_ssrc_groups(m);
      check_ice(m);
      check_rtcp_mux(m);
    }
    std::stable_sort(out_.begin(), out_.end(), [](diagnostic const& a, diagnostic const& b) {
      return a.where.offset < b.where.offset;
    });
    return std::move(out_);
  }

 private:
  void report(errc code, severity s, field const& line, std::string_view part,
              std::string_view subject, std::string detail) {
    out_.push_back(diagnostic{code, s, line.position_of(part),
                              static_cast<std::uint32_t>(part.size()), subject, std::move(detail)});
  }

  // The media type of an m= line ("audio"): where a rule about the whole section points.
  static std::string_view media_token(media_description const& m) { return m.m().media; }

  // RFC 5888 section 6 (mids and groups), RFC 9143 sections 5 and 6 (BUNDLE, bundle-only).
  void check_groups() {
    auto const groups = doc_.session().all<group>();
    if (!groups.empty()) {
      for (std::size_t i = 0; i < doc_.media_count(); ++i) {
        auto const m = doc_.media(i);
        if (!m.has_attribute("mid"))
          report(errc::missing_attribute, severity::error, m.fields().front(), media_token(m),
                 "mid", "with a=group every m= section has an a=mid (RFC 5888 section 6)");
      }
    }
    // By media index, the BUNDLE line that names it (one allocation, not one per entry).
    std::vector<field const*> bundled(groups.empty() ? 0 : doc_.media_count(), nullptr);
    for (auto it = groups.begin(); it != groups.end(); ++it) {
      bool const bundle = it->semantics == "BUNDLE";
      for (auto tag : it->tag_list()) {
        auto const found = mids_.find(tag);
        if (found == mids_.end()) {
          report(errc::dangling_reference, severity::warning, it.line(), tag, "group",
                 fmt::format("no m= section has a=mid:{}; receivers ignore this group "
                             "(RFC 5888 section 6)",
                             tag));
          continue;
        }
        auto const m = doc_.media(found->second);
        if (m.port() == 0 && !(bundle && m.find<bundle_only>() != nullptr))
          report(errc::inconsistent_value, severity::warning, it.line(), tag, "group",
                 fmt::format("the m= section of mid '{}' has port 0 and may not be grouped "
                             "(RFC 5888 section 9.2)",
                             tag));
        if (!bundle) continue;
        auto& first = bundled[found->second];
        if (first == nullptr) {
          first = &it.line();
          continue;
        }
        if (first == &it.line()) {
          report(errc::inconsistent_value, severity::warning, it.line(), tag, "group",
                 fmt::format("mid '{}' is listed twice in this group", tag));
        } else {
          report(errc::inconsistent_value, severity::error, it.line(), tag, "group",
                 fmt::format("mid '{}' is in another BUNDLE group (RFC 9143 section 5)", tag));
        }
      }
    }
    for (std::size_t i = 0; i < doc_.media_count(); ++i) {
      auto const m = doc_.media(i);
      auto const only = m.all<bundle_only>();
      if (only.empty()) continue;
      auto const& line = only.begin().line();
      if (bundled.empty() || bundled[i] == nullptr) {
        report(errc::inconsistent_value, severity::warning, line, line.as_attribute()->name,
               "bundle-only",
               "the m= section is in no BUNDLE group, so receivers discard bundle-only (RFC "
               "9143 section 6)");
      } else if (m.port() != 0) {
        report(errc::inconsistent_value, severity::warning, line, line.as_attribute()->name,
               "bundle-only", "bundle-only is defined with port 0 only (RFC 9143 section 6)");
      }
    }
  }

  // rtpmap, fmtp and rtcp-fb name formats of their m= line (RFC 8866 sections 5.14, 6.6 and
  // 6.15, RFC 4585 section 4.2); dynamic RTP payload types have an rtpmap.
  void check_formats(media_description const& m) {
    format_set formats;
    for (auto f : m.formats())
      formats.insert(f);
    auto const on_m_line = [&](std::string_view format) { return formats.contains(format); };
    format_set mapped;
    format_set with_parameters;
    // One pass over the section's attributes for its rtpmap (also kept raw: malformed),
    // fmtp and rtcp-fb lines.
    auto const attributes = m.attributes();
    for (auto it = attributes.begin(); it != attributes.end(); ++it) {
      if (auto const* f = it->get<fmtp>()) {
        if (!on_m_line(f->format)) {
          report(errc::dangling_reference, severity::warning, it.line(), f->format, "fmtp",
                 fmt::format("format {} is not a format of the m= line (RFC 8866 section 6.15)",
                             f->format));
        } else if (!with_parameters.insert(f->format)) {
          report(errc::inconsistent_value, severity::warning, it.line(), f->format, "fmtp",
                 fmt::format("a second fmtp for format {} (RFC 8866 section 6.15: at most one)",
                             f->format));
        }
      } else if (auto const* fb = it->get<rtcp_fb>()) {
        if (fb->format != "*" && !on_m_line(fb->format))
          report(errc::dangling_reference, severity::warning, it.line(), fb->format, "rtcp-fb",
                 fmt::format("payload type {} is not a format of the m= line", fb->format));
      } else if (it->name == "rtpmap") {
        auto const pt = payload_type_text(*it);
        mapped.insert(pt);
        if (it->typed.index() != 0 && !on_m_line(pt))
          report(errc::dangling_reference, severity::warning, it.line(), pt, "rtpmap",
                 fmt::format("payload type {} is not a format of the m= line", pt));
      }
    }
    // RFC 8866 section 5.14: dynamic payload types (96-127, RFC 3551 section 3) SHOULD have
    // an rtpmap. A disabled section (port 0, not bundle-only) describes no stream.
    if (!is_rtp(m.proto()) || (m.port() == 0 && m.find<bundle_only>() == nullptr)) return;
    for (auto f : m.formats()) {
      unsigned pt = 0;
      auto const [end, ec] = std::from_chars(f.data(), f.data() + f.size(), pt);
      if (ec == std::errc{} && end == f.data() + f.size() && pt >= 96 && pt <= 127 &&
          !mapped.contains(f))
        report(errc::missing_attribute, severity::warning, m.fields().front(), f, "rtpmap",
               fmt::format("dynamic payload type {} has no a=rtpmap (RFC 8866 section 5.14)", f));
    }
  }

  // RFC 5576 section 4.2: every ssrc-id of an ssrc-group has an a=ssrc line in the section.
  void check_ssrc_groups(media_description const& m) {
    auto const groups = m.all<ssrc_group>();
    if (groups.empty() || has_raw_line(m, "ssrc")) return;
    std::unordered_set<std::uint32_t> declared;
    for (auto const& s : m.all<ssrc>())
      declared.insert(s.id);
    for (auto it = groups.begin(); it != groups.end(); ++it) {
      for (auto id : it->ssrc_list()) {
        std::uint32_t value = 0;
        std::from_chars(id.data(), id.data() + id.size(), value);
        if (!declared.contains(value))
          report(errc::dangling_reference, severity::error, it.line(), id, "ssrc-group",
                 fmt::format("ssrc {} has no a=ssrc line in this m= section", id));
      }
    }
  }

  // RFC 8839 section 5.4: ice-ufrag and ice-pwd go together, from either level.
  void check_ice(media_description const& m) {
    auto const session = doc_.session();
    bool const ufrag = m.has_attribute("ice-ufrag") || session.has_attribute("ice-ufrag");
    bool const pwd = m.has_attribute("ice-pwd") || session.has_attribute("ice-pwd");
    if (ufrag == pwd) return;
    report(errc::missing_attribute, severity::error, m.fields().front(), media_token(m),
           ufrag ? "ice-pwd" : "ice-ufrag",
           !ufrag
               ? "a=ice-pwd applies to this m= section but no a=ice-ufrag (RFC 8839 section 5.4)"
               : "a=ice-ufrag applies to this m= section but no a=ice-pwd (RFC 8839 section 5.4)");
  }

  // RFC 8858 section 4.2: rtcp-mux-only comes with rtcp-mux.
  void check_rtcp_mux(media_description const& m) {
    auto const only = m.all<rtcp_mux_only>();
    if (only.empty() || m.has_attribute("rtcp-mux")) return;
    auto const& line = only.begin().line();
    report(errc::missing_attribute, severity::error, line, line.as_attribute()->name,
           "rtcp-mux-only", "a=rtcp-mux-only without a=rtcp-mux (RFC 8858 section 4.2)");
  }

  session_description const& doc_;
  std::unordered_map<std::string_view, std::size_t> mids_;  // a=mid value -> media index
  std::vector<diagnostic> out_;
};

}  // namespace

std::vector<diagnostic> validate(session_description const& doc) {
  return checker(doc).run();
}

}  // namespace imsdp::sdp
