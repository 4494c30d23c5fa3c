// negotiation: the input chooses a sequence of signalling and split-configuration events
// and one SDP body of its own, which the events use as a received offer or answer, as a
// local offer or answer, and which is answered from capabilities.
//
//   byte 0: generator seed; byte 1: number of events (mod 48); then one byte per event;
//   the rest: the SDP body (parsed under lenient).
//   event byte < 33: the exhaustive test's alphabet (tests/support/negotiation_invariants.hpp)
//   33..42: the body in a request, response or local event; 43: fork; 44: next dialog;
//   64..: the split alphabet.
//
// Oracles: the invariants of the exhaustive test after every event (valid state, nothing
// after closed, one offer in flight, every applied answer a subset of its offer that obeys
// RFC 3264 and the split rules, table rows only, a port-0 m-section configures no channel
// or AI/ML); an answer generated for the body re-parses under strict, obeys RFC 3264
// against it, has the BUNDLE transport in the tagged m= section only and keeps a tls-id
// across re-answers; our own re-offers after it are never refused by our machine, also
// after a 488; re-offers of the body obey RFC 3264 8 and the BUNDLE rules. With SDES and
// preconditions in the capabilities too: an answer keeps the offer's mandatory
// preconditions or the offer is refused (precondition_unsupported), an accepted SRTP
// m-line takes one offered crypto line with a key of the key source, and no key of the
// offer or the answer is in the decisions or the negotiated session's JSON.
#include <cstddef>
#include <cstdint>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "support/negotiation_invariants.hpp"
#include "support/test_keys.hpp"

using namespace imsdp;
using namespace imsdp::negotiation;

