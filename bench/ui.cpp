// The user interaction response path (docs/user-interaction.md): guard::decide on a flood mix
// (with the token cache, without it, and with every token new), on forged tokens and on broken
// JSON; the allocation-free reader against read(); and the
// EdDSA offer check, which is never on the response path. Counters: allocations per decision,
// from operator new and from OpenSSL's allocator (both must stay 0).
#include <benchmark/benchmark.h>
#include <openssl/crypto.h>

#include <imsdp/user_interaction/guard.hpp>
#include <random>
#include <string>
#include <vector>

#include "count_allocations.hpp"

namespace ux = imsdp::user_interaction;

namespace {

std::atomic<std::size_t> openssl_allocations{0};
void* counting_malloc(std::size_t n, char const*, int) {
  openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t n, char const*, int) {
  openssl_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void counting_free(void* p, char const*, int) {
  std::free(p);
}

struct world {
  ux::policy rules;
  ux::key_set keys;
  ux::time_point t0 = *ux::parse_time("2026-05-01T10:00:00Z");
  std::vector<ux::offer> offers;
  std::vector<std::string> senders;

  explicit world(std::uint32_t subscribers) {
    rules.home_network = "ims.mnc001.mcc001.3gppnetwork.org";
    ux::interaction_template t;
    t.ref = "qf-call@2";
    t.subjects = {ux::subject_type::call};
    t.prompts = {{"en", "How was your call?", std::nullopt}};
    t.actions = {{"q", ux::action_type::rating, ux::rating_scale::acr5, std::nullopt, {}},
                 {"i",
                  ux::action_type::multi,
                  std::nullopt,
                  3,
                  {{"one-way-audio", std::nullopt, std::nullopt, std::nullopt},
                   {"dropped-call", std::nullopt, std::nullopt, std::nullopt},
                   {"echo", std::nullopt, std::nullopt, std::nullopt}}}};
    t.max_responses = 2;
    t.ttl = 3600;
    rules.templates = {t};
    rules.replay_capacity = subscribers * 2;
    rules.bucket_capacity = subscribers * 2 + 64;
    ux::key k;
    k.kid = "n1";
    k.secret.assign(32, 0x5a);
    (void)keys.add(k);
    ux::key e;
    e.kid = "e1";
    e.alg = ux::key_alg::eddsa;
    e.use = ux::key_use::offer;
    e.secret.assign(32, 0x33);
    (void)keys.add(e);
    for (std::uint32_t s = 0; s < subscribers; ++s) {
      ux::offer_request req;
      req.id = "o-" + std::to_string(s);
      req.template_ref = "qf-call@2";
      req.subject = {ux::subject_type::call, "c-" + std::to_string(s % 10)};
      senders.push_back("ps-" + std::to_string(s));
      req.subscriber = senders.back();
      for (std::size_t i = 0; i < 4; ++i)
        req.nonce[i] = static_cast<unsigned char>(s >> (8 * i));
      req.token_kid = "n1";
      req.sign_kid = "e1";
      offers.push_back(*ux::build_offer(rules, req, keys, t0));
    }
  }

  [[nodiscard]] std::string response(std::size_t s, unsigned id, std::string const& token) const {
    return R"({"v":1,"kind":"response","id":"r-)" + std::to_string(id) + R"(","offer":")" +
           offers[s].id + R"(","ts":"2026-05-01T10:00:41Z","token":")" + token +
           R"(","answers":[{"aid":"q","value":4},{"aid":"i","values":["echo","one-way-audio"]}]})";
  }
};

