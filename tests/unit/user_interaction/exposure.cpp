// Exposure, withdrawal and erasure (issue 22; design rules 15-19): the minimized view, the
// sealed envelope a third party cannot forge or widen, and a property test over random
// consents and results that never finds a field outside the allow-list, an aggregate below
// k, a pseudonym shared across audiences or a withdrawn subject.
#include <imsdp/user_interaction/exposure.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "support/why.hpp"
#include "unit/user_interaction/support.hpp"

using namespace imsdp;
namespace ux = imsdp::user_interaction;
using test::ui::at;
using namespace std::chrono_literals;

namespace {

struct store : ux::consent_source {
  std::map<std::string, std::vector<ux::consent_record>, std::less<>> by_subject;
  std::span<ux::consent_record const> records(std::string_view subject) const override {
    auto const it = by_subject.find(subject);
    if (it == by_subject.end()) return {};
    return it->second;
  }
};

ux::consent_record consent(std::string subject, std::string purpose, std::string recipient,
                           ux::time_point given, bool free_text = false) {
  ux::consent_record c;
  c.id = "c-1";
  c.record_id = "cr-" + subject;
  c.subject = std::move(subject);
  c.controller = "ims.mnc001.mcc001.3gppnetwork.org";
  c.purposes = {std::move(purpose)};
  c.recipients = {{std::move(recipient), "third-party"}};
  c.given = given;
  c.expires = given + 86400s;
  c.method = "dc-ui";
  c.jurisdiction = "DE";
  c.free_text = free_text;
  return c;
}

ux::result_record make_result(std::string id, std::string subject, int rating, std::string defect,
                              ux::time_point ts) {
  ux::result_record r;
  r.id = std::move(id);
  r.subject = std::move(subject);
  r.template_ref = "qf-call@2";
  r.answers = {{"q", rating, std::nullopt, {}},
               {"i", std::nullopt, std::nullopt, {std::move(defect)}}};
  r.text = "the line crackled";
  r.ts = ts;
  r.serving_network = "ims.visited.example";
  return r;
}

ux::exposure_request request(ux::result_form form, std::string audience = "tp.quality.example") {
  ux::exposure_request q;
  q.id = "x-1";
  q.issuer = "ims.mnc001.mcc001.3gppnetwork.org";
  q.audience = std::move(audience);
  q.purpose = "service-quality";
  q.form = form;
  q.template_ref = "qf-call@2";
  q.ttl = 86400;
  q.pseudonym_kid = "p1";
  return q;
}

}  // namespace

