// The event alphabets and invariants shared by the exhaustive exploration test
// (tests/unit/negotiation/exhaustive.cpp) and the negotiation fuzz target
// (fuzz/negotiation.cpp). Each check returns an empty string when the invariant holds,
// else what broke.
#pragma once

#include <algorithm>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/rules.hpp>
#include <imsdp/negotiation/session.hpp>
#include <imsdp/negotiation/signalling.hpp>
#include <imsdp/negotiation/split_machine.hpp>
#include <imsdp/sdp/parse.hpp>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace imsdp::test {

inline negotiation::description parse_body(std::string_view text) {
  auto doc = sdp::parse(text, profile::lenient());
  if (!doc) return {};
  return std::make_shared<sdp::session_description const>(std::move(*doc));
}

/// The bodies of the alphabet: a local initial offer, and the peer's offer, answer,
/// re-offer and answer to our re-offer (one o= identity per side, versions 1 and 2).
struct bodies {
  static constexpr char const* local_offer =
      "v=0\r\no=ue 1001 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
      "m=audio 49170 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"
      "m=application 49174 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=fingerprint:sha-256 "
      "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:7C:D5:28:"
      "6E:B4\r\n"
      "a=setup:actpass\r\na=sctp-port:5000\r\n"
      "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:1 ue task=\"urn:3gpp:aiml:task:asr\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:2 nw task=\"urn:3gpp:aiml:task:asr\"\r\n";
  static constexpr char const* remote_answer =
      "v=0\r\no=peer 2002 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
      "m=application 50002 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=fingerprint:sha-256 "
      "0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:"
      "A6:3B:D9\r\n"
      "a=setup:active\r\na=sctp-port:5000\r\n"
      "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:2 nw task=\"urn:3gpp:aiml:task:asr\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:1 ue task=\"urn:3gpp:aiml:task:asr\"\r\n";
  static constexpr char const* remote_offer =
      "v=0\r\no=peer 2002 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n"
      "m=application 50002 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=fingerprint:sha-256 "
      "0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:"
      "A6:3B:D9\r\n"
      "a=setup:actpass\r\na=sctp-port:5000\r\n"
      "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:1 ue task=\"urn:3gpp:aiml:task:asr\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:2 nw task=\"urn:3gpp:aiml:task:asr\"\r\n";
  static constexpr char const* remote_reoffer =
      "v=0\r\no=peer 2002 2 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
      "a=rtpmap:101 telephone-event/8000\r\na=sendonly\r\n"
      "m=application 50002 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=fingerprint:sha-256 "
      "0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:"
      "A6:3B:D9\r\n"
      "a=setup:actpass\r\na=sctp-port:5000\r\n"
      "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:2 nw task=\"urn:3gpp:aiml:task:asr\"\r\n";
  static constexpr char const* remote_reanswer =
      "v=0\r\no=peer 2002 2 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n"
      "m=audio 50000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=recvonly\r\n"
      "m=application 50002 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "a=fingerprint:sha-256 "
      "0A:3C:55:E1:92:7B:D4:18:6F:C2:A9:30:84:EB:17:5D:C6:2E:F8:41:9A:07:B3:6D:E0:52:1C:8F:74:"
      "A6:3B:D9\r\n"
      "a=setup:active\r\na=sctp-port:5000\r\n"
      "a=dcmap:1000 label=\"ctrl\";subprotocol=\"3gpp-aiml\"\r\n"
      "a=dcsa:1000 3gpp-aiml-split:1 ue task=\"urn:3gpp:aiml:task:asr\"\r\n";
};

/// The capabilities local answers are generated under.
inline negotiation::capabilities alphabet_capabilities() {
  negotiation::capabilities c;
  c.username = "ue";
  c.session_id = 1001;
  c.address = "192.0.2.1";
  c.fingerprint =
      "sha-256 "
      "6B:1E:93:0C:7D:A2:58:F4:31:CE:09:B7:66:2D:E5:8A:1F:C3:74:90:5D:2B:E8:46:A1:0F:93:7C:D5:28:"
      "6E:B4";
  negotiation::media_capabilities audio;
  negotiation::codec pcmu;
  pcmu.name = "PCMU";
  pcmu.clock_rate = 8000;
  audio.codecs.push_back(pcmu);
  audio.telephone_event = true;
  c.audio = audio;
  negotiation::datachannel_capabilities dc;
  aiml::split::capabilities aiml;
  aiml.tasks = {"urn:3gpp:aiml:task:asr"};
  aiml.placements = {aiml::split::placement::ue, aiml::split::placement::nw};
  dc.aiml = aiml;
  c.data_channel = dc;
  return c;
}

