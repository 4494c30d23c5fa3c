// ui_decide: random streams of responses, withdrawals and clock moves against a guard with
// small tables (fuzz/ui_fixture.hpp). Oracles: the tables stay within their capacity; an
// accepted response comes from the offer's own subscriber with a token this target issued,
// within its offer's maxResponses, never after a withdrawal, never twice with one id; every
// accepted decision has its own charging sequence number; raw input text is accepted only
// as a response read() accepts too; save() and restore() give back the same state. A twin
// guard without the token cache (the fixture's holds 8 of the 48 tokens) decides the same,
// also on tokens with one character changed.
#include <imsdp/user_interaction/guard.hpp>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "ui_fixture.hpp"

namespace ux = fuzz_ui::ux;

namespace {

struct issued {
  ux::offer o;
  std::string owner;
};

std::vector<issued> const& offers() {
  static std::vector<issued> const all = [] {
    std::vector<issued> out;
    for (unsigned char n = 0; n < 48; ++n) {
      ux::offer_request req;
      req.id = "o-" + std::to_string(n);
      bool const assist = n % 8 == 7;
      req.template_ref = assist ? "as@1" : "qf@1";
      req.subject = {assist ? ux::subject_type::conference : ux::subject_type::call,
                     "t-" + std::to_string(n % 5)};
      req.subscriber = "ps-" + std::to_string(n % 6);
      req.nonce.fill(n);
      req.token_kid = "n1";
      out.push_back({*ux::build_offer(fuzz_ui::policy(), req, fuzz_ui::keys(), fuzz_ui::epoch()),
                     req.subscriber});
    }
    return out;
  }();
  return all;
}

std::string response(ux::offer const& o, unsigned id, unsigned variant, std::string const& token) {
  static char const* const answers[] = {
      R"([{"aid":"q","value":3}])",           R"([{"aid":"q","value":9}])",
      R"([{"aid":"i","values":["a","b"]}])",  R"([{"aid":"i","values":["a","b","c"]}])",
      R"([{"aid":"a","value":"summarize"}])", R"([{"aid":"q","value":1}],"text":"hi")",
      R"([{"aid":"zz","value":1}])",          R"([{"aid":"i","values":["a","a"]}])"};
  return R"({"v":1,"kind":"response","id":"r-)" + std::to_string(id) + R"(","offer":")" + o.id +
         R"(","ts":"2026-05-01T10:00:01Z","token":")" + token + R"(","answers":)" +
         answers[variant % 8] + "}";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  auto const& rules = fuzz_ui::policy();
  static auto const plain_rules = [] {
    auto p = fuzz_ui::policy();
    p.token_cache_capacity = 0;
    return p;
  }();
  ux::guard g(rules), plain(plain_rules);
  ux::context const ctx{rules, fuzz_ui::keys()}, plain_ctx{plain_rules, fuzz_ui::keys()};
  // Both guards decide; the verdicts must agree.
  auto const decide = [&](std::string_view text, std::string_view sender, ux::time_point t) {
    auto v = g.decide(text, sender, ctx, t);
    auto const w = plain.decide(text, sender, plain_ctx, t);
    IMSDP_FUZZ_CHECK(v.status == w.status && v.reason == w.reason &&
                         v.retry_after == w.retry_after && v.where.view() == w.where.view() &&
                         v.charging.seq == w.charging.seq,
                     "the token cache changes no verdict");
    return v;
  };
  auto now = fuzz_ui::epoch();
  std::map<std::size_t, std::set<unsigned>> accepted;  // offer -> response ids
  std::set<std::size_t> withdrawn;
  std::uint64_t accepted_count = 0;
  std::size_t i = 0;
  while (i + 3 <= size) {
    unsigned const op = data[i], a = data[i + 1], b = data[i + 2];
    i += 3;
    auto const k = a % offers().size();
    auto const& [o, owner] = offers()[k];
    switch (op % 8) {
      case 0:  // the clock moves (forwards mostly, sometimes back)
        now += std::chrono::milliseconds((op % 16 == 8 ? -1 : 1) * static_cast<int>(b) * 250);
        break;
      case 1: {
        std::string nonce;
        for (int n = 0; n < 16; ++n)
          nonce += std::string{"0123456789abcdef"[k >> 4], "0123456789abcdef"[k & 15]};
        bool const done = g.withdraw(nonce, o.expires, now);
        IMSDP_FUZZ_CHECK(plain.withdraw(nonce, o.expires, now) == done, "the twin withdraws");
        if (done) withdrawn.insert(k);
        break;
      }
      default: {
        bool const stranger = op % 8 == 7;
        auto const sender = stranger ? std::string("ps-x") : owner;
        auto const id = b % 5;
        // op 6: one character of the token changed (a forgery; the cache holds the real one)
        auto token = o.token;
        bool const forged = op % 8 == 6;
        if (forged) {
          auto& c = token[(op / 8 * 31 + b) % token.size()];
          c = c == 'A' ? '.' : 'A';
        }
        auto const v = decide(response(o, id, b / 5, token), sender, now);
        if (v.accepted) {
          IMSDP_FUZZ_CHECK(!stranger, "accepted only from the token's subject");
          IMSDP_FUZZ_CHECK(!forged, "a changed token is refused");
          IMSDP_FUZZ_CHECK(withdrawn.count(k) == 0, "nothing accepted after a withdrawal");
          IMSDP_FUZZ_CHECK(accepted[k].insert(id).second, "one id accepted once");
          IMSDP_FUZZ_CHECK(accepted[k].size() <= o.max_responses, "within maxResponses");
          IMSDP_FUZZ_CHECK(v.charging.seq == ++accepted_count, "one charging event per acceptance");
          IMSDP_FUZZ_CHECK(now < o.expires + std::chrono::seconds(rules.clock_skew), "not expired");
        }
        if (v.status == ux::ack_status::duplicate)
          IMSDP_FUZZ_CHECK(accepted[k].count(id) == 1, "a duplicate of an accepted id");
      }
    }
    auto const s = g.stats();
    IMSDP_FUZZ_CHECK(s.replay_used <= s.replay_capacity && s.bucket_used <= s.bucket_capacity,
                     "tables within capacity");
  }
  // The state survives save and restore exactly; the rest of the input read as a saved state
  // never crashes a restore.
  auto const saved = g.save();
  auto const restored = ux::guard::restore(rules, saved);
  IMSDP_FUZZ_CHECK(restored.has_value() && restored->same_state(g), "save/restore is exact");
  (void)ux::guard::restore(rules,
                           std::string_view(reinterpret_cast<char const*>(data) + i, size - i));
  // The rest of the input as one raw response.
  std::string_view const rest(reinterpret_cast<char const*>(data) + i, size - i);
  auto const v = decide(rest, "ps-0", now);
  if (v.accepted) {
    auto const m = ux::read(rest);
    IMSDP_FUZZ_CHECK(m && std::holds_alternative<ux::response>(*m), "accepted text reads");
  }
  return 0;
}