TEST_SUITE("user_interaction") {
  TEST_CASE("an aggregate at or above k, sealed; below k or without consent it is refused") {
    auto const policy = test::ui::example_policy();
    auto const keys = test::ui::example_keys();
    auto const t0 = at("2026-05-01T10:00:00Z");
    store consents;
    std::vector<ux::result_record> results;
    for (int s = 0; s < 25; ++s) {
      auto const subject = "ps-" + std::to_string(s);
      results.push_back(make_result("res-" + std::to_string(s), subject, 1 + s % 5, "echo", t0));
      if (s < 20)
        consents.by_subject[subject] = {
            consent(subject, "service-quality", "tp.quality.example", t0)};
    }
    ux::suppression_report report;
    auto const e = ux::expose(request(ux::result_form::aggregate), results, consents, policy, keys,
                              t0 + 60s, &report);
    REQUIRE_MESSAGE(e, test::why(e));
    CHECK(e->count == 20);
    CHECK(report.no_consent == 5);
    CHECK(e->histogram.at("q").at("1") == 4);
    CHECK(e->histogram.at("i").at("echo") == 20);
    auto const sealed = ux::seal(*e, keys, "x1");
    REQUIRE(sealed);
    auto const payload = ux::jws_verify(keys, ux::key_use::exposure, *sealed, t0 + 61s);
    REQUIRE(payload);
    CHECK(*payload == ux::write_exposure(*e));
    // A third party widening the envelope cannot re-sign it: it holds no exposure key, and
    // its own EdDSA key is not one the network's verifier trusts.
    auto widened = nlohmann::json::parse(*payload);
    widened["retainUntil"] = "2036-05-01T10:00:00Z";
    auto const w = widened.dump();
    auto forged =
        sealed->substr(0, sealed->find('.') + 1) +
        ux::base64url_encode({reinterpret_cast<unsigned char const*>(w.data()), w.size()}) +
        sealed->substr(sealed->rfind('.'));
    CHECK(!ux::jws_verify(keys, ux::key_use::exposure, forged, t0 + 61s));
    // One consent less: 19 < k.
    consents.by_subject.erase("ps-0");
    auto const small =
        ux::expose(request(ux::result_form::aggregate), results, consents, policy, keys, t0 + 60s);
    REQUIRE(!small);
    CHECK(small.error().code == errc::ui_exposure_denied);
    // An audience the policy does not list for the purpose.
    auto const other = ux::expose(request(ux::result_form::aggregate, "tp.other.example"), results,
                                  consents, policy, keys, t0 + 60s);
    REQUIRE(!other);
    CHECK(other.error().code == errc::ui_exposure_denied);
  }

  TEST_CASE(
      "individual items: coarse times, scoped pseudonyms, free text only with explicit consent") {
    auto policy = test::ui::example_policy();
    policy.exposure.fields["service-quality"] = {"q", "text"};
    policy.exposure.audiences["service-quality"].push_back("tp.second.example");
    auto const keys = test::ui::example_keys();
    auto const t0 = at("2026-05-01T10:00:00Z");
    store consents;
    consents.by_subject["ps-1"] = {
        consent("ps-1", "service-quality", "tp.quality.example", t0, true),
        consent("ps-1", "service-quality", "tp.second.example", t0)};
    consents.by_subject["ps-2"] = {consent("ps-2", "service-quality", "tp.quality.example", t0)};
    std::vector<ux::result_record> results{make_result("a", "ps-1", 2, "echo", t0 + 1234s),
                                           make_result("b", "ps-2", 5, "noise", t0 + 99s)};
    ux::suppression_report report;
    auto const e = ux::expose(request(ux::result_form::individual), results, consents, policy, keys,
                              t0 + 2000s, &report);
    REQUIRE_MESSAGE(e, test::why(e));
    REQUIRE(e->items.size() == 2);
    for (auto const& item : e->items) {
      CHECK(item.ts.time_since_epoch() % std::chrono::hours(1) == std::chrono::milliseconds(0));
      CHECK(item.answers.size() == 1);  // "i" is not an allowed field
      CHECK(item.pseudonym.find("ps-") == std::string::npos);
    }
    CHECK(report.fields_removed == 2);
    CHECK(report.texts_removed == 1);  // ps-2 did not consent to free text
    auto const written = ux::write_exposure(*e);
    CHECK(written.find("ps-1") == std::string::npos);
    CHECK(written.find("crackled") != std::string::npos);
    // The second audience sees other pseudonyms for the same subject.
    auto const second = ux::expose(request(ux::result_form::individual, "tp.second.example"),
                                   results, consents, policy, keys, t0 + 2000s);
    REQUIRE(second);
    REQUIRE(second->items.size() == 1);
    for (auto const& item : e->items)
      CHECK(item.pseudonym != second->items[0].pseudonym);
  }

  TEST_CASE("withdrawal takes effect at once; erasure lists what to delete and whom to tell") {
    auto const policy = test::ui::example_policy();
    auto const keys = test::ui::example_keys();
    auto const t0 = at("2026-05-01T10:00:00Z");
    store consents;
    auto const c = consent("ps-1", "service-quality", "tp.quality.example", t0);
    consents.by_subject["ps-1"] = {c};
    std::vector<ux::result_record> results{make_result("a", "ps-1", 2, "echo", t0)};
    std::vector<ux::exposure_log_entry> log{{"x-1", "tp.quality.example", "ps-1", t0 + 86400s},
                                            {"x-0", "tp.quality.example", "ps-1", t0 - 1s},
                                            {"x-2", "ims.origin.example", "ps-2", t0 + 86400s}};
    auto const w = ux::withdraw_consent(c, log, t0 + 10s);
    REQUIRE(w);
    CHECK(w->record.state == ux::consent_state::withdrawn);
    CHECK(w->record.version == 2);
    CHECK(w->revoke == std::vector<std::string>{"x-1"});
    CHECK(w->notify == std::vector<std::string>{"tp.quality.example"});
    CHECK(ux::read(ux::write(w->record)));
    consents.by_subject["ps-1"] = {w->record};
    auto const after =
        ux::expose(request(ux::result_form::individual), results, consents, policy, keys, t0 + 11s);
    REQUIRE(after);
    CHECK(after->items.empty());
    auto const plan = ux::erase("ps-1", consents.by_subject["ps-1"], results, log);
    CHECK(plan.consent_records == std::vector<std::string>{"cr-ps-1"});
    CHECK(plan.results == std::vector<std::string>{"a"});
    CHECK(plan.exposures == std::vector<std::string>{"x-1", "x-0"});
    CHECK(plan.notify == std::vector<std::string>{"tp.quality.example"});
  }

  TEST_CASE("property: no exposure holds a field, subject or pseudonym it may not") {
    auto policy = test::ui::example_policy();
    policy.exposure.k = 3;
    policy.exposure.audiences["service-quality"] = {"tp-a", "tp-b"};
    auto const keys = test::ui::example_keys();
    auto const t0 = at("2026-05-01T10:00:00Z");
    std::mt19937 rng(1819);
    std::size_t aggregates = 0, refusals = 0, items = 0;
    for (int round = 0; round < 300; ++round) {
      store consents;
      std::vector<ux::result_record> results;
      std::set<std::string> allowed_subjects[2];
      auto const n = 1 + rng() % 12;
      for (unsigned s = 0; s < n; ++s) {
        auto const subject = "ps-" + std::to_string(s);
        for (int tp = 0; tp < 2; ++tp) {
          auto const roll = rng() % 5;
          if (roll == 0) continue;  // no record
          auto c = consent(subject, roll == 1 ? "marketing" : "service-quality",
                           tp == 0 ? "tp-a" : "tp-b", t0, rng() % 2 == 0);
          if (roll == 2) {
            c.state = ux::consent_state::withdrawn;
            c.withdrawn = t0 + 1s;
          }
          if (roll == 3 && rng() % 2 == 0) c.expires = t0 + 5s;  // expired at the time of exposure
          bool const valid = roll >= 3 && !(c.expires && *c.expires <= t0 + 60s);
          if (valid) allowed_subjects[tp].insert(subject);
          consents.by_subject[subject].push_back(c);
        }
        results.push_back(make_result("r" + std::to_string(s), subject,
                                      1 + static_cast<int>(rng() % 5), "echo", t0));
      }
      std::set<std::string> pseudonyms[2];
      for (int tp = 0; tp < 2; ++tp) {
        auto const form = rng() % 2 == 0 ? ux::result_form::aggregate : ux::result_form::individual;
        auto const e = ux::expose(request(form, tp == 0 ? "tp-a" : "tp-b"), results, consents,
                                  policy, keys, t0 + 60s);
        if (!e) {
          ++refusals;
          CHECK(form == ux::result_form::aggregate);
          CHECK(allowed_subjects[tp].size() < policy.exposure.k);
          continue;
        }
        auto const doc = nlohmann::json::parse(ux::write_exposure(*e));
        for (auto const& [aid, values] : e->histogram)
          CHECK((aid == "q" || aid == "i"));
        if (form == ux::result_form::aggregate) {
          ++aggregates;
          CHECK(e->count >= policy.exposure.k);
          CHECK(e->count == allowed_subjects[tp].size());
        } else {
          CHECK(e->items.size() == allowed_subjects[tp].size());
          for (auto const& item : e->items) {
            ++items;
            pseudonyms[tp].insert(item.pseudonym);
            CHECK(!item.text.has_value());  // "text" is not an allowed field of the purpose
            for (auto const& a : item.answers)
              CHECK((a.aid == "q" || a.aid == "i"));
          }
        }
        auto const text = doc.dump();
        for (unsigned s = 0; s < n; ++s)
          CHECK(text.find("\"ps-" + std::to_string(s) + "\"") == std::string::npos);
      }
      for (auto const& p : pseudonyms[0])
        CHECK(pseudonyms[1].count(p) == 0);
    }
    CHECK(aggregates > 20);
    CHECK(refusals > 20);
    CHECK(items > 100);
  }
}

