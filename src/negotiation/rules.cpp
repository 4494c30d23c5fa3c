// RFC 3264 checks on answers, new offers and successive o= lines.
#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <optional>
#include <string>

#include "negotiation/capneg.hpp"
#include "negotiation/codecs.hpp"
#include "negotiation/sdes.hpp"

namespace imsdp::negotiation {
namespace {

std::string m_line(std::size_t index) {
  return "m-line " + std::to_string(index);
}

// The canonical text without its o= line.
std::string content_of(sdp::session_description const& doc) {
  std::string text = sdp::serialize(doc);
  auto const at = text.find("\r\no=");
  if (at != std::string::npos) text.erase(at + 2, text.find("\r\n", at + 2) - at);
  return text;
}

// RFC 3264 section 6.1: what the answerer may use for an offered direction.
bool mirrors(sdp::media_direction offered, sdp::media_direction answered) {
  using sdp::media_direction;
  switch (offered) {
    case media_direction::sendrecv:
      return true;
    case media_direction::sendonly:
      return answered == media_direction::recvonly || answered == media_direction::inactive;
    case media_direction::recvonly:
      return answered == media_direction::sendonly || answered == media_direction::inactive;
    case media_direction::inactive:
      return answered == media_direction::inactive;
  }
  return false;
}

std::vector<aiml::split::idata_channel> idata_channels(datachannel::association const& a) {
  std::vector<aiml::split::idata_channel> out;
  for (auto const& c : a.channels)
    if (c.subprotocol() == "3gpp-aiml-idata") out.push_back(aiml::split::idata_of(c));
  return out;
}

// RFC 8864 section 6 and DESIGN.md section 5 on one accepted data-channel m-section.
void check_datachannel_answer(sdp::session_description const& offer,
                              sdp::session_description const& answer, std::size_t index,
                              std::vector<error>& errors) {
  auto const offered = datachannel::view(offer, index);
  auto const answered = datachannel::view(answer, index);
  for (auto const& c : answered.channels) {
    auto const* o = offered.find(c.stream_id());
    std::string const which = m_line(index) + ", stream " + std::to_string(c.stream_id());
    if (o == nullptr) {
      errors.push_back(
          make_error(errc::answer_datachannel, "RFC 8864 6", which + ": dcmap not offered"));
    } else if (o->subprotocol() != c.subprotocol() ||
               (o->map->label ? o->map->label->decoded() : std::string()) !=
                   (c.map->label ? c.map->label->decoded() : std::string())) {
      errors.push_back(make_error(errc::answer_datachannel, "RFC 8864 6",
                                  which + ": label or subprotocol changed"));
    }
  }
  // A scoped direction mirrors the one offered for that channel (RFC 3264 section 6.1, as
  // RFC 8865 section 4 applies it to data channels); an unscoped channel is sendrecv.
  auto const scoped_direction = [](datachannel::channel const& c) {
    for (auto const* s : c.scoped)
      if (auto const* d = s->get<sdp::direction>()) return d->value;
    return sdp::media_direction::sendrecv;
  };
  for (auto const& c : answered.channels) {
    auto const* o = offered.find(c.stream_id());
    if (o == nullptr) continue;
    auto const od = scoped_direction(*o);
    auto const ad = scoped_direction(c);
    if (!mirrors(od, ad))
      errors.push_back(make_error(errc::answer_direction, "RFC 3264 6.1",
                                  m_line(index) + ", stream " + std::to_string(c.stream_id()) +
                                      ": " + std::string(sdp::to_string(ad)) + " answers " +
                                      std::string(sdp::to_string(od))));
  }
  auto const offered_sets = aiml::split::configuration_sets(offer);
  auto const answered_sets = aiml::split::configuration_sets(answer);
  auto const idata = idata_channels(answered);
  for (auto const& set : answered_sets) {
    if (set.media_index != index) continue;
    auto const o = std::find_if(offered_sets.begin(), offered_sets.end(), [&](auto const& s) {
      return s.media_index == index && s.control_stream == set.control_stream;
    });
    std::vector<aiml::split::configuration> const none;
    auto const problems = aiml::split::check_answer(
        o == offered_sets.end() ? none : o->configurations, set.configurations, idata);
    errors.insert(errors.end(), problems.begin(), problems.end());
  }
}

// RFC 3264 section 6.1: the answer's formats MUST include at least one format of the
// offer and MAY add others; the same payload type SHOULD be used for a codec, so a codec
// offered as 97 and answered as 104 counts. RTP formats are compared by encoding (rtpmap,
// or RFC 3551's static table); other media by the format token.
std::optional<std::string> format_problem(sdp::media_description const& o,
                                          sdp::media_description const& a) {
  auto const offered = o.formats();
  bool const rtp = o.proto().find("RTP/") != std::string_view::npos;
  for (auto const f : a.formats()) {
    if (!rtp) {
      if (std::find(offered.begin(), offered.end(), f) == offered.end())
        return "format " + std::string(f) + " not offered";
      continue;
    }
    auto const answered = detail::encoding_of(a, f);
    for (auto const g : offered) {
      if (!answered) {
        if (g == f) return std::nullopt;  // unresolvable: the same token
        continue;
      }
      auto const candidate = detail::encoding_of(o, g);
      if (candidate && detail::same_encoding(*candidate, *answered)) return std::nullopt;
    }
  }
  if (!rtp) return std::nullopt;
  return std::string("no answered format is a codec of the offer");
}

}  // namespace

bool bundle_only(sdp::session_description const& offer, std::size_t i) {
  auto const m = offer.media(i);
  auto const* mid = m.find<sdp::mid>();
  if (m.find<sdp::bundle_only>() == nullptr || mid == nullptr) return false;
  for (auto const& g : offer.session().all<sdp::group>()) {
    if (g.semantics != "BUNDLE") continue;
    auto const tags = g.tag_list();
    if (std::find(tags.begin(), tags.end(), mid->value) != tags.end()) return true;
  }
  return false;
}

sdp::media_direction direction_of(sdp::session_description const& doc, std::size_t media_index) {
  if (auto const d = doc.media(media_index).direction()) return *d;
  if (auto const d = doc.session().direction()) return *d;
  return sdp::media_direction::sendrecv;
}

sdp::media_direction answer_direction(sdp::media_direction offered, sdp::media_direction local) {
  using sdp::media_direction;
  auto const sends = [](media_direction d) {
    return d == media_direction::sendrecv || d == media_direction::sendonly;
  };
  auto const receives = [](media_direction d) {
    return d == media_direction::sendrecv || d == media_direction::recvonly;
  };
  bool const send = receives(offered) && sends(local);
  bool const receive = sends(offered) && receives(local);
  if (send && receive) return media_direction::sendrecv;
  if (send) return media_direction::sendonly;
  if (receive) return media_direction::recvonly;
  return media_direction::inactive;
}

bool same_content(sdp::session_description const& a, sdp::session_description const& b) {
  return content_of(a) == content_of(b);
}

namespace {

// RFC 4568 5.1.2 and 5.1.3: an accepted SDES stream has exactly one crypto line, with the
// tag and suite of one offered line.
std::optional<std::string> crypto_problem(sdp::media_description const& o,
                                          sdp::media_description const& a) {
  auto const answered = a.all<sdp::crypto>();
  auto const count = std::distance(answered.begin(), answered.end());
  if (count != 1)
    return std::to_string(count) + " crypto lines in the answer; it takes exactly one";
  auto const& c = *answered.begin();
  for (auto const& offered : o.all<sdp::crypto>())
    if (offered.tag == c.tag)
      return offered.suite == c.suite
                 ? std::nullopt
                 : std::optional<std::string>("crypto tag " + std::to_string(c.tag) +
                                              " answered with " + std::string(c.suite) +
                                              ", offered with " + std::string(offered.suite));
  return "crypto tag " + std::to_string(c.tag) + " was not offered";
}

}  // namespace

std::vector<error> check_answer(sdp::session_description const& offer,
                                sdp::session_description const& answer) {
  std::vector<error> errors;
  if (offer.media_count() != answer.media_count()) {
    errors.push_back(make_error(errc::answer_media_count, "RFC 3264 6",
                                std::to_string(answer.media_count()) + " m-lines for " +
                                    std::to_string(offer.media_count()) + " offered"));
    return errors;
  }
  for (std::size_t i = 0; i < offer.media_count(); ++i) {
    auto const o = offer.media(i);
    auto const a = answer.media(i);
    if (auto const* taken = a.find<sdp::acfg>()) {
      if (auto why = detail::configuration_problem(offer, i, *taken, a.proto())) {
        errors.push_back(
            make_error(errc::answer_configuration, "RFC 5939 3.6.2", m_line(i) + ": " + *why));
        continue;
      }
    }
    bool const configured = a.find<sdp::acfg>() != nullptr;
    if (o.media() != a.media() || (o.proto() != a.proto() && !configured)) {
      errors.push_back(make_error(errc::answer_media_changed, "RFC 3264 6",
                                  m_line(i) + ": " + std::string(a.media()) + " " +
                                      std::string(a.proto()) + " answers " +
                                      std::string(o.media()) + " " + std::string(o.proto())));
      continue;
    }
    if (a.port() == 0) continue;
    if (o.port() == 0 && !bundle_only(offer, i)) {
      errors.push_back(make_error(errc::answer_rejected_stream, "RFC 3264 6",
                                  m_line(i) + ": accepted although offered with port 0"));
      continue;
    }
    if (auto why = format_problem(o, a))
      errors.push_back(make_error(errc::answer_formats, "RFC 3264 6.1", m_line(i) + ": " + *why));
    // A data-channel m-line has no media direction: an SCTP association carries both
    // ways, and a channel's direction is its dcsa's (RFC 8864 6, checked below); a
    // session-level direction does not reach it.
    auto const od = direction_of(offer, i);
    auto const ad = direction_of(answer, i);
    if (!datachannel::is_datachannel(o) && !mirrors(od, ad))
      errors.push_back(make_error(errc::answer_direction, "RFC 3264 6.1",
                                  m_line(i) + ": " + std::string(sdp::to_string(ad)) + " answers " +
                                      std::string(sdp::to_string(od))));
    if (datachannel::is_datachannel(o)) check_datachannel_answer(offer, answer, i, errors);
    if (detail::is_sdes_proto(a.proto())) {
      if (auto why = crypto_problem(o, a))
        errors.push_back(
            make_error(errc::answer_crypto, "RFC 4568 5.1.3", m_line(i) + ": " + *why));
    }
    // RFC 3312 5.1 and 11: an answerer that cannot meet mandatory preconditions refuses
    // the offer (420); it never answers without them or with them weakened.
    for (auto const& d : o.all<sdp::des>()) {
      if (d.strength != sdp::strength_tag::mandatory) continue;
      // The answer's view flips local and remote.
      auto const flipped = d.status == sdp::status_type::local    ? sdp::status_type::remote
                           : d.status == sdp::status_type::remote ? sdp::status_type::local
                                                                  : d.status;
      bool const kept =
          std::any_of(a.all<sdp::des>().begin(), a.all<sdp::des>().end(), [&](sdp::des const& x) {
            return x.precondition_type == d.precondition_type && x.status == flipped &&
                   (x.strength == sdp::strength_tag::mandatory ||
                    x.strength == sdp::strength_tag::failure);
          });
      if (!kept)
        errors.push_back(make_error(
            errc::answer_preconditions, "RFC 3312 5.1",
            m_line(i) + ": the mandatory " + std::string(d.precondition_type) + " " +
                std::string(sdp::to_string(d.status)) + " precondition is not answered"));
    }
  }
  return errors;
}

std::vector<error> check_offer(sdp::session_description const& local,
                               sdp::session_description const& remote,
                               sdp::session_description const& offer) {
  std::vector<error> errors;
  auto const count = std::min(local.media_count(), remote.media_count());
  if (offer.media_count() < count) {
    errors.push_back(make_error(errc::offer_media_removed, "RFC 3264 8.2",
                                std::to_string(offer.media_count()) + " m-lines for " +
                                    std::to_string(count) + " in the session"));
    return errors;
  }
  for (std::size_t i = 0; i < count; ++i) {
    auto const before = local.media(i);
    auto const after = offer.media(i);
    // A slot rejected by either side may be reused for any media (RFC 3264 8.3); an active
    // one keeps its type unless it is disabled now.
    bool const active = before.port() != 0 && remote.media(i).port() != 0;
    if (active && after.port() != 0 && before.media() != after.media())
      errors.push_back(make_error(errc::offer_media_replaced, "RFC 3264 8.3",
                                  m_line(i) + ": " + std::string(before.media()) + " becomes " +
                                      std::string(after.media()) + " without port 0 first"));
  }
  return errors;
}

result<void> check_origin(sdp::session_description const& previous,
                          sdp::session_description const& next, origin_policy policy) {
  auto const* p = previous.origin();
  auto const* n = next.origin();
  if (p == nullptr || n == nullptr) return {};
  if (p->username != n->username || p->session_id != n->session_id ||
      p->network_type != n->network_type || p->address_type != n->address_type ||
      p->address != n->address)
    return make_error(errc::origin_changed, "RFC 3264 8",
                      "o= other than the version differs from the previous description");
  if (policy == origin_policy::lenient) {
    if (n->session_version < p->session_version)
      return make_error(errc::origin_version, "RFC 3264 8",
                        "version " + std::to_string(n->session_version) + " after " +
                            std::to_string(p->session_version) + " (lower)");
    return {};
  }
  // An unchanged version means an identical description. One more is allowed without a
  // change: RFC 3264 section 8 forbids only the reverse, and session refreshes do it.
  if (n->session_version == p->session_version) {
    if (!same_content(previous, next))
      return make_error(
          errc::origin_version, "RFC 3264 8",
          "changed description with unchanged version " + std::to_string(n->session_version));
    return {};
  }
  if (n->session_version != p->session_version + 1)
    return make_error(errc::origin_version, "RFC 3264 8",
                      "version " + std::to_string(n->session_version) + " after " +
                          std::to_string(p->session_version) + " (must be one more)");
  return {};
}

}  // namespace imsdp::negotiation
