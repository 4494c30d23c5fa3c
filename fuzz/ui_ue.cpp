// ui_ue: the UE side of one interaction (ue.hpp) driven by random events, with a guard as the
// network (fuzz/ui_fixture.hpp). Oracles:
// - expired and withdrawn absorb every event; an ignored event or a refused respond() changes
//   nothing;
// - a send happens only while responded and before the offer's expiry, a resend is
//   byte-identical, and an attempt is sent at most 1 + 3 times;
// - the wake is never after the expiry; accepted() never exceeds maxResponses;
// - what respond() lets through, the guard never refuses for its content (read, answers,
//   limits): the UE's checks are the guard's;
// - while every ack came from the guard, the UE counts no acceptance the guard did not make.
#include <imsdp/user_interaction/guard.hpp>
#include <imsdp/user_interaction/ue.hpp>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "ui_fixture.hpp"

namespace ux = fuzz_ui::ux;

namespace {

ux::offer const& the_offer() {
  static ux::offer const o = [] {
    ux::offer_request req;
    req.id = "o-1";
    req.template_ref = "qf@1";  // maxResponses 3, free text, ttl 60 s
    req.subject = {ux::subject_type::call, "t-1"};
    req.subscriber = "ps-1";
    req.nonce.fill(1);
    req.token_kid = "n1";
    return *ux::build_offer(fuzz_ui::policy(), req, fuzz_ui::keys(), fuzz_ui::epoch());
  }();
  return o;
}

// Answers from two bytes: valid ones and every kind of content error.
std::vector<ux::answer> answers_of(unsigned a, unsigned b) {
  ux::answer x;
  switch (a % 5) {
    case 0:
      x.aid = "q";
      x.rating = static_cast<int>(b % 8) - 1;  // -1..6 around the acr5 scale
      break;
    case 1:
      x.aid = "i";
      for (unsigned k = 0; k < b % 5; ++k)
        x.values.push_back(std::string(1, "abcab"[(b / 5 + k) % 5]));
      break;
    case 2:
      x.aid = "i";
      x.choice = "a";
      break;
    case 3:
      x.aid = b % 2 == 0 ? "zz" : "a";
      x.choice = "summarize";
      break;
    default:
      return {};
  }
  return {x};
}

bool content_error(imsdp::errc e) {
  using imsdp::errc;
  return e == errc::ui_unknown_reference || e == errc::ui_cardinality || e == errc::ui_limit ||
         e == errc::json_syntax || e == errc::json_missing_member ||
         e == errc::json_value_out_of_range;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const& o = the_offer();
  auto const& rules = fuzz_ui::policy();
  ux::context const ctx{rules, fuzz_ui::keys()};
  ux::guard g(rules);
  auto now = fuzz_ui::epoch();
  ux::ue_interaction ue(o, now);
  unsigned next_id = 0, attempt_sends = 0, guard_accepted = 0;
  bool only_guard_acks = true;
  std::string last_sent;
  std::size_t i = 0;
  while (i + 3 <= size) {
    unsigned const op = data[i], a = data[i + 1], b = data[i + 2];
    i += 3;
    auto const before = ue.step();
    auto const text_before = ue.response_text();
    auto const accepted_before = ue.accepted();
    bool const terminal =
        before.state == ux::ue_state::expired || before.state == ux::ue_state::withdrawn;
    ux::ue_step s;
    bool fresh = false;
    switch (op % 7) {
      case 0: {
        auto const id = a % 4 == 0 && next_id > 0 ? "r-" + std::to_string(next_id - 1)
                                                  : "r-" + std::to_string(next_id);
        std::optional<std::string> text;
        if (a % 3 == 1) text = std::string(b % 2 == 0 ? 8 : 300, 't');
        auto r = ue.respond(id, answers_of(a / 4, b), text, now);
        if (!r) {
          IMSDP_FUZZ_CHECK(ue.state() == before.state && ue.response_text() == text_before,
                           "a refused respond() changes nothing");
          continue;
        }
        ++next_id;
        fresh = true;
        s = *r;
        break;
      }
      case 1: {  // an ack the UE did not get from the guard
        ux::ack k;
        k.offer_id = a % 8 == 0 ? "o-2" : o.id;
        k.re = "r-" + std::to_string(b % 2 == 0 && next_id > 0 ? next_id - 1 : b % 5);
        k.status = static_cast<ux::ack_status>(a % 6);
        k.retry_after = b % 7;
        s = ue.on_ack(k, now);
        if (!s.ignored) only_guard_acks = false;
        break;
      }
      case 2: {
        ux::withdraw w;
        w.offer_id = a % 2 == 0 ? o.id : "o-2";
        s = ue.on_withdraw(w, now);
        break;
      }
      case 3:
        if (before.wake) now = std::max(now, *before.wake);
        s = ue.on_timer(now);
        break;
      case 4:
        now += std::chrono::milliseconds(static_cast<int>(b) * 100);
        s = ue.on_timer(now);
        break;
      default: {  // the last sent bytes reach the guard; its ack comes back (or is lost)
        if (last_sent.empty()) continue;
        auto const v = g.decide(last_sent, "ps-1", ctx, now);
        IMSDP_FUZZ_CHECK(!content_error(v.reason), "the guard accepts the UE's content");
        if (v.accepted) ++guard_accepted;
        if (a % 3 == 0) continue;  // the ack is lost
        s = ue.on_ack(ux::to_ack(v, "a-1", now), now);
      }
    }
    if (terminal)
      IMSDP_FUZZ_CHECK(s.state == before.state && !s.send && !s.wake, "terminal states absorb");
    if (s.ignored)
      IMSDP_FUZZ_CHECK(s.state == before.state && !s.send && ue.accepted() == accepted_before,
                       "an ignored event changes nothing");
    if (s.send) {
      IMSDP_FUZZ_CHECK(s.state == ux::ue_state::responded && now < o.expires,
                       "sends only while responded, before the expiry");
      if (fresh) attempt_sends = 0;
      IMSDP_FUZZ_CHECK(fresh || ue.response_text() == text_before, "a resend is byte-identical");
      IMSDP_FUZZ_CHECK(++attempt_sends <= 1 + ux::ue_interaction::resend_after.size(),
                       "at most three resends an attempt");
      last_sent = ue.response_text();
    }
    if (s.outcome == ux::ack_status::rate_limited) attempt_sends = 0;
    IMSDP_FUZZ_CHECK(!s.wake || *s.wake <= o.expires, "no wake after the expiry");
    IMSDP_FUZZ_CHECK(ue.accepted() <= o.max_responses, "within maxResponses");
    if (only_guard_acks)
      IMSDP_FUZZ_CHECK(ue.accepted() <= guard_accepted, "no acceptance the guard did not make");
  }
  return 0;
}