TEST_SUITE("user_interaction") {
  TEST_CASE(
      "third parties: proposals of their own templates and purposes, in their bucket (rule 4)") {
    auto policy = test::ui::example_policy();
    policy.third_parties.push_back(
        {"tp-survey", {"service-quality"}, {"qf-call@2"}, {2, 3600, 2}, "DE"});
    auto const t0 = at("2026-05-01T10:00:00Z");
    ux::proposal p;
    p.id = "pr-1";
    p.third_party = "tp-survey";
    p.template_ref = "qf-call@2";
    p.audience_type = ux::subject_type::call;
    p.audience_ref = "campaign-7";
    p.purpose = "service-quality";
    p.window_from = t0;
    p.window_until = t0 + 86400s;
    p.max_offers = 500;
    CHECK(ux::read(ux::write(p)));
    ux::token_bucket bucket;
    auto const ok = ux::review_proposal(p, policy, bucket, t0);
    REQUIRE_MESSAGE(ok, test::why(ok));
    CHECK(ok->offers == 500);
    CHECK(ok->charging.charged_party == "tp:tp-survey");
    CHECK(ux::read(ux::write(ok->charging)));
    CHECK(ux::review_proposal(p, policy, bucket, t0 + 1s));
    auto const third = ux::review_proposal(p, policy, bucket, t0 + 2s);
    REQUIRE(!third);
    CHECK(third.error().code == errc::ui_rate_limited);
    auto const refused = [&](ux::proposal q) {
      ux::token_bucket fresh;
      auto const r = ux::review_proposal(q, policy, fresh, t0);
      return r ? errc::ok : r.error().code;
    };
    auto q = p;
    q.third_party = "tp-unknown";
    CHECK(refused(q) == errc::ui_proposal_rejected);
    q = p;
    q.template_ref = "spam-call@1";  // registered, but not the third party's
    CHECK(refused(q) == errc::ui_proposal_rejected);
    q = p;
    q.purpose = "marketing";
    CHECK(refused(q) == errc::ui_proposal_rejected);
    q = p;
    q.audience_type = ux::subject_type::dc_app;
    CHECK(refused(q) == errc::ui_proposal_rejected);
    q = p;
    q.window_until = t0;
    CHECK(refused(q) == errc::ui_proposal_rejected);
  }

  TEST_CASE("take: GCRA with cost and retry-after") {
    ux::token_bucket b;
    auto const t0 = at("2026-05-01T10:00:00Z");
    ux::bucket_spec const spec{1, 10, 3};  // one token per 10 s, three at most
    CHECK(ux::take(b, spec, t0, 3));
    std::uint32_t retry = 0;
    CHECK(!ux::take(b, spec, t0, 1, &retry));
    CHECK(retry == 10);
    CHECK(ux::take(b, spec, t0 + 10s));
    CHECK(!ux::take(b, spec, t0 + 15s, 2, &retry));
    CHECK(retry == 15);
  }

  TEST_CASE(
      "transfers: a subject's data reaches a third party abroad only where allowed (rule 22)") {
    auto policy = test::ui::example_policy();
    policy.exposure.k = 2;
    policy.exposure.audiences["service-quality"] = {"tp-us"};
    policy.third_parties.push_back(
        {"tp-us", {"service-quality"}, {"qf-call@2"}, {10, 60, 10}, "US"});
    auto const keys = test::ui::example_keys();
    auto const t0 = at("2026-05-01T10:00:00Z");
    store consents;
    std::vector<ux::result_record> results;
    for (int s = 0; s < 3; ++s) {
      auto const subject = "ps-" + std::to_string(s);
      auto c = consent(subject, "service-quality", "tp-us", t0);
      c.jurisdiction = s == 0 ? "US" : "DE";
      consents.by_subject[subject] = {c};
      results.push_back(make_result("r" + std::to_string(s), subject, 3, "echo", t0));
    }
    ux::suppression_report report;
    auto const before = ux::expose(request(ux::result_form::individual, "tp-us"), results, consents,
                                   policy, keys, t0 + 60s, &report);
    REQUIRE(before);
    CHECK(before->items.size() == 1);
    CHECK(report.no_transfer == 2);
    policy.allowed_transfers.push_back({"DE", "US"});
    auto const after = ux::expose(request(ux::result_form::individual, "tp-us"), results, consents,
                                  policy, keys, t0 + 60s);
    REQUIRE(after);
    CHECK(after->items.size() == 3);
  }

  TEST_CASE("assist gate: every participant consents, else stop (rule 20)") {
    auto const t0 = at("2026-05-01T10:00:00Z");
    store consents;
    auto const controller = "ims.mnc001.mcc001.3gppnetwork.org";
    consents.by_subject["ps-1"] = {consent("ps-1", "ai-assist", controller, t0)};
    consents.by_subject["ps-2"] = {consent("ps-2", "ai-assist", controller, t0)};
    std::vector<std::string> room{"ps-1", "ps-2"};
    CHECK(ux::assist_gate(room, consents, controller, t0 + 1s).go);
    room.push_back("ps-3");  // joins without consent
    auto const joined = ux::assist_gate(room, consents, controller, t0 + 2s);
    CHECK(!joined.go);
    CHECK(joined.missing == std::vector<std::string>{"ps-3"});
    room.pop_back();
    consents.by_subject["ps-2"][0].state = ux::consent_state::withdrawn;
    consents.by_subject["ps-2"][0].withdrawn = t0 + 3s;
    CHECK(!ux::assist_gate(room, consents, controller, t0 + 4s).go);
  }
}
