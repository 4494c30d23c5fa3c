// The response guard (guard.hpp; design rules 7-14).
//
// Tables: open addressing over a power-of-two array, probing a window of `probe` slots.
// Entries are replaced, never deleted, so a lookup stops at the first never-used slot.
// - Buckets use GCRA (the virtual-scheduling form of a token bucket, ITU-T I.371): one
//   theoretical arrival time per key, in nanoseconds. A bucket whose TAT is not after `now`
//   is full, so replacing it by a new key changes no decision (rule 12).
// - Replay entries (rule 13) are the per-offer interaction state: nonce, expiry, withdrawn,
//   and the ids and content hashes of the accepted responses. An entry is free again once
//   now >= expiry + grace.
// - Verified tokens are kept in a token_cache (token.hpp), which changes no verdict.

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>
#include <imsdp/user_interaction/guard.hpp>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "detail/hash.hpp"
#include "detail/hex.hpp"
#include "detail/json_reader.hpp"
#include "user_interaction/answers.hpp"
#include "user_interaction/gcra.hpp"
#include "user_interaction/token.hpp"

namespace imsdp::user_interaction {
namespace {

constexpr std::size_t probe = 32;
constexpr std::size_t max_accepted = 4;  // limits::max_responses at most

using imsdp::detail::content_hash;
using imsdp::detail::fnv1a;
using imsdp::detail::mix;

struct bucket {
  std::uint64_t key = 0;  // 0: never used
  std::int64_t tat = 0;   // theoretical arrival time, ns
};

struct replay_entry {
  std::array<unsigned char, 16> nonce{};
  bool used = false;
  bool withdrawn = false;
  std::uint8_t count = 0;
  std::int64_t expires = 0;  // ms since the epoch
  std::array<std::uint64_t, max_accepted> ids{};
  std::array<std::uint64_t, max_accepted> contents{};
};

template <class Entry>
std::vector<Entry> table_of(std::uint32_t capacity) {
  return std::vector<Entry>(std::bit_ceil(std::max<std::uint32_t>(capacity, probe)));
}

}  // namespace

struct guard::tables {
  std::vector<bucket> buckets;  // subscriber x category and target x category
  std::vector<replay_entry> replay;
  token_cache tokens{0};
  bucket global{};
  guard_stats stats{};
  std::uint64_t seq = 0;
  // Replay entries outlive their token by the clock skew (a token is accepted until exp +
  // skew) plus the grace, so no entry is forgotten while its token can still be accepted.
  std::int64_t keep_ms = 0;
  std::int64_t latest_ms = std::numeric_limits<std::int64_t>::min();  // the latest clock seen

  void advance(time_point now) noexcept {
    latest_ms = std::max<std::int64_t>(latest_ms, now.time_since_epoch().count());
  }

  // The slot of `key`, or of the first free or evictable slot of its window; nullptr if none.
  // `taken` is a slot already promised to another key of the same decision.
  bucket* find_bucket(std::uint64_t key, std::int64_t now, bool& found,
                      bucket const* taken = nullptr) noexcept {
    auto const mask = buckets.size() - 1;
    bucket* reusable = nullptr;
    for (std::size_t i = 0; i < probe; ++i) {
      auto& b = buckets[(key + i) & mask];
      if (&b == taken) continue;
      if (b.key == key) return found = true, &b;
      if (b.key == 0) return found = false, reusable != nullptr ? reusable : &b;
      if (reusable == nullptr && b.tat <= now) reusable = &b;  // full: forgetting it is exact
    }
    found = false;
    return reusable;
  }