/// RFC 9143 7.3.1 and 7.5.1: in a description this library generates, the TRANSPORT
/// attributes of a BUNDLE group are in its tagged m= section (the first with a port) only.
inline std::string check_bundle_transport(sdp::session_description const& doc) {
  // The RFC 8859 TRANSPORT category (IDENTICAL ones such as rtcp-mux repeat).
  constexpr std::string_view transport[] = {"ice-ufrag", "ice-pwd",   "fingerprint", "setup",
                                            "tls-id",    "candidate", "ice-options"};
  for (auto const& g : doc.session().all<sdp::group>()) {
    if (g.semantics != "BUNDLE") continue;
    bool tagged = true;
    std::vector<std::size_t> seen;
    for (auto const tag : g.tag_list())
      for (std::size_t i = 0; i < doc.media_count(); ++i) {
        auto const m = doc.media(i);
        auto const* mid = m.find<sdp::mid>();
        if (mid == nullptr || mid->value != tag) continue;
        // A tag names the first m-line with its mid (RFC 5888), once; port 0 is out.
        if (std::find(seen.begin(), seen.end(), i) != seen.end() || m.port() == 0) break;
        seen.push_back(i);
        if (!tagged)
          for (auto const& a : m.attributes())
            if (std::find(std::begin(transport), std::end(transport), a.name) !=
                std::end(transport))
              return "a=" + std::string(a.name) + " outside the tagged m= section of BUNDLE";
        tagged = false;
        break;
      }
  }
  return {};
}

/// The signalling events of the exploration, built against the machine they go to (local
/// answers and re-offers depend on its descriptions). Answers generated for an offer are
/// cached, so a run costs little more than the machine itself.
class signalling_alphabet {
 public:
  signalling_alphabet()
      : local_offer_(parse_body(bodies::local_offer)),
        remote_answer_(parse_body(bodies::remote_answer)),
        remote_offer_(parse_body(bodies::remote_offer)),
        remote_reoffer_(parse_body(bodies::remote_reoffer)),
        remote_reanswer_(parse_body(bodies::remote_reanswer)),
        capabilities_(alphabet_capabilities()) {}

  static constexpr std::size_t size = 33;

  /// Event `index` for machine `m`; nullopt when it cannot be built (no offer pending for
  /// a generated answer, no session to re-offer).
  std::optional<negotiation::event> make(std::size_t index,
                                         negotiation::signalling_machine const& m) {
    using negotiation::carrier;
    using negotiation::event;
    using negotiation::sip_method;
    switch (index) {
      case 0:
        return event::offer(local_offer_, carrier::invite);
      case 1:
        return reoffer(m, carrier::invite);
      case 2:
        return reoffer(m, carrier::update);
      case 3:
        return answer(m, [](auto d) { return event::answer(d); });
      case 4:
        return answer(m, [](auto d) { return event::answer(d, true); });
      case 5:
        return answer(m, [](auto d) { return event::pranswer(d); });
      case 6:
        return event::accept();
      case 7:
        return event::reject(488);
      case 8:
        return event::reject(488, sip_method::update);
      case 9:
        return event::rollback();
      case 10:
        return event::close();
      case 11:
        return event::request(sip_method::invite, remote_offer_);
      case 12:
        return event::request(sip_method::invite);
      case 13:
        return event::request(sip_method::invite, remote_reoffer_);
      case 14:
        return event::request(sip_method::update, remote_reoffer_);
      case 15:
        return event::request(sip_method::prack);
      case 16:
        return event::request(sip_method::prack, remote_answer_);
      case 17:
        return event::request(sip_method::ack);
      case 18:
        return event::request(sip_method::ack, remote_answer_);
      case 19:
        return event::request(sip_method::cancel);
      case 20:
        return event::request(sip_method::bye);
      case 21:
        return event::response(sip_method::invite, 180);
      case 22:
        return event::response(sip_method::invite, 183, remote_answer_);
      case 23:
        return event::response(sip_method::invite, 183, remote_answer_, true);
      case 24:
        return event::response(sip_method::invite, 200, remote_answer_);
      case 25:
        return event::response(sip_method::invite, 200);
      case 26:
        return event::response(sip_method::invite, 200, remote_offer_);
      case 27:
        return event::response(sip_method::invite, 491);
      case 28:
        return event::response(sip_method::invite, 500, {}, false, 2);
      case 29:
        return event::response(sip_method::invite, 200, remote_reanswer_);
      case 30:
        return event::response(sip_method::update, 200, remote_reanswer_);
      case 31:
        return event::response(sip_method::update, 491);
      case 32:
        return event::invite();
      default:
        return std::nullopt;
    }
  }

