// The AIDF fragment layer: plans under SDP limits, and segmented decoding equal to whole
// decoding at every chunk size and random ones, in and out of order, with duplicates and
// loss; eviction on deadline and pressure; memory bounds; parity groups rebuilding a chunk.
#include <doctest/doctest.h>

#include <algorithm>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <random>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;
using namespace std::chrono_literals;

namespace {

using message = std::vector<std::byte>;

std::vector<std::byte> example_frame(std::size_t payload_size, std::uint32_t seq) {
  auto const payload = imsdp::test::pattern(payload_size, seq);
  auto e = imsdp::test::worked_example_input(payload, aidf::dtype::uint8,
                                             {static_cast<std::uint32_t>(payload_size)});
  e.header.frame_seq = seq;
  e.header.flags |= aidf::flags::crc32c;
  auto out = imsdp::test::encode(e.input());
  REQUIRE_FALSE(out.empty());
  return out;
}

std::vector<message> cut(std::span<std::byte const> frame, std::uint32_t seq, std::size_t chunk) {
  aidf::transport_limits peer;
  peer.max_message_size = chunk + aidf::fragment_header_size;
  peer.message_interleaving = true;
  auto const plan = aidf::plan_fragments(frame.size(), peer, aidf::max_fragment_count);
  REQUIRE(plan);
  std::vector<message> out;
  for (std::size_t i = 0; i < plan->count; ++i) {
    message m(plan->message_size(i));
    REQUIRE(aidf::write_fragment(*plan, i, seq, frame, m));
    out.push_back(std::move(m));
  }
  return out;
}

// Feeds the messages and returns the frames completed, in order of completion.
std::vector<std::vector<std::byte>> feed(aidf::reassembler& r, std::vector<message> const& messages,
                                         aidf::reassembler::clock::time_point now = {}) {
  std::vector<std::vector<std::byte>> done;
  for (auto const& m : messages) {
    auto const e = r.push(m, now);
    REQUIRE(e);
    if (e->status == aidf::fragment_status::complete)
      done.emplace_back(e->frame.begin(), e->frame.end());
  }
  return done;
}

}  // namespace

