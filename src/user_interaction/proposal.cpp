// Token buckets for callers and third-party proposals (policy.hpp; rules 4, 11, 23).
#include <algorithm>
#include <imsdp/user_interaction/policy.hpp>

#include "user_interaction/gcra.hpp"

namespace imsdp::user_interaction {

bool take(token_bucket& bucket, bucket_spec const& spec, time_point now, std::uint32_t cost,
          std::uint32_t* retry_after) noexcept {
  gcra const g(spec);
  auto const now_ns = nanos(now);
  // `cost` tokens: the last of them must conform.
  auto const extra = cost > 1 ? g.interval * std::int64_t{cost - 1} : 0;
  auto const wait = std::max<std::int64_t>(0, bucket.tat + extra - g.tolerance - now_ns);
  if (wait > 0) {
    if (retry_after != nullptr)
      *retry_after = static_cast<std::uint32_t>(
          std::min<std::int64_t>((wait + 999'999'999) / 1'000'000'000, 86400));
    return false;
  }
  bucket.tat =
      std::max(bucket.tat, now_ns) + g.interval * std::int64_t{std::max<std::uint32_t>(cost, 1)};
  return true;
}

third_party const* policy::find_third_party(std::string_view id) const noexcept {
  for (auto const& t : third_parties)
    if (t.id == id) return &t;
  return nullptr;
}

result<proposal_decision> review_proposal(proposal const& p, policy const& rules,
                                          token_bucket& bucket, time_point now) {
  auto const reject = [](std::string why) {
    return make_error(errc::ui_proposal_rejected, "proposal", std::move(why));
  };
  auto const* tp = rules.find_third_party(p.third_party);
  if (tp == nullptr) return reject("'" + p.third_party + "' is not a registered third party");
  auto const* t = rules.find_template(p.template_ref);
  if (t == nullptr ||
      std::find(tp->templates.begin(), tp->templates.end(), p.template_ref) == tp->templates.end())
    return reject("template '" + p.template_ref + "' is not one of the third party's");
  if (std::find(tp->purposes.begin(), tp->purposes.end(), p.purpose) == tp->purposes.end())
    return reject("purpose '" + p.purpose + "' is not one of the third party's");
  if (std::find(t->subjects.begin(), t->subjects.end(), p.audience_type) == t->subjects.end())
    return reject("the template is not about a " + std::string(to_string(p.audience_type)));
  // The third party fills the template's slots; the offers it gets will show them.
  if (auto const filled = fill_prompt(t->prompts.front(), t->slots, p.slots); !filled)
    return reject(filled.error().path + ": " + filled.error().detail);
  if (p.window_until <= now) return reject("the window has ended");
  std::uint32_t retry = 0;
  if (!take(bucket, tp->proposals, now, 1, &retry))
    return make_error(errc::ui_rate_limited, "proposal",
                      "retry after " + std::to_string(retry) + " s");
  proposal_decision d;
  d.offers = p.max_offers;
  auto& c = d.charging;
  c.id = "cdr-" + p.id;
  c.ts = std::chrono::floor<std::chrono::seconds>(now);
  c.record_id = "proposal-" + p.third_party + "-" + p.id;
  c.event = "proposal";
  c.cat = t->cat;
  c.template_ref = t->ref;
  c.charged_party = "tp:" + p.third_party;
  c.served_user_ref = p.third_party;
  c.home_network = rules.home_network;
  c.serving_network = rules.home_network;
  c.rating_group = rules.of(t->cat).rating_group;
  return d;
}

}  // namespace imsdp::user_interaction