  negotiation::description const& local_offer() const { return local_offer_; }

  /// The invariants of the descriptions this side makes (the alphabet's events are all
  /// ours): events 1 and 2, our re-offers (hold() after the last description sent), may be
  /// refused for timing (invalid_state) but never for a rule of RFC 3264; every body sent
  /// has the BUNDLE TRANSPORT attributes in its tagged m= section only; a tls-id, once
  /// sent for an m-line, stays (the capabilities give none that changes it).
  static std::string check_ours(std::size_t index, negotiation::signalling_machine const& before,
                                result<negotiation::step> const& r,
                                negotiation::signalling_machine const& after) {
    if (!r) {
      if ((index != 1 && index != 2) || r.error().code == errc::invalid_state) return {};
      return "our own re-offer refused: " + std::string(to_string(r.error().code)) + ": " +
             r.error().detail;
    }
    for (auto const& a : r->actions)
      if ((a.type == negotiation::action_type::send_request ||
           a.type == negotiation::action_type::send_response) &&
          a.body)
        if (auto why = check_bundle_transport(*a.body); !why.empty()) return why;
    auto const& was = before.last_local();
    auto const& now = after.last_local();
    if (was && now && was != now)
      for (std::size_t i = 0; i < std::min(was->media_count(), now->media_count()); ++i) {
        auto const* x = was->media(i).find<sdp::tls_id>();
        auto const* y = now->media(i).find<sdp::tls_id>();
        if (x != nullptr && y != nullptr && x->value != y->value)
          return "the tls-id of m-line " + std::to_string(i) + " changed";
      }
    return {};
  }

 private:
  std::optional<negotiation::event> reoffer(negotiation::signalling_machine const& m,
                                            negotiation::carrier via) {
    if (!m.current_local()) return std::nullopt;
    auto& cached = reoffers_[{m.current_local().get(), m.last_local().get()}];
    if (!cached) {
      auto held = negotiation::hold(*m.current_local(), m.last_local());
      if (!held) return std::nullopt;
      cached = *held;
    }
    return negotiation::event::offer(cached, via);
  }

  template <class Make>
  std::optional<negotiation::event> answer(negotiation::signalling_machine const& m, Make make) {
    if (!m.pending_remote()) return std::nullopt;
    auto& cached = answers_[{m.pending_remote().get(), m.last_local().get()}];
    if (!cached) {
      auto a = negotiation::create_answer(*m.pending_remote(), capabilities_, m.last_local());
      if (!a) return std::nullopt;
      cached = a->sdp;
    }
    return make(cached);
  }

  negotiation::description local_offer_, remote_answer_, remote_offer_, remote_reoffer_,
      remote_reanswer_;
  negotiation::capabilities capabilities_;
  std::map<std::pair<sdp::session_description const*, sdp::session_description const*>,
           negotiation::description>
      reoffers_;
  std::map<std::pair<sdp::session_description const*, sdp::session_description const*>,
           negotiation::description>
      answers_;
};