// Decisions over `texts` (response, sender index) with the clock at 10 000 decisions/s.
// `fresh`: the next response's bytes are brought into cache during the current decision, as a
// receive brings a datagram in before it is decided on; the tables stay as cold as the mix
// makes them. `token_cache`: the guard's verified tokens, by default one per subscriber.
void run(benchmark::State& state, world const& w,
         std::vector<std::pair<std::string, std::size_t>> const& texts, bool fresh,
         std::uint32_t token_cache) {
  auto rules = w.rules;
  rules.token_cache_capacity = token_cache;
  ux::guard g(rules);
  ux::context const ctx{rules, w.keys};
  std::size_t i = 0;
  std::uint64_t n = 0;
  auto const news = imsdp::bench::allocations_so_far();
  auto const ssl = openssl_allocations.load();
  for (auto _ : state) {
    auto const& [text, s] = texts[i];
    i = i + 1 == texts.size() ? 0 : i + 1;
    if (fresh) {
      auto const& next = texts[i].first;
      for (std::size_t line = 0; line < next.size(); line += 64)
        __builtin_prefetch(next.data() + line);
      __builtin_prefetch(w.senders[texts[i].second].data());
    }
    auto const v =
        g.decide(text, w.senders[s], ctx, w.t0 + std::chrono::milliseconds(1000 + n++ / 10));
    benchmark::DoNotOptimize(v.status);
  }
  auto const per = [&](std::uint64_t count) {
    return benchmark::Counter(static_cast<double>(count) / static_cast<double>(state.iterations()));
  };
  state.counters["new/decision"] = per(imsdp::bench::allocations_so_far() - news);
  state.counters["openssl_alloc/decision"] = per(openssl_allocations.load() - ssl);
  auto const st = g.stats();
  state.counters["accepted"] = static_cast<double>(st.by_status[0]);
  state.counters["table_bytes"] = static_cast<double>(st.memory_bytes);
  state.counters["token_hits"] = per(st.token_cache_hits);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

}  // namespace

int main(int argc, char** argv) {
  CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free);
  static world const w(10000);
  std::mt19937_64 rng(1);
  // The flood mix: random subscribers, four response ids each (so duplicates, past
  // maxResponses, rate limits and acceptances all occur), each from its own subscriber.
  static std::vector<std::pair<std::string, std::size_t>> flood, forged, broken;
  for (int i = 0; i < 8192; ++i) {
    auto const s = static_cast<std::size_t>(rng() % w.offers.size());
    flood.emplace_back(w.response(s, static_cast<unsigned>(rng() % 4), w.offers[s].token), s);
    auto token = w.offers[s].token;
    token[token.size() - 2] = token[token.size() - 2] == 'A' ? 'B' : 'A';
    forged.emplace_back(w.response(s, 1, token), s);
    auto bad = w.response(s, 1, w.offers[s].token);
    bad[bad.size() / 2] = '\x01';
    broken.emplace_back(bad, s);
  }
  auto const cached = static_cast<std::uint32_t>(w.offers.size());
  auto const decide = [&](char const* name, auto const& texts, bool fresh,
                          std::uint32_t token_cache) {
    benchmark::RegisterBenchmark(name, run, std::cref(w), std::cref(texts), fresh, token_cache);
  };
  decide("ui/decide/flood", flood, false, cached);
  decide("ui/decide/flood-fresh", flood, true, cached);
  // The same mix over 64 responses that stay in cache, as a response fresh from the socket is.
  static std::vector<std::pair<std::string, std::size_t>> const hot(flood.begin(),
                                                                    flood.begin() + 64);
  decide("ui/decide/flood-in-cache", hot, false, cached);
  // Every token verified: no token cache, and a cache of one set (four entries) that each
  // token misses and enters.
  decide("ui/decide/flood/no-token-cache", flood, false, 0);
  decide("ui/decide/flood/every-token-new", flood, false, 4);
  decide("ui/decide/forged-token", forged, false, cached);
  decide("ui/decide/broken-json", broken, false, cached);
  benchmark::RegisterBenchmark("ui/hmac/token", [](benchmark::State& state) {
    auto const& token = w.offers[0].token;
    auto const signed_part = std::string_view(token).substr(0, token.rfind('.'));
    std::array<unsigned char, 32> mac{};
    for (auto _ : state)
      benchmark::DoNotOptimize(w.keys.hmac("n1", signed_part, mac));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * signed_part.size()));
  });
  benchmark::RegisterBenchmark("ui/read/view", [](benchmark::State& state) {
    ux::response_view v;
    for (auto _ : state)
      benchmark::DoNotOptimize(ux::read_response_view(flood[0].first, {}, v));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * flood[0].first.size()));
  });
  benchmark::RegisterBenchmark("ui/read/full", [](benchmark::State& state) {
    for (auto _ : state)
      benchmark::DoNotOptimize(ux::read(flood[0].first));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * flood[0].first.size()));
  });
  benchmark::RegisterBenchmark("ui/verify_offer/eddsa", [](benchmark::State& state) {
    auto const text = ux::write(w.offers[0]);
    for (auto _ : state)
      benchmark::DoNotOptimize(ux::verify_offer(text, w.keys, w.rules.home_network, w.t0));
  });
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}
