// The network's decision on each UE response (design section 13.5, rules 7-14): one bounded,
// sans-IO guard with the clock injected. It checks the cheapest things first and writes
// nothing before the last step:
//   a. size and strict parse          -> invalid
//   b. the HS256 token (kid, alg, MAC in constant time, key validity) -> invalid; a token
//      verified before with the same key_set is found in a bounded cache instead
//   c. token subject = the authenticated sender, response offer = token offer -> invalid
//   d. token expiry / issue time against the skew -> expired / invalid
//   e. answers against the template and the token's action subset -> invalid
//   f. the replay window (read only): duplicate, replayed id with other content, withdrawn or
//      answered offer, no free entry
//   g. the subscriber x category, target x category and global buckets -> rate-limited
//   h. required consent -> consent-missing
//   i. commit: record the response in the offer's entry, take a token from each bucket, and
//      return the result and its charging event -> accepted.
// All tables are allocated at construction; decide() allocates nothing. Memory is capacity x
// entry size, independent of traffic (rule 14). The token cache is not decision state: save()
// leaves it out, and a guard without it decides the same. One guard per core, sharded by
// subscriber.
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/user_interaction/consent.hpp>
#include <imsdp/user_interaction/exposure.hpp>
#include <imsdp/user_interaction/jws.hpp>
#include <imsdp/user_interaction/policy.hpp>
#include <memory>
#include <string_view>

namespace imsdp::user_interaction {

/// A response read without allocating: views into the caller's bytes (valid while they
/// are). Ids are restricted to [a-z0-9._-], so their views are their values; `text` is the
/// raw JSON string body (escapes not decoded).
struct response_view {
  struct answer {
    std::string_view aid;
    bool has_rating = false;
    std::int64_t rating = 0;
    std::string_view choice;
    std::array<std::string_view, 11> values{};
    std::uint8_t value_count = 0;
  };
  std::string_view id, offer_id, token;
  std::string_view text;
  bool has_text = false;
  time_point ts{};
  std::array<answer, 8> answers{};
  std::uint8_t answer_count = 0;
};

/// Reads a response as read() does, without allocating on success; stricter where that
/// costs nothing (no floating-point values, no escaped member names, at most 32 members per
/// object, limits::max_actions answers and limits::max_options values). Errors carry no
/// pointer.
[[nodiscard]] errc read_response_view(std::string_view json_text, limits const& bounds,
                                      response_view& out) noexcept;

/// What an accepted response yields for charging (rule 23); views into the response and the
/// policy. to_record() makes the charging-record message.
struct charging_event {
  std::array<char, 16> record_id{};  // FNV-1a 64 of (offer id, response id), hex
  std::uint64_t seq = 0;
  category cat = category::quality_feedback;
  std::string_view template_ref;
  std::string_view served_user_ref;  // the sender pseudonym
  std::uint32_t rating_group = 0;
};

/// A JSON pointer held without allocating ("/answers/1/values/0").
struct pointer_text {
  std::array<char, 48> text{};
  std::uint8_t size = 0;
  [[nodiscard]] std::string_view view() const noexcept { return {text.data(), size}; }
};

struct verdict {
  ack_status status = ack_status::invalid;
  std::uint32_t retry_after = 0;  // seconds, for rate-limited
  errc reason = errc::ok;         // the detailed code: for the network's logs, never the UE
  /// Where in the response the reason lies, for the logs ("FILE:pointer: code"): the answer
  /// value, /token, /offer, /id, /text; empty for the sender, the buckets and consent, and
  /// for a response that does not parse (read() on the same bytes gives that pointer).
  pointer_text where;
  bool accepted = false;
  response_view response;  // what was read (partial when refused early)
  std::string_view template_ref;
  category cat = category::quality_feedback;
  charging_event charging;  // when accepted
};

/// The caller's environment of one decision.
struct context {
  policy const& rules;
  key_set const& keys;
  consent_source const* consents = nullptr;  // none: consent-requiring offers are refused
  limits bounds{};  // message limits of the reader (maxResponses is capped at 4 by the tables)
};

struct guard_stats {
  std::uint64_t decisions = 0;
  std::array<std::uint64_t, 6> by_status{};  // indexed by ack_status
  std::uint32_t replay_capacity = 0, replay_used = 0, replay_high_water = 0;
  std::uint32_t bucket_capacity = 0, bucket_used = 0;
  std::uint64_t overloads = 0;  // new keys refused because no entry was free (rule 12)
  std::uint32_t token_cache_capacity = 0;
  std::uint64_t token_cache_hits = 0;  // tokens found already verified (step b)
  std::size_t memory_bytes = 0;        // the tables, fixed at construction
};

class guard {
 public:
  /// Sizes the tables from the policy (replay_capacity, bucket_capacity; rounded up to powers
  /// of two) and allocates them. The policy must outlive nothing: decide() takes it again.
  explicit guard(policy const& rules);
  ~guard();
  guard(guard&&) noexcept;
  guard& operator=(guard&&) noexcept;
  /// A snapshot: the tables and the token cache are copied (capacity x entry size each).
  guard(guard const& other);
  guard& operator=(guard const& other);

  /// The decision state as JSON (schemas/user_interaction/guard-state.schema.json): the used
  /// replay entries and buckets, the clock and the charging sequence; hashes only, no answer
  /// and no identity. A host persists it across restarts; `imsdp ui respond` keeps it in a file.
  /// Version 2 (the four-lane content hash); a version-1 state is refused, since its content
  /// hashes would turn retransmissions into mismatches.
  [[nodiscard]] std::string save() const;
  /// A guard sized by `rules` holding a saved state. Errors: the JSON reader's (with the
  /// pointer), limit_exceeded when the tables have no room for a saved entry.
  [[nodiscard]] static result<guard> restore(policy const& rules, std::string_view state_json);

  /// Same decision state: the entries of the tables (wherever they sit), the clock and the
  /// charging sequence; not the statistics. Allocates (a test and audit helper).
  [[nodiscard]] bool same_state(guard const& other) const;

  /// Decides on one response from `sender` (the authenticated pseudonym the signalling gave).
  [[nodiscard]] verdict decide(std::string_view response_json, std::string_view sender,
                               context const& ctx, time_point now) noexcept;

  /// The offer with this token nonce (32 hex digits) is withdrawn (session end, opt-out,
  /// superseded): later responses get expired. `expires` is the offer's expiry. False when
  /// the nonce is malformed or the window has no free entry.
  bool withdraw(std::string_view nonce_hex, time_point expires, time_point now) noexcept;

  /// The host's clock (section 13.6 "tick"): expiry is judged on the latest time the guard
  /// has seen, from tick() or decide(), so a clock stepping back revives no token.
  void tick(time_point now) noexcept;

  [[nodiscard]] guard_stats stats() const noexcept;

  struct tables;

 private:
  std::unique_ptr<tables> t_;
};

/// The ack message a verdict gives the UE (rule 9: the coarse status only). `re` and `offer`
/// are the response's ids, or "unknown" when it could not be read that far.
[[nodiscard]] ack to_ack(verdict const& v, std::string_view id, time_point ts);

/// The result record of an accepted decision (rule 19): the sender pseudonym, the template,
/// the answers, the time floored to the minute and the serving network.
[[nodiscard]] result_record to_result(verdict const& v, std::string_view id,
                                      std::string_view serving_network);

/// The charging-record message of an accepted decision (rule 23).
[[nodiscard]] charging_record to_record(verdict const& v, std::string_view id, time_point ts,
                                        policy const& rules, std::string_view serving_network);

}  // namespace imsdp::user_interaction