/// The invariants of one signalling step: `before` got `e` and answered `r`, becoming
/// `after` (equal to `before` on error).
inline std::string check_signalling_step(negotiation::signalling_machine const& before,
                                         negotiation::event const& e,
                                         result<negotiation::step> const& r,
                                         negotiation::signalling_machine const& after) {
  using negotiation::action_type;
  using negotiation::body_role;
  using S = negotiation::signalling_state;
  auto const state = after.state();
  if (static_cast<unsigned>(state) > static_cast<unsigned>(S::closed)) return "invalid state";
  if (!r) {
    if (before.state() != after.state() || before.pending_local() != after.pending_local() ||
        before.pending_remote() != after.pending_remote() ||
        before.current_local() != after.current_local() ||
        before.current_remote() != after.current_remote())
      return "an error changed the machine";
    return {};
  }
  (void)e;
  if (before.state() == S::closed) return "an event was accepted after closed";
  if (r->state != state) return "the step reports another state than the machine's";
  // The state change is a row of the transition table.
  bool row = false;
  for (auto const& t : negotiation::transitions)
    row = row || (t.from == before.state() && t.to == state);
  if (!row) return "a state change that is no row of the transition table";
  // Pending descriptions match the state (JSEP).
  bool const pl = static_cast<bool>(after.pending_local());
  bool const pr = static_cast<bool>(after.pending_remote());
  switch (state) {
    case S::stable:
    case S::closed:
      if (pl || pr) return "pending descriptions outside an exchange";
      break;
    case S::have_local_offer:
      if (!pl || pr) return "have-local-offer without exactly a local offer";
      break;
    case S::have_remote_offer:
      if (pl || !pr) return "have-remote-offer without exactly a remote offer";
      break;
    case S::have_local_pranswer:
    case S::have_remote_pranswer:
      if (!pl || !pr) return "a pranswer state without both descriptions";
      break;
  }
  if (static_cast<bool>(after.current_local()) != static_cast<bool>(after.current_remote()))
    return "a current description without its counterpart";
  for (auto const& a : r->actions) {
    // At most one offer in flight: an offer leaves only from stable, and arrives only there.
    if (a.role == body_role::offer && before.state() != S::stable)
      return "an offer sent while another exchange is in progress";
    if (a.type == action_type::create_answer && before.state() != S::stable)
      return "an offer accepted while another exchange is in progress";
    if (a.type == action_type::send_response && a.status == 500 &&
        (!a.retry_after || *a.retry_after > 10))
      return "a 500 without Retry-After 0..10";
    if (a.type == action_type::retry &&
        (a.delay_ms < a.min_delay_ms || a.delay_ms > a.max_delay_ms ||
         (a.min_delay_ms != a.max_delay_ms && a.max_delay_ms != 2000 && a.max_delay_ms != 4000)))
      return "a retry delay outside its RFC 3261 14.1 range";
    // Every answer keeps its offer's m-lines and obeys RFC 3264 and the split rules.
    if (a.type == action_type::apply_session) {
      if (!a.local || !a.remote) return "a session applied without both descriptions";
      auto const& offer = a.local_offerer ? *a.local : *a.remote;
      auto const& answer = a.local_offerer ? *a.remote : *a.local;
      if (offer.media_count() != answer.media_count()) return "an answer of another m-line count";
      for (std::size_t i = 0; i < offer.media_count(); ++i) {
        if (offer.media(i).port() == 0 && answer.media(i).port() != 0)
          return "a rejected stream accepted";
      }
      // The formats (one offered codec at least, RFC 3264 6.1) are check_answer's.
      if (auto const problems = negotiation::check_answer(offer, answer); !problems.empty())
        return "an applied answer breaks " + std::string(problems.front().rule) + ": " +
               problems.front().detail;
      // A port-0 m-section configures no channel and no AI/ML (RFC 8864, DESIGN.md 5).
      auto const session = negotiation::negotiated(*a.local, *a.remote, a.local_offerer);
      for (auto const& stream : session.streams)
        if (!stream.active && (!stream.channels.empty() || stream.active_split_configuration))
          return "a rejected m-section configures channels or AI/ML";
      for (std::size_t i = 0; i < answer.media_count(); ++i)
        if (answer.media(i).port() == 0 && session.streams[i].active)
          return "an m-line answered with port 0 is active";
    }
  }
  return {};
}

