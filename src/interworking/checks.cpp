// The output checks of the interworking function (decision A5): what each leg's peers
// need of the SDP the IWF writes, from the browser-oracle findings (WebRTC side) and TS
// 23.334 6.2.10.4 / TS 23.228 U.1.1 (IMS side: no WebRTC media extension crosses).
#include <fmt/format.h>

#include <algorithm>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/detail/split.hpp>
#include <imsdp/interworking/translate.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>
#include <optional>

#include "interworking/support.hpp"
#include "negotiation/sdes.hpp"
#include "negotiation/transport.hpp"

namespace imsdp::interworking {
namespace {

using detail::iwf_error;
using negotiation::detail::media_or_session;

// The description is its parsed text, unedited (each line still views its source, in
// order, with nothing between), and that parse met no deviation and stayed within
// `limits`. A parse of that text under any profile and those limits then consults no
// tolerance and gives the same lines: a re-read would find what the description holds.
bool reads_back_as_is(sdp::session_description const& doc, limits const& l) {
  auto const& d = doc.limits();
  // A deviation, or a note on the text; with max_diagnostics 0 none would have been kept.
  if (!doc.diagnostics().empty() || d.max_diagnostics == 0) return false;
  if (d.max_input_bytes > l.max_input_bytes || d.max_line_length > l.max_line_length ||
      d.max_lines > l.max_lines || d.max_media > l.max_media ||
      d.max_attributes > l.max_attributes || d.max_formats > l.max_formats)
    return false;
  return doc.verbatim();
}

// Re-reads the description under a profile, as the peer will, and runs the cross-line
// rules; every error found. A description that reads back as it is (the translations'
// own, built and parsed under strict) is not parsed a second time.
void reread(sdp::session_description const& doc, imsdp::profile profile, std::vector<error>& out) {
  parse_options options;
  options.profile = profile;
  std::optional<sdp::session_description> again;
  if (!reads_back_as_is(doc, options.limits)) {
    auto parsed = sdp::parse(sdp::serialize_exact(doc), options);
    if (!parsed) {
      out.push_back(parsed.error());
      return;
    }
    again = std::move(*parsed);
  }
  for (auto const& d : sdp::validate(again ? *again : doc))
    if (d.severity == severity::error) {
      auto e = make_error(d.code, d.subject, d.detail);
      e.where = d.where;
      out.push_back(std::move(e));
    }
}

bool active(sdp::session_description const& doc, std::size_t i) {
  return doc.media(i).port() != 0 || negotiation::bundle_only(doc, i);
}

void check_bundle(sdp::session_description const& answer, sdp::session_description const& offer,
                  std::vector<error>& out) {
  std::vector<std::string_view> offered;
  for (auto const& g : offer.session().all<sdp::group>())
    if (g.semantics == "BUNDLE")
      for (auto const tag : imsdp::detail::split(g.tags, ' '))
        offered.push_back(tag);
  for (auto const& g : answer.session().all<sdp::group>())
    if (g.semantics == "BUNDLE")
      for (auto const tag : imsdp::detail::split(g.tags, ' '))
        if (std::find(offered.begin(), offered.end(), tag) == offered.end())
          out.push_back(
              iwf_error(errc::iwf_answer_bundle, "12.5.8", std::nullopt,
                        "mid " + std::string(tag) + " is not in an offered BUNDLE group"));
}

}  // namespace

std::vector<error> check_webrtc(sdp::session_description const& doc, sdp_type type,
                                sdp::session_description const* offer) {
  std::vector<error> out;
  reread(doc, profile::jsep(), out);
  for (std::size_t i = 0; i < doc.media_count(); ++i) {
    if (!active(doc, i)) continue;
    auto const m = doc.media(i);
    auto const t = negotiation::detail::bundle_transport(doc, i).first;
    bool const rtp = m.proto() == "UDP/TLS/RTP/SAVPF";
    if (!rtp && m.proto() != "UDP/DTLS/SCTP")
      out.push_back(
          iwf_error(errc::iwf_webrtc_transport, "12.4", i, "proto " + std::string(m.proto())));
    // RFC 5888 9.2: an answer has a mid where its offer had one (RFC 9429 5.2.1: offers).
    bool const mid_needed =
        type == sdp_type::offer || (offer != nullptr && i < offer->media_count() &&
                                    offer->media(i).find<sdp::mid>() != nullptr);
    if (mid_needed && m.find<sdp::mid>() == nullptr)
      out.push_back(iwf_error(errc::iwf_webrtc_transport, "12.5.8", i, "no a=mid"));
    if (media_or_session<sdp::ice_ufrag>(doc, t) == nullptr ||
        media_or_session<sdp::ice_pwd>(doc, t) == nullptr)
      out.push_back(iwf_error(errc::iwf_missing_ice, "12.5.6", i, "no ice-ufrag and ice-pwd"));
    if (media_or_session<sdp::fingerprint>(doc, t) == nullptr)
      out.push_back(iwf_error(errc::iwf_missing_fingerprint, "12.5.7", i, "no fingerprint"));
    // RFC 8842 5.2 and 5.3: actpass in offers; active or passive in answers (both
    // browsers refuse actpass in an answer).
    auto const* setup = media_or_session<sdp::setup>(doc, t);
    bool const role_ok =
        setup != nullptr && (type == sdp_type::offer ? setup->role == sdp::setup_role::actpass
                                                     : setup->role == sdp::setup_role::active ||
                                                           setup->role == sdp::setup_role::passive);
    if (!role_ok)
      out.push_back(iwf_error(errc::iwf_dtls_role, "12.5.7", i,
                              type == sdp_type::offer
                                  ? "an offer needs a=setup:actpass"
                                  : "an answer needs a=setup active or passive"));
    // RFC 8843 / RFC 5761: offers multiplex; an answer does where its offer did.
    bool const mux_needed =
        type == sdp_type::offer || (offer != nullptr && i < offer->media_count() &&
                                    offer->media(i).find<sdp::rtcp_mux>() != nullptr);
    if (rtp && mux_needed && m.find<sdp::rtcp_mux>() == nullptr)
      out.push_back(iwf_error(errc::iwf_webrtc_transport, "12.4", i, "no a=rtcp-mux"));
  }
  if (type == sdp_type::answer && offer != nullptr) {
    for (auto&& e : negotiation::check_answer(*offer, doc))
      out.push_back(std::move(e));
    check_bundle(doc, *offer, out);
  }
  return out;
}

std::vector<error> check_ims(sdp::session_description const& doc, sdp_type type, policy const& p,
                             sdp::session_description const* offer) {
  std::vector<error> out;
  reread(doc, profile::ims(), out);
  // TS 23.228 U.1.1, TS 23.334 6.2.10.4: WebRTC media extensions stay out of IMS.
  constexpr std::string_view webrtc_only[] = {
      "ice-ufrag",   "ice-pwd", "ice-options", "ice-lite",     "candidate", "end-of-candidates",
      "mid",         "msid",    "ssrc",        "ssrc-group",   "extmap",    "rtcp-rsize",
      "bundle-only", "rid",     "simulcast",   "msid-semantic"};
  auto const check_lines = [&](sdp::section_view const& section, std::optional<std::size_t> i,
                               bool dtls) {
    for (auto const& a : section.attributes()) {
      // RFC 5888 9.2: an IMS offer may group its m-lines; the answer keeps their mids.
      bool const offered_mid = a.name == "mid" && type == sdp_type::answer && offer != nullptr &&
                               i && *i < offer->media_count() &&
                               offer->media(*i).find<sdp::mid>() != nullptr;
      bool const listed = std::find(std::begin(webrtc_only), std::end(webrtc_only), a.name) !=
                          std::end(webrtc_only);
      // Table 12.3 ims.rtcpMux: only under offer, and in an answer only when offered.
      bool const offered_mux =
          type == sdp_type::offer || (offer != nullptr && i && *i < offer->media_count() &&
                                      offer->media(*i).find<sdp::rtcp_mux>() != nullptr);
      bool const mux_ok = p.ims.rtcp_mux == rtcp_mux_mode::offer && offered_mux;
      bool const bad =
          (listed && !offered_mid) || (a.name == "rtcp-mux" && !mux_ok) ||
          (!dtls && (a.name == "fingerprint" || a.name == "setup" || a.name == "tls-id")) ||
          (a.name == "group" && a.value.starts_with("BUNDLE"));
      if (bad)
        out.push_back(iwf_error(errc::iwf_output, "12.5.1", i,
                                "a=" + std::string(a.name) + " must not reach the IMS leg"));
    }
  };
  check_lines(doc.session(), std::nullopt, true);
  for (std::size_t i = 0; i < doc.media_count(); ++i) {
    auto const m = doc.media(i);
    bool const dc = datachannel::is_datachannel(m);
    check_lines(m, i, dc);
    if (m.port() == 0 || m.media() != "audio") continue;
    bool const sdes = negotiation::detail::is_sdes_proto(m.proto());
    if ((m.proto() != "RTP/AVP" && m.proto() != "RTP/AVPF" && !sdes) ||
        (sdes && p.ims.srtp != srtp_mode::sdes))
      out.push_back(iwf_error(errc::iwf_output, "12.4", i, "proto " + std::string(m.proto())));
    if (sdes && m.all<sdp::crypto>().empty())
      out.push_back(iwf_error(errc::iwf_output, "12.3", i, "RTP/SAVP without a=crypto"));
    bool const as = std::any_of(m.all<sdp::bandwidth>().begin(), m.all<sdp::bandwidth>().end(),
                                [](sdp::bandwidth const& b) { return b.type == "AS"; });
    if (!as) out.push_back(iwf_error(errc::iwf_output, "12.5.13", i, "no b=AS"));
    if (!m.has_attribute("ptime"))
      out.push_back(iwf_error(errc::iwf_output, "12.4", i, "no a=ptime"));
    bool const has_preconditions = !m.all<sdp::des>().empty();
    bool const offered =
        offer == nullptr || (i < offer->media_count() && !offer->media(i).all<sdp::des>().empty());
    if (p.ims.preconditions == preconditions_mode::terminate && offered && !has_preconditions)
      out.push_back(iwf_error(errc::iwf_output, "12.5.14", i, "preconditions missing"));
    if (p.ims.preconditions != preconditions_mode::terminate && has_preconditions)
      out.push_back(iwf_error(errc::iwf_output, "12.5.16", i, "preconditions not stripped"));
  }
  if (type == sdp_type::answer && offer != nullptr)
    for (auto&& e : negotiation::check_answer(*offer, doc))
      out.push_back(std::move(e));
  return out;
}

}  // namespace imsdp::interworking