  replay_entry* find_replay(std::array<unsigned char, 16> const& nonce, bool& found) noexcept {
    auto const now_ms = latest_ms;
    std::uint64_t h = 0;
    std::memcpy(&h, nonce.data(), sizeof h);
    auto const mask = replay.size() - 1;
    h = mix(h);
    replay_entry* reusable = nullptr;
    for (std::size_t i = 0; i < probe; ++i) {
      auto& e = replay[(h + i) & mask];
      if (e.used && e.nonce == nonce) {
        // Past its grace the entry is forgotten: the token has long expired anyway.
        if (now_ms >= e.expires + keep_ms) return found = false, &e;
        return found = true, &e;
      }
      if (!e.used) return found = false, reusable != nullptr ? reusable : &e;
      if (reusable == nullptr && now_ms >= e.expires + keep_ms) reusable = &e;
    }
    found = false;
    return reusable;
  }

  void occupy(replay_entry& e) noexcept {
    if (!e.used) {
      ++stats.replay_used;
      stats.replay_high_water = std::max(stats.replay_high_water, stats.replay_used);
    }
    e = replay_entry{};
    e.used = true;
  }
};

guard::guard(policy const& rules) : t_(std::make_unique<tables>()) {
  t_->buckets = table_of<bucket>(rules.bucket_capacity);
  t_->replay = table_of<replay_entry>(rules.replay_capacity);
  t_->stats.bucket_capacity = static_cast<std::uint32_t>(t_->buckets.size());
  t_->stats.replay_capacity = static_cast<std::uint32_t>(t_->replay.size());
  t_->tokens = token_cache(rules.token_cache_capacity);
  t_->stats.token_cache_capacity = static_cast<std::uint32_t>(t_->tokens.capacity());
  t_->stats.memory_bytes = t_->buckets.size() * sizeof(bucket) +
                           t_->replay.size() * sizeof(replay_entry) + t_->tokens.memory_bytes();
  t_->global.tat = std::numeric_limits<std::int64_t>::min() / 2;
  t_->keep_ms = (std::int64_t{rules.replay_grace} + rules.clock_skew) * 1000;
}
guard::~guard() = default;
guard::guard(guard const& other) : t_(std::make_unique<tables>(*other.t_)) {}
guard& guard::operator=(guard const& other) {
  if (this != &other) t_ = std::make_unique<tables>(*other.t_);
  return *this;
}

bool guard::same_state(guard const& other) const {
  // Entries compare as sets: where a key sits in its probe window is not state.
  auto const used_buckets = [](tables const& t) {
    std::vector<std::pair<std::uint64_t, std::int64_t>> out;
    for (auto const& b : t.buckets)
      if (b.key != 0) out.emplace_back(b.key, b.tat);
    std::sort(out.begin(), out.end());
    return out;
  };
  auto const used_entries = [](tables const& t) {
    std::vector<replay_entry const*> out;
    for (auto const& e : t.replay)
      if (e.used) out.push_back(&e);
    std::sort(out.begin(), out.end(),
              [](auto const* x, auto const* y) { return x->nonce < y->nonce; });
    return out;
  };
  auto const same_entry = [](replay_entry const* x, replay_entry const* y) {
    return x->nonce == y->nonce && x->withdrawn == y->withdrawn && x->count == y->count &&
           x->expires == y->expires && x->ids == y->ids && x->contents == y->contents;
  };
  auto const& a = *t_;
  auto const& b = *other.t_;
  auto const ea = used_entries(a), eb = used_entries(b);
  return a.seq == b.seq && a.latest_ms == b.latest_ms && a.global.tat == b.global.tat &&
         used_buckets(a) == used_buckets(b) &&
         std::equal(ea.begin(), ea.end(), eb.begin(), eb.end(), same_entry);
}
guard::guard(guard&&) noexcept = default;
guard& guard::operator=(guard&&) noexcept = default;

guard_stats guard::stats() const noexcept {
  return t_->stats;
}

void guard::tick(time_point now) noexcept {
  t_->advance(now);
}

bool guard::withdraw(std::string_view nonce_hex, time_point expires, time_point now) noexcept {
  std::array<unsigned char, 16> nonce;
  if (!imsdp::detail::decode_hex(nonce_hex, nonce)) return false;
  bool found = false;
  t_->advance(now);
  auto* e = t_->find_replay(nonce, found);
  if (e == nullptr) return false;
  if (!found) {
    t_->occupy(*e);
    e->nonce = nonce;
    e->expires = expires.time_since_epoch().count();
  }
  e->withdrawn = true;
  return true;
}

namespace {

std::string hex64(std::uint64_t v) {
  std::string out(16, '0');
  imsdp::detail::write_hex64(v, std::span<char, 16>(out.data(), 16));
  return out;
}

std::optional<std::uint64_t> from_hex64(std::string const& text) {
  std::array<unsigned char, 8> bytes{};
  if (!imsdp::detail::decode_hex(text, bytes)) return std::nullopt;
  std::uint64_t v = 0;
  for (auto b : bytes)
    v = v << 8 | b;
  return v;
}

}  // namespace

std::string guard::save() const {
  using nlohmann::json;
  auto const& t = *t_;
  json buckets = json::array();
  for (auto const& b : t.buckets)
    if (b.key != 0) buckets.push_back({hex64(b.key), b.tat});
  json replay = json::array();
  for (auto const& e : t.replay) {
    if (!e.used) continue;
    auto const nonce = imsdp::detail::to_hex(e.nonce);
    json ids = json::array(), contents = json::array();
    for (std::size_t i = 0; i < e.count; ++i) {
      ids.push_back(hex64(e.ids[i]));
      contents.push_back(hex64(e.contents[i]));
    }
    replay.push_back({{"nonce", nonce},
                      {"expires", e.expires},
                      {"withdrawn", e.withdrawn},
                      {"ids", ids},
                      {"contents", contents}});
  }
  return json{{"v", 2},
              {"latest", t.latest_ms},
              {"seq", t.seq},
              {"global", t.global.tat},
              {"buckets", buckets},
              {"replay", replay}}
      .dump();
}

result<guard> guard::restore(policy const& rules, std::string_view state_json) {
  auto doc = imsdp::detail::parse_strict(state_json, {64u << 20, 8});
  if (!doc) return doc.error();
  imsdp::detail::json_reader r;
  imsdp::detail::object_view o(r, *doc, "", {"v", "latest", "seq", "global", "buckets", "replay"});
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  if (auto const v = o.unsigned_integer("v", true, 2, 2); !v) return r.take_error();
  guard g(rules);
  auto& t = *g.t_;
  t.latest_ms = o.integer("latest", true, lowest, highest).value_or(t.latest_ms);
  t.seq = o.unsigned_integer("seq", true, 0, std::numeric_limits<std::uint64_t>::max()).value_or(0);
  t.global.tat = o.integer("global", true, lowest, highest).value_or(t.global.tat);
  auto const no_room = [](std::string path) {
    return make_json_error(errc::limit_exceeded, std::move(path),
                           "no room in the tables this policy sizes");
  };
  auto const* buckets = o.array("buckets", true, 0, t.buckets.size());
  for (std::size_t i = 0; buckets != nullptr && i < buckets->size() && r.ok(); ++i) {
    auto const path = imsdp::detail::pointer_append("/buckets", i);
    auto const& item = (*buckets)[i];
    auto const key = item.is_array() && item.size() == 2 && item[0].is_string()
                         ? from_hex64(item[0].get<std::string>())
                         : std::nullopt;
    if (!key || *key == 0 || !item[1].is_number_integer()) {
      r.fail(errc::json_type, path, "[key (16 hex digits), tat]");
      break;
    }
    bool found = false;
    auto* slot = t.find_bucket(*key, lowest, found);  // no saved bucket counts as full
    if (found) return make_json_error(errc::json_value_out_of_range, path, "a bucket saved twice");
    if (slot == nullptr) return no_room(path);
    *slot = {*key, item[1].get<std::int64_t>()};
    ++t.stats.bucket_used;
  }
  auto const* replay = o.array("replay", true, 0, t.replay.size());
  for (std::size_t i = 0; replay != nullptr && i < replay->size() && r.ok(); ++i) {
    auto const path = imsdp::detail::pointer_append("/replay", i);
    imsdp::detail::object_view e(r, (*replay)[i], path,
                                 {"nonce", "expires", "withdrawn", "ids", "contents"});
    auto const nonce_text = e.string("nonce", true, 32, 32);
    std::array<unsigned char, 16> nonce{};
    if (nonce_text && !imsdp::detail::decode_hex(*nonce_text, nonce))
      r.fail(errc::json_value_out_of_range, path + "/nonce", "32 hex digits");
    auto const expires = e.integer("expires", true, lowest / 2, highest / 2);
    auto const withdrawn = e.boolean("withdrawn", true);
    std::array<std::uint64_t, max_accepted> lists[2]{};
    std::size_t counts[2] = {0, 0};
    char const* const names[2] = {"ids", "contents"};
    for (int k = 0; k < 2 && r.ok(); ++k) {
      auto const* list = e.array(names[k], true, 0, max_accepted);
      for (std::size_t j = 0; list != nullptr && j < list->size(); ++j) {
        auto const value =
            (*list)[j].is_string() ? from_hex64((*list)[j].get<std::string>()) : std::nullopt;
        if (!value) {
          r.fail(errc::json_type, e.member_path(names[k]) + "/" + std::to_string(j),
                 "16 hex digits");
          break;
        }
        lists[k][j] = *value;
        counts[k] = j + 1;
      }
    }
    if (!r.ok()) break;
    if (counts[0] != counts[1]) {
      r.fail(errc::json_value_out_of_range, path + "/contents", "one content hash per id");
      break;
    }
    bool found = false;
    auto const saved_latest = t.latest_ms;
    t.latest_ms = lowest;  // nothing counts as expired while the saved entries are placed
    auto* slot = t.find_replay(nonce, found);
    t.latest_ms = saved_latest;
    if (found)
      return make_json_error(errc::json_value_out_of_range, path + "/nonce", "a nonce saved twice");
    if (slot == nullptr) return no_room(path);
    t.occupy(*slot);
    slot->nonce = nonce;
    slot->expires = *expires;
    slot->withdrawn = *withdrawn;
    slot->count = static_cast<std::uint8_t>(counts[0]);
    slot->ids = lists[0];
    slot->contents = lists[1];
  }
  if (!r.ok()) return r.take_error();
  return g;
}

verdict guard::decide(std::string_view text, std::string_view sender, context const& ctx,
                      time_point now) noexcept {
  verdict out;
  auto& stats = t_->stats;
  ++stats.decisions;
  // Sets the outcome; every exit then returns `out` by name (NRVO: the verdict is large).
  auto const finish = [&](errc reason, std::uint32_t retry = 0) {
    out.reason = reason;
    out.status = reason == errc::ok ? ack_status::accepted : status_of(reason);
    out.retry_after = retry;
    out.accepted = reason == errc::ok;
    ++stats.by_status[static_cast<std::size_t>(out.status)];
  };
  t_->advance(now);
  auto const& rules = ctx.rules;
  auto bounds = ctx.bounds;
  bounds.max_responses = std::min<std::uint32_t>(bounds.max_responses, max_accepted);
  // a. size and strict parse
  if (auto const e = read_response_view(text, bounds, out.response); e != errc::ok) {
    finish(e);
    return out;
  }
  auto const& r = out.response;
  // b. token
  std::array<char, 1024> payload;  // the claims view it or the token cache
  verified_token token;
  if (t_->tokens.find(r.token, ctx.keys, now, token.claims)) {
    ++stats.token_cache_hits;
  } else if (auto const e = check_token(r.token, ctx.keys, now, payload, token); e == errc::ok) {
    t_->tokens.insert(r.token, ctx.keys, token);
  } else {
    point(out.where, "/token");
    finish(e);
    return out;
  }
  auto const& claims = token.claims;
  // c. binding: the token is this sender's, for this offer, from our network
  if (claims.sub != sender || claims.oid != r.offer_id || claims.iss != rules.home_network) {
    if (claims.oid != r.offer_id) point(out.where, "/offer");  // else the sender: no value
    finish(errc::ui_binding);
    return out;
  }
  std::array<unsigned char, 16> nonce;
  if (!imsdp::detail::decode_hex(claims.nonce, nonce) || claims.max < 1 ||
      claims.max > static_cast<std::int64_t>(max_accepted)) {
    point(out.where, "/token");
    finish(errc::ui_binding);
    return out;
  }
  // d. time
  // Expiry is judged on the latest clock seen: a clock stepping back cannot revive a token
  // whose replay entry may already be forgotten.
  auto const now_s = std::chrono::floor<std::chrono::seconds>(now).time_since_epoch().count();
  auto const latest_s = t_->latest_ms / 1000 - (t_->latest_ms % 1000 < 0 ? 1 : 0);
  if (claims.iat > now_s + rules.clock_skew) {
    point(out.where, "/token");
    finish(errc::ui_clock);
    return out;
  }
  if (latest_s >= claims.exp + rules.clock_skew) {
    point(out.where, "/token");
    finish(errc::ui_expired);
    return out;
  }
  // e. answers against the template and the token's actions
  auto const* t = rules.find_template(claims.tpl);
  if (t == nullptr || to_string(t->cat) != claims.cat) {
    point(out.where, "/token");
    finish(errc::ui_not_predefined);
    return out;
  }
  out.template_ref = t->ref;
  out.cat = t->cat;
  if (auto const e = check_answers(r, t->actions, t->free_text,
                                   {claims.act.data(), claims.act_count}, out.where);
      e != errc::ok) {
    finish(e);
    return out;
  }
  // f. replay window, read only
  bool known = false;
  auto* entry = t_->find_replay(nonce, known);
  auto const id_hash = fnv1a(r.id);
  auto const text_hash = content_hash(text);
  if (known) {
    for (std::size_t i = 0; i < entry->count; ++i)
      if (entry->ids[i] == id_hash) {
        point(out.where, "/id");
        finish(entry->contents[i] == text_hash ? errc::ui_duplicate : errc::ui_replay_mismatch);
        return out;
      }
    if (entry->withdrawn) {
      point(out.where, "/offer");
      finish(errc::ui_withdrawn);
      return out;
    }
    if (entry->count >= claims.max) {
      point(out.where, "/offer");
      finish(errc::ui_max_responses);
      return out;
    }
  } else if (entry == nullptr) {
    ++stats.overloads;
    finish(errc::ui_window_full, rules.replay_grace);
    return out;
  }
  // g. buckets, checked together before any is taken
  auto const now_ns = nanos(now);
  auto const& cp = rules.of(t->cat);
  auto const cat_salt = static_cast<std::uint64_t>(t->cat) + 1;
  auto const subscriber_key = mix(fnv1a(sender, fnv1a("s", cat_salt))) | 1;
  auto const target_key = mix(fnv1a(claims.tgt, fnv1a("t", cat_salt))) | 1;
  bool subscriber_found = false, target_found = false;
  auto* sb = t_->find_bucket(subscriber_key, now_ns, subscriber_found);
  auto* tb = sb == nullptr ? nullptr
                           : t_->find_bucket(target_key, now_ns, target_found,
                                             subscriber_found ? nullptr : sb);
  if (sb == nullptr || tb == nullptr) {
    ++stats.overloads;
    finish(errc::ui_window_full, 1);
    return out;
  }
  gcra const subscriber_rate(cp.subscriber), target_rate(cp.target), global_rate(rules.global);
  auto const sb_tat = subscriber_found ? sb->tat : now_ns;
  auto const tb_tat = target_found ? tb->tat : now_ns;
  auto const wait =
      std::max({subscriber_rate.wait(sb_tat, now_ns), target_rate.wait(tb_tat, now_ns),
                global_rate.wait(t_->global.tat, now_ns)});
  if (wait > 0) {
    auto const seconds = (wait + 999'999'999) / 1'000'000'000;
    finish(errc::ui_rate_limited,
           static_cast<std::uint32_t>(std::min<std::int64_t>(seconds, 86400)));
    return out;
  }
  // h. consent
  if (t->consent_required) {
    if (ctx.consents == nullptr || !t->consent_purpose ||
        check_consent(ctx.consents->records(sender), *t->consent_purpose, rules.home_network,
                      now) != errc::ok) {
      finish(errc::ui_consent_missing);
      return out;
    }
  }
  // i. commit
  if (!known) {
    t_->occupy(*entry);
    entry->nonce = nonce;
    entry->expires = claims.exp * 1000;
  }
  entry->ids[entry->count] = id_hash;
  entry->contents[entry->count] = text_hash;
  ++entry->count;
  for (auto [slot, found, key] : {std::tuple{sb, subscriber_found, subscriber_key},
                                  std::tuple{tb, target_found, target_key}}) {
    if (found) continue;
    if (slot->key == 0) ++stats.bucket_used;  // else it replaces a full bucket
    slot->key = key;
  }
  sb->tat = subscriber_rate.after_take(sb_tat, now_ns);
  tb->tat = target_rate.after_take(tb_tat, now_ns);
  t_->global.tat = global_rate.after_take(t_->global.tat, now_ns);
  auto& c = out.charging;
  auto const record = fnv1a(r.id, fnv1a(std::string_view("\0", 1), fnv1a(r.offer_id)));
  imsdp::detail::write_hex64(record, c.record_id);
  c.seq = ++t_->seq;
  c.cat = t->cat;
  c.template_ref = t->ref;
  c.served_user_ref = sender;
  c.rating_group = cp.rating_group;
  finish(errc::ok);
  return out;
}

ack to_ack(verdict const& v, std::string_view id, time_point ts) {
  ack a;
  a.id = std::string(id);
  a.ts = ts;
  a.re = v.response.id.empty() ? "unknown" : std::string(v.response.id);
  a.offer_id = v.response.offer_id.empty() ? "unknown" : std::string(v.response.offer_id);
  a.status = v.status;
  a.retry_after = v.retry_after;
  return a;
}

result_record to_result(verdict const& v, std::string_view id, std::string_view serving_network) {
  result_record r;
  r.id = std::string(id);
  r.subject = std::string(v.charging.served_user_ref);
  r.template_ref = std::string(v.template_ref);
  r.cat = v.cat;
  auto const& view = v.response;
  for (std::size_t i = 0; i < view.answer_count; ++i) {
    auto const& a = view.answers[i];
    answer out;
    out.aid = std::string(a.aid);
    if (a.has_rating) out.rating = a.rating;
    if (!a.choice.empty()) out.choice = std::string(a.choice);
    for (std::size_t k = 0; k < a.value_count; ++k)
      out.values.emplace_back(a.values[k]);
    r.answers.push_back(std::move(out));
  }
  if (view.has_text) {  // the raw JSON string body, checked by the reader: decode its escapes
    auto const decoded =
        nlohmann::json::parse("\"" + std::string(view.text) + "\"", nullptr, false);
    if (decoded.is_string()) r.text = decoded.get<std::string>();
  }
  r.ts = std::chrono::floor<std::chrono::minutes>(view.ts);
  r.serving_network = std::string(serving_network);
  return r;
}

charging_record to_record(verdict const& v, std::string_view id, time_point ts, policy const& rules,
                          std::string_view serving_network) {
  charging_record r;
  r.id = std::string(id);
  r.ts = ts;
  r.record_id.assign(v.charging.record_id.begin(), v.charging.record_id.end());
  r.seq = v.charging.seq;
  r.event = "response";
  r.cat = v.charging.cat;
  r.template_ref = std::string(v.charging.template_ref);
  r.charged_party = "operator";
  r.served_user_ref = std::string(v.charging.served_user_ref);
  r.home_network = rules.home_network;
  r.serving_network = std::string(serving_network);
  r.rating_group = v.charging.rating_group;
  return r;
}

}  // namespace imsdp::user_interaction