/// The split events of the exploration: every control message both ways with the
/// configurations 1 and 2, timeouts, intermediate data and SDP outcomes.
inline std::vector<negotiation::split_event> split_alphabet() {
  using negotiation::split_message;
  auto const ev = [](split_message m, bool sent = false, std::optional<std::uint8_t> cfg = {}) {
    negotiation::split_event e;
    e.message = m;
    e.sent = sent;
    e.cfg = cfg;
    return e;
  };
  std::vector<negotiation::split_event> all;
  for (bool sent : {true, false}) {
    for (auto m : {split_message::capabilities, split_message::split_config_req,
                   split_message::task_stop, split_message::task_start_resp})
      all.push_back(ev(m, sent));
    auto resp = ev(split_message::split_config_resp, sent);
    resp.configurations = {2, 1};
    all.push_back(resp);
    for (std::uint8_t cfg = 1; cfg <= 2; ++cfg) {
      all.push_back(ev(split_message::task_start_req, sent, cfg));
      all.push_back(ev(split_message::split_select, sent, cfg));
    }
    auto refused = ev(split_message::task_start_resp, sent);
    refused.accepted = false;
    all.push_back(refused);
    auto conflict = ev(split_message::error, sent);
    conflict.code = 409;
    all.push_back(conflict);
  }
  // Requests and a split-select with ids, and errors naming them by "re".
  auto request = ev(split_message::split_config_req, true);
  request.id = "r";
  all.push_back(request);
  auto select = ev(split_message::split_select, true, 2);
  select.id = "s";
  all.push_back(select);
  for (char const* re : {"r", "s"}) {
    auto refusal = ev(split_message::error);
    refusal.code = re[0] == 'r' ? 409 : 404;
    refusal.re = re;
    all.push_back(refusal);
  }
  all.push_back(ev(split_message::timeout));
  all.push_back(ev(split_message::intermediate_data, false, 2));
  for (auto set : {std::vector<std::uint8_t>{1, 2}, {2}, {}}) {
    auto answer = ev(split_message::sdp_answer);
    answer.configurations = set;
    all.push_back(answer);
  }
  auto restore = ev(split_message::sdp_restore);
  restore.configurations = {1, 2};
  all.push_back(restore);
  return all;
}

inline std::string check_split_step(negotiation::split_machine const& before,
                                    result<negotiation::split_step> const& r,
                                    negotiation::split_machine const& after) {
  using S = negotiation::split_state;
  if (static_cast<unsigned>(after.state()) > static_cast<unsigned>(S::stopped))
    return "invalid split state";
  if (!r) {
    if (before.state() != after.state() || before.active() != after.active() ||
        before.target() != after.target() || before.outstanding() != after.outstanding() ||
        before.configurations() != after.configurations())
      return "an error changed the split machine";
    return {};
  }
  if (before.state() == S::stopped) return "an event was accepted after STOPPED";
  bool row = false;
  for (auto const& t : negotiation::split_transitions)
    row = row || (t.from == before.state() && t.to == after.state());
  if (!row) return "a split state change that is no row of the table";
  auto const in_set = [&](std::optional<std::uint8_t> cfg) {
    auto const& set = after.configurations();
    return cfg && std::find(set.begin(), set.end(), *cfg) != set.end();
  };
  switch (after.state()) {
    case S::configured:
    case S::active:
      if (!in_set(after.active())) return "the active configuration is not negotiated";
      break;
    case S::switching:
      if (!in_set(after.active()) && !in_set(after.target()))
        return "switching between configurations not negotiated";
      if (!in_set(after.target()) || after.target() == after.active())
        return "switching to no new negotiated configuration";
      break;
    default:
      break;
  }
  for (auto const& a : r->actions) {
    if (a.type == negotiation::split_action_type::retry &&
        (a.delay_ms > 2000 || a.max_delay_ms != 2000))
      return "a split retry outside 0..2 s";
    if (a.type == negotiation::split_action_type::activate && !in_set(a.cfg))
      return "a configuration activated that is not negotiated";
  }
  return {};
}

}  // namespace imsdp::test