TEST_SUITE("aiml/intermediate/fragment") {
  TEST_CASE("plans honour max-message-size, the 16 KiB advice and the fragment cap") {
    aidf::transport_limits peer;  // a=max-message-size absent: 65536, no interleaving
    auto p = aidf::plan_fragments(200896, peer);
    REQUIRE(p);
    CHECK(p->chunk_size == 16384 - 16);
    CHECK(p->count == 13);  // research 7.7
    peer.message_interleaving = true;
    p = aidf::plan_fragments(200896, peer);
    REQUIRE(p);
    CHECK(p->chunk_size == 65536 - 16);
    CHECK(p->count == 4);
    CHECK(p->message_size(3) == 16 + 200896 - 3 * 65520);
    peer.max_message_size = 0;  // no limit
    p = aidf::plan_fragments(200896, peer);
    REQUIRE(p);
    CHECK(p->count == 1);
    peer.max_message_size = 16;  // cannot hold a byte of frame
    CHECK(aidf::plan_fragments(200896, peer).error().code == imsdp::errc::invalid_argument);
    peer.max_message_size = 17;
    CHECK(aidf::plan_fragments(200896, peer).error().code == imsdp::errc::limit_exceeded);
    CHECK(aidf::plan_fragments(63, {}).error().code == imsdp::errc::invalid_argument);
  }

  TEST_CASE("the largest default frame crosses a channel without interleaving by default") {
    auto const overhead = example_frame(64, 1).size() - 64;
    auto const frame = example_frame(aidf::default_max_frame_len - overhead, 3);
    REQUIRE(frame.size() == aidf::default_max_frame_len);
    auto const plan = aidf::plan_fragments(frame.size(), {});  // 16 KiB messages
    REQUIRE(plan);
    CHECK(plan->count == aidf::default_max_fragments);
    CHECK(plan->count == 1026);
    aidf::reassembler r;  // default limits
    std::vector<std::byte> done;
    message m;
    for (std::size_t i = 0; i < plan->count; ++i) {
      m.resize(plan->message_size(i));
      REQUIRE(aidf::write_fragment(*plan, i, 3, frame, m));
      auto const e = r.push(m, {});
      REQUIRE(e);
      if (e->status == aidf::fragment_status::complete)
        done.assign(e->frame.begin(), e->frame.end());
    }
    CHECK(done == frame);
  }

  TEST_CASE("the first fragment of research 7.7") {
    std::vector<std::byte> frame(200896);
    aidf::fragment_plan const plan = *aidf::plan_fragments(frame.size(), {});
    message m(plan.message_size(0));
    REQUIRE(aidf::write_fragment(plan, 0, 7, frame, m));
    auto const expected = imsdp::test::from_hex("AF 01 00 00 0D 00 00 00 07 00 00 00 C0 10 03 00");
    CHECK(std::equal(expected.begin(), expected.end(), m.begin()));
    auto const f = aidf::parse_fragment(m);
    REQUIRE(f);
    CHECK(f->header == aidf::fragment_header{0, 13, 7, 200896});
  }

  TEST_CASE("every chunk size, in order and reversed, gives the whole frame") {
    auto const frame = example_frame(300, 9);
    auto const whole = aidf::decode_frame(frame);
    REQUIRE(whole);
    for (std::size_t chunk = 1; chunk <= frame.size(); ++chunk) {
      CAPTURE(chunk);
      auto messages = cut(frame, 9, chunk);
      for (int pass = 0; pass < 2; ++pass) {
        aidf::reassembly_limits limits;
        limits.max_fragments = aidf::max_fragment_count;
        aidf::reassembler r(limits);
        auto const done = feed(r, messages);
        REQUIRE(done.size() == 1);
        CHECK(done[0] == frame);
        auto const decoded = aidf::decode_frame(done[0]);
        REQUIRE(decoded);
        CHECK(decoded->header() == whole->header());
        CHECK(r.inflight() == 0);
        std::reverse(messages.begin(), messages.end());
      }
    }
  }

  TEST_CASE("random chunk sizes, shuffled, duplicated and interleaved frames") {
    std::mt19937 rng(42);
    aidf::reassembly_limits limits;
    limits.max_fragments = aidf::max_fragment_count;
    for (int round = 0; round < 100; ++round) {
      aidf::reassembler r(limits);
      auto const a = example_frame(64 + rng() % 3000, 100 + static_cast<std::uint32_t>(round));
      auto const b = example_frame(64 + rng() % 3000, 5000 + static_cast<std::uint32_t>(round));
      auto messages = cut(a, 100 + static_cast<std::uint32_t>(round), 1 + rng() % 700);
      auto const more = cut(b, 5000 + static_cast<std::uint32_t>(round), 1 + rng() % 700);
      messages.insert(messages.end(), more.begin(), more.end());
      std::size_t const extra = messages.size() / 3;
      for (std::size_t i = 0, n = messages.size(); i < extra; ++i)
        messages.push_back(messages[rng() % n]);
      std::shuffle(messages.begin(), messages.end(), rng);
      auto done = feed(r, messages);
      REQUIRE(done.size() == 2);
      if (done[0] != a) std::swap(done[0], done[1]);
      CHECK(done[0] == a);
      CHECK(done[1] == b);
      // Every copy after the first is a duplicate, or stale once its frame completed.
      CHECK(r.stats().duplicates + r.stats().stale == extra);
      CHECK(r.inflight() == 0);
    }
  }

  TEST_CASE("a lost fragment leaves the frame incomplete until its deadline") {
    auto const frame = example_frame(1000, 3);
    auto messages = cut(frame, 3, 100);
    messages.erase(messages.begin() + 7);
    messages.erase(messages.begin() + 4);
    aidf::reassembler r;
    auto const t0 = aidf::reassembler::clock::time_point{} + 1s;
    CHECK(feed(r, messages, t0).empty());
    CHECK(r.inflight() == 1);
    CHECK(r.missing(3) == std::vector<std::uint16_t>{4, 7});
    CHECK(r.missing(4).empty());  // not being reassembled
    std::vector<aidf::reassembler::lost_frame> lost;
    CHECK(r.expire(t0 + 400ms, &lost) == 0);
    CHECK(lost.empty());
    CHECK(r.expire(t0 + 501ms, &lost) == 1);
    REQUIRE(lost.size() == 1);
    CHECK(lost[0].frame_seq == 3);
    CHECK(lost[0].missing == std::vector<std::uint16_t>{4, 7});
    CHECK(r.missing(3).empty());
    CHECK(r.inflight() == 0);
    CHECK(r.stats().evicted_deadline == 1);
    // A late fragment of the evicted frame is stale, not the start of a new reassembly.
    auto const late = r.push(messages[0], t0 + 502ms);
    REQUIRE(late);
    CHECK(late->status == aidf::fragment_status::stale);
    CHECK(r.inflight() == 0);
  }

  TEST_CASE("pressure evicts the oldest frame, and buffers stay within the limit") {
    aidf::reassembly_limits limits;
    limits.max_inflight = 2;
    limits.max_buffer_bytes = 5000;
    aidf::reassembler r(limits);
    std::vector<std::vector<message>> frames;
    for (std::uint32_t seq = 0; seq < 4; ++seq)
      frames.push_back(cut(example_frame(2000, seq), seq, 500));
    for (auto const& f : frames) {
      REQUIRE(r.push(f[0], {}));
      CHECK(r.buffer_bytes() <= limits.max_buffer_bytes);
      CHECK(r.inflight() <= 2);
    }
    CHECK(r.stats().evicted_pressure == 2);
    // The newest frames complete.
    auto const done = feed(r, {frames[3].begin() + 1, frames[3].end()});
    CHECK(done.size() == 1);
    CHECK(r.push(frames[0][1], {})->status == aidf::fragment_status::stale);
    limits.max_buffer_bytes = 1000;
    aidf::reassembler small(limits);
    auto const too_big = small.push(frames[0][0], {});
    REQUIRE_FALSE(too_big);
    CHECK(too_big.error().code == imsdp::errc::limit_exceeded);
  }

  TEST_CASE("a single-fragment frame is returned in place") {
    auto const frame = example_frame(100, 1);
    auto const messages = cut(frame, 1, frame.size());
    REQUIRE(messages.size() == 1);
    aidf::reassembler r;
    auto const e = r.push(messages[0], {});
    REQUIRE(e);
    CHECK(e->status == aidf::fragment_status::complete);
    CHECK(e->frame.data() == messages[0].data() + 16);
    CHECK(r.buffer_bytes() == 0);
    CHECK(r.push(messages[0], {})->status == aidf::fragment_status::stale);
  }

  TEST_CASE("fragments that contradict each other drop the frame") {
    auto const frame = example_frame(1000, 5);
    auto messages = cut(frame, 5, 100);
    aidf::reassembler r;
    REQUIRE(r.push(messages[0], {}));
    // Same frame_seq, another frame_len.
    auto other = messages[1];
    other[12] = std::byte{0x40};
    other[13] = std::byte{0x01};
    auto const bad = r.push(other, {});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == imsdp::errc::inconsistent_fragment);
    CHECK(r.inflight() == 0);
    CHECK(r.stats().dropped_inconsistent == 1);
    // A non-last chunk shorter than the one before.
    aidf::reassembler r2;
    REQUIRE(r2.push(messages[0], {}));
    auto shorter = messages[1];
    shorter.pop_back();
    CHECK(r2.push(shorter, {}).error().code == imsdp::errc::inconsistent_fragment);
    // A last fragment whose size does not divide the rest.
    aidf::reassembler r3;
    auto last = messages.back();
    last.pop_back();
    CHECK(r3.push(last, {}).error().code == imsdp::errc::inconsistent_fragment);
    CHECK(r3.buffer_bytes() == 0);
  }

  TEST_CASE("sending in place gives the messages write_fragment gives, and restores the frame") {
    auto const frame = example_frame(1000, 4);
    std::vector<std::byte> buffer(16);
    buffer.insert(buffer.end(), frame.begin(), frame.end());
    auto const before = buffer;
    auto const expected = cut(frame, 4, 300);
    aidf::transport_limits peer{316, true};
    auto const plan = aidf::plan_fragments(frame.size(), peer);
    REQUIRE(plan);
    std::vector<message> sent;
    REQUIRE(aidf::send_fragments(*plan, 4, buffer, [&](std::span<std::byte const> m) {
      sent.emplace_back(m.begin(), m.end());
    }));
    CHECK(sent == expected);
    CHECK(std::equal(buffer.begin() + 16, buffer.end(), before.begin() + 16, before.end()));
    CHECK(aidf::send_fragments(*plan, 4, std::span(buffer).first(100), [](auto) {}).error().code ==
          imsdp::errc::invalid_argument);
  }

  TEST_CASE("parity: a frame completes exactly when each group lost at most one chunk") {
    auto const frame = example_frame(3000, 9);
    aidf::transport_limits const peer{216, true};
    auto const plan = *aidf::plan_fragments(frame.size(), peer);  // 200-byte chunks
    REQUIRE(plan.count >= 15);
    std::mt19937 rng(12);
    int completed = 0, rebuilt = 0;
    for (std::size_t group :
         {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{plan.count}}) {
      std::size_t const groups = aidf::parity_groups(plan.count, group);
      for (int run = 0; run < 200; ++run) {
        CAPTURE(group);
        CAPTURE(run);
        auto const seq = static_cast<std::uint32_t>(run);
        std::vector<message> messages;
        std::vector<bool> kept;
        std::vector<std::size_t> lost_in(groups, 0);
        std::vector<bool> parity_kept(groups);
        for (std::size_t i = 0; i < plan.count + groups; ++i) {
          bool const parity = i >= plan.count;
          std::size_t const j = parity ? i - plan.count : i;
          message m(plan.message_size(parity ? j * group : j));
          if (parity) {
            REQUIRE(aidf::write_parity_fragment(plan, group, j, seq, frame, m));
          } else {
            REQUIRE(aidf::write_fragment(plan, j, seq, frame, m));
          }
          bool const keep = rng() % 10 != 0;
          if (parity) parity_kept[j] = keep;
          if (!parity && !keep) ++lost_in[j / group];
          if (keep) messages.push_back(std::move(m));
        }
        std::shuffle(messages.begin(), messages.end(), rng);
        bool recoverable = true;
        for (std::size_t g = 0; g < groups; ++g)
          recoverable = recoverable && (lost_in[g] == 0 || (lost_in[g] == 1 && parity_kept[g]));
        aidf::reassembler r;
        auto const done = feed(r, messages);
        CHECK(done.size() == (recoverable ? 1u : 0u));
        if (!done.empty()) CHECK(done[0] == frame);
        completed += static_cast<int>(done.size());
        rebuilt += static_cast<int>(r.stats().recovered);
      }
    }
    CHECK(completed > 200);
    CHECK(rebuilt > 200);
    // The writer's arguments.
    message m(400);
    CHECK(aidf::write_parity_fragment(plan, 0, 0, 1, frame, m).error().code ==
          imsdp::errc::invalid_argument);
    CHECK(aidf::write_parity_fragment(plan, 3, aidf::parity_groups(plan.count, 3), 1, frame, m)
              .error()
              .code == imsdp::errc::invalid_argument);
    CHECK(aidf::write_parity_fragment(plan, 3, 0, 1, frame, std::span(m).first(100)).error().code ==
          imsdp::errc::buffer_too_small);
  }

  TEST_CASE("parity without room under max_buffer_bytes is unused, and its bytes are counted") {
    auto const frame = example_frame(3000, 2);
    auto const plan = *aidf::plan_fragments(frame.size(), {1016, true});  // 1000-byte chunks
    aidf::reassembly_limits limits;
    limits.max_buffer_bytes = frame.size() + 1000;  // room for one parity slot, not two
    for (std::size_t group : {std::size_t{1}, std::size_t{plan.count}}) {
      aidf::reassembler r(limits);
      message first(plan.message_size(0));
      REQUIRE(aidf::write_fragment(plan, 0, 2, frame, first));
      REQUIRE(r.push(first, {}));
      message parity(plan.message_size(0));
      REQUIRE(aidf::write_parity_fragment(plan, group, 0, 2, frame, parity));
      REQUIRE(r.push(parity, {}));
      bool const room = aidf::parity_groups(plan.count, group) * 1000 <= 1000;
      CHECK(r.stats().parity_unused == (room ? 0u : 1u));
      CHECK(r.buffer_bytes() <= limits.max_buffer_bytes);
      CHECK(r.buffer_bytes() == frame.size() + (room ? 1000u : 0u));
    }
  }
}