namespace {

std::optional<event> body_event(std::uint8_t code, description const& body) {
  switch (code) {
    case 33:
      return event::request(sip_method::invite, body);
    case 34:
      return event::request(sip_method::update, body);
    case 35:
      return event::response(sip_method::invite, 200, body);
    case 36:
      return event::response(sip_method::invite, 183, body, true);
    case 37:
      return event::response(sip_method::invite, 183, body);
    case 38:
      return event::offer(body);
    case 39:
      return event::answer(body);
    case 40:
      return event::request(sip_method::ack, body);
    case 41:
      return event::request(sip_method::prack, body);
    case 42:
      return event::response(sip_method::update, 200, body);
    default:
      return std::nullopt;
  }
}

// Our own re-offers after the body was answered: the machine never refuses what the
// helpers make, also after a refused re-offer (the o= version continues from it).
void check_own_reoffers(description const& body, description const& answer) {
  signalling_machine m(1);
  if (!m.on(event::offer(body)) || !m.on(event::response(sip_method::invite, 200, answer))) return;
  auto const held = hold(*m.current_local(), m.last_local());
  if (!held) return;
  IMSDP_FUZZ_CHECK(m.on(event::offer(*held)).has_value(), "our hold re-offer is accepted");
  if (!m.on(event::response(sip_method::invite, 488))) return;
  auto const off = disable_media(*m.current_local(), 0, m.last_local());
  if (!off) return;
  IMSDP_FUZZ_CHECK(m.on(event::offer(*off)).has_value(),
                   "a re-offer after a refused one is accepted");
}

// Answers and re-offers generated from the fuzzed body obey the rules they promise.
void check_generation(description const& body, capabilities const& caps) {
  if (!body) return;
  auto const answer = create_answer(*body, caps);
  if (answer) {
    auto const reparsed = sdp::parse(sdp::serialize(*answer->sdp), profile::strict());
    IMSDP_FUZZ_CHECK(reparsed.has_value(), "a generated answer re-parses under strict");
    IMSDP_FUZZ_CHECK(check_answer(*body, *reparsed).empty(),
                     "a generated answer obeys RFC 3264 against its offer");
    IMSDP_FUZZ_CHECK(test::check_bundle_transport(*answer->sdp).empty(),
                     "BUNDLE transport attributes only in the tagged m= section");
    // tls-id: the host's, and kept by a re-answer that is given none (RFC 8842 4).
    auto with_id = caps;
    with_id.tls_id = "aGVsbG8gdGxzLWlkIGZvciBmdXp6aW5n";
    auto const first = create_answer(*body, with_id);
    auto const again = first ? create_answer(*body, caps, first->sdp) : first;
    if (first && again)
      for (std::size_t i = 0; i < first->sdp->media_count(); ++i) {
        auto const* a = first->sdp->media(i).find<sdp::tls_id>();
        auto const* b = again->sdp->media(i).find<sdp::tls_id>();
        IMSDP_FUZZ_CHECK((a == nullptr) == (b == nullptr) && (a == nullptr || a->value == b->value),
                         "tls-id is stable across re-answers");
      }
    check_own_reoffers(body, answer->sdp);
  }
  if (body->origin() == nullptr) return;
  for (auto const& reoffer : {hold(*body), resume(*body)}) {
    if (!reoffer) continue;
    IMSDP_FUZZ_CHECK(check_offer(*body, *body, **reoffer).empty(), "a re-offer keeps the m-lines");
    IMSDP_FUZZ_CHECK(check_origin(*body, **reoffer).has_value(), "a re-offer follows o=");
    IMSDP_FUZZ_CHECK(test::check_bundle_transport(**reoffer).empty(),
                     "a re-offer keeps BUNDLE transport in the tagged m= section");
  }
}

// The SRTP keys of both descriptions stay out of everything printed about the answer. A
// key the offer itself writes outside its a=crypto lines (the fuzzer copies one into an
// fmtp the answer echoes) is the offerer's own disclosure: the library cannot know it.
void check_keys_unprinted(sdp::session_description const& offer, generated const& answer) {
  nlohmann::json session = negotiated(*answer.sdp, offer, false);
  std::string printed = session.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  for (auto const& d : answer.decisions)
    printed += to_string(d);
  std::string disclosed;  // the offer's lines other than a=crypto
  for (auto const& f : offer.fields())
    if (auto const* a = f.as_attribute(); a == nullptr || a->name != "crypto") disclosed += f.text;
  for (auto const* doc : {&offer, answer.sdp.get()})
    for (std::size_t i = 0; i < doc->media_count(); ++i)
      for (auto const& c : doc->media(i).all<sdp::crypto>())
        for (auto const& k : sdp::key_params_of(c))
          if (k.key_salt.size() >= 16 && disclosed.find(k.key_salt) == std::string::npos)
            IMSDP_FUZZ_CHECK(printed.find(k.key_salt) == std::string::npos,
                             "an SRTP key is printed in decisions or the session");
}

void check_secure_generation(description const& body) {
  static auto const caps = [] {
    auto c = test::alphabet_capabilities();
    c.sdes = sdes_capabilities{};
    c.sdes->suites.push_back("AEAD_AES_128_GCM");
    c.sdes->keys = test::counting_keys();
    c.preconditions = precondition_capabilities{};
    return c;
  }();
  if (!body) return;
  check_generation(body, caps);
  auto const answer = create_answer(*body, caps);
  if (!answer) {
    // With qos preconditions supported, an offer is refused for another precondition type,
    // or answered not at all for an m-line strict SDP cannot hold.
    IMSDP_FUZZ_CHECK(answer.error().code == errc::precondition_unsupported ||
                         answer.error().code == errc::unsupported,
                     "an offer is refused only for what this side cannot answer");
    return;
  }
  check_keys_unprinted(*body, *answer);
  for (std::size_t i = 0; i < answer->sdp->media_count(); ++i) {
    auto const m = answer->sdp->media(i);
    if (m.port() == 0 || m.proto().find("SAVP") == std::string_view::npos ||
        m.proto().find("TLS") != std::string_view::npos)
      continue;
    auto const crypto = m.all<sdp::crypto>();
    IMSDP_FUZZ_CHECK(std::distance(crypto.begin(), crypto.end()) == 1,
                     "an accepted SDES m-line has one crypto line");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 2) return 0;
  std::size_t const count = std::min<std::size_t>(data[1] % 48, size - 2);
  std::string_view const text(reinterpret_cast<char const*>(data) + 2 + count, size - 2 - count);
  auto const body = test::parse_body(text);
  static auto const caps = test::alphabet_capabilities();
  check_generation(body, caps);
  check_secure_generation(body);

  test::signalling_alphabet alphabet;
  auto const split_events = test::split_alphabet();
  std::vector<signalling_machine> dialogs{signalling_machine(data[0])};
  split_machine split(data[0] % 2 == 0 ? split_role::ue : split_role::network, data[0]);
  std::size_t current = 0;
  for (std::size_t k = 0; k < count; ++k) {
    std::uint8_t const code = data[2 + k];
    if (code >= 64) {
      auto const before = split;
      auto const r = split.on(split_events[(code - 64) % split_events.size()]);
      auto const why = test::check_split_step(before, r, split);
      IMSDP_FUZZ_CHECK(why.empty(), why.c_str());
      continue;
    }
    auto& m = dialogs[current];
    if (code == 43) {
      if (auto forked = m.fork(code); forked && dialogs.size() < 4) dialogs.push_back(*forked);
      continue;
    }
    if (code == 44) {
      current = (current + 1) % dialogs.size();
      continue;
    }
    auto const e = code < test::signalling_alphabet::size ? alphabet.make(code, m)
                   : body                                 ? body_event(code, body)
                                                          : std::nullopt;
    if (!e) continue;
    auto const before = m;
    auto const r = m.on(*e);
    auto why = test::check_signalling_step(before, *e, r, m);
    if (why.empty() && code < test::signalling_alphabet::size)
      why = test::signalling_alphabet::check_ours(code, before, r, m);
    IMSDP_FUZZ_CHECK(why.empty(), why.c_str());
    if (!r) continue;
    // Sessions applied or restored feed the split machine, as the script runner does.
    for (auto const& a : r->actions) {
      if (a.type != action_type::apply_session && a.type != action_type::restore_session) continue;
      auto const& answer = a.local_offerer ? a.remote : a.local;
      if (!answer) continue;
      split_event s;
      s.message = a.type == action_type::apply_session ? split_message::sdp_answer
                                                       : split_message::sdp_restore;
      s.configurations = negotiated_configurations(*answer);
      auto const split_before = split;
      auto const sr = split.on(s);
      auto const split_why = test::check_split_step(split_before, sr, split);
      IMSDP_FUZZ_CHECK(split_why.empty(), split_why.c_str());
    }
  }
  return 0;
}
