// fragment_reassembly: the input scripts a data channel carrying a few frames: their sizes
// and contents, chunk sizes, delivery order, duplicates, losses, clock steps, and garbage
// messages between them. Oracles: every completed frame of the script equals the original;
// a frame whose data fragments arrived, or whose groups each lack at most one and have
// their parity (a frame may carry parity fragments), before its deadline without pressure
// completes; buffers never exceed the limit; frames in flight never exceed max_inflight;
// sending in place (send_fragments) gives the messages write_fragment gives.
#include <algorithm>
#include <cstdint>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <span>
#include <vector>

#include "fuzz_check.hpp"
#include "script.hpp"

namespace aidf = imsdp::aiml::intermediate;
using namespace std::chrono_literals;

namespace {

using imsdp::fuzz::script;

struct message {
  std::vector<std::byte> bytes;
  std::size_t frame = SIZE_MAX;  // index of the frame, or SIZE_MAX for garbage
  std::size_t index = 0;         // data: the chunk; parity: the group
  bool parity = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  script s{std::span(data, size)};
  aidf::reassembly_limits limits;
  limits.max_inflight = 1 + s.take(1) % 4;
  limits.max_buffer_bytes = 64 + s.take(2) * 4;
  limits.max_fragments = static_cast<std::uint16_t>(1 + s.take(2) % 2048);
  limits.deadline = std::chrono::milliseconds(1 + s.take(1) * 4);
  aidf::reassembler r(limits);

  std::size_t const frame_count = 1 + s.take(1) % 4;
  std::vector<std::vector<std::byte>> frames;
  std::vector<message> messages;
  std::vector<std::size_t> counts;
  std::vector<std::size_t> groups;  // parity group size per frame, 0 for none
  for (std::size_t f = 0; f < frame_count; ++f) {
    std::vector<std::byte> frame(64 + s.take(2) % 4000);
    std::uint32_t x = s.take(4) | 1;
    for (auto& b : frame)
      b = static_cast<std::byte>((x = x * 1103515245u + 12345u) >> 24);
    aidf::transport_limits peer{16 + 1 + s.take(2) % 2000, true};
    auto const plan = aidf::plan_fragments(frame.size(), peer, aidf::max_fragment_count);
    if (!plan) continue;
    auto const seq = static_cast<std::uint32_t>(frames.size());
    for (std::size_t i = 0; i < plan->count; ++i) {
      message m{std::vector<std::byte>(plan->message_size(i)), frames.size(), i};
      auto const n = aidf::write_fragment(*plan, i, seq, frame, m.bytes);
      IMSDP_FUZZ_CHECK(n.has_value(), "a planned fragment is written");
      messages.push_back(std::move(m));
    }
    std::size_t const group = plan->count < 2 ? 0 : s.take(1) % (plan->count + 1);
    std::size_t const data_end = messages.size();
    for (std::size_t j = 0; group != 0 && j < aidf::parity_groups(plan->count, group); ++j) {
      message m{std::vector<std::byte>(plan->message_size(j * group)), frames.size(), j, true};
      auto const n = aidf::write_parity_fragment(*plan, group, j, seq, frame, m.bytes);
      IMSDP_FUZZ_CHECK(n.has_value() && *n == m.bytes.size(), "a parity fragment is written");
      messages.push_back(std::move(m));
    }
    // Sending in place gives the same messages and leaves the frame as it was.
    std::vector<std::byte> buffer(aidf::fragment_header_size);
    buffer.insert(buffer.end(), frame.begin(), frame.end());
    std::size_t index = data_end - plan->count;
    auto const sent = aidf::send_fragments(*plan, seq, buffer, [&](std::span<std::byte const> m) {
      auto const& expected = messages[index++].bytes;
      IMSDP_FUZZ_CHECK(std::equal(m.begin(), m.end(), expected.begin(), expected.end()),
                       "in-place messages equal copied ones");
    });
    IMSDP_FUZZ_CHECK(sent.has_value(), "send_fragments");
    IMSDP_FUZZ_CHECK(std::equal(frame.begin(), frame.end(), buffer.begin() + 16), "frame restored");
    frames.push_back(std::move(frame));
    counts.push_back(plan->count);
    groups.push_back(group);
  }
  // Garbage: fragment-looking messages for other frame_seq values (high bit set).
  for (std::size_t g = s.take(1) % 8; g > 0; --g) {
    message m{std::vector<std::byte>(16 + s.take(1) % 64)};
    for (auto& b : m.bytes)
      b = static_cast<std::byte>(s.take(1));
    m.bytes[0] = aidf::fragment_magic;
    m.bytes[11] |= std::byte{0x80};
    messages.push_back(std::move(m));
  }
  // Reorder, duplicate and lose some messages.
  for (std::size_t i = messages.size(); i > 1; --i)
    std::swap(messages[i - 1], messages[s.take(2) % i]);
  // Per frame: the data chunks lost, and the parity groups that arrived.
  std::vector<std::vector<std::size_t>> lost(frames.size());
  std::vector<std::vector<bool>> parity_came(frames.size());
  for (std::size_t f = 0; f < frames.size(); ++f)
    parity_came[f].assign(groups[f] == 0 ? 0 : aidf::parity_groups(counts[f], groups[f]), false);
  std::vector<message> delivered;
  for (auto& m : messages) {
    auto const action = s.take(1);
    if (action % 16 == 0 && m.frame != SIZE_MAX) {
      if (!m.parity) lost[m.frame].push_back(m.index);
      continue;
    }
    if (m.parity) parity_came[m.frame][m.index] = true;
    if (action % 16 == 1) delivered.push_back(m);
    delivered.push_back(std::move(m));
  }

  auto now = aidf::reassembler::clock::time_point{} + 1h;
  std::vector<bool> done(frames.size(), false);
  for (auto const& m : delivered) {
    now += std::chrono::milliseconds(s.take(1) % 4);
    auto const event = r.push(m.bytes, now);
    IMSDP_FUZZ_CHECK(r.buffer_bytes() <= limits.max_buffer_bytes, "buffers stay within the limit");
    IMSDP_FUZZ_CHECK(r.inflight() <= limits.max_inflight, "frames in flight stay within the limit");
    if (event && event->status == aidf::fragment_status::incomplete && !m.parity) {
      // The data fragment just stored is not missing; some other one is, in ascending order.
      auto const gaps = r.missing(event->frame_seq);
      auto const index = aidf::parse_fragment(m.bytes, limits)->header.index;
      IMSDP_FUZZ_CHECK(!gaps.empty() && std::is_sorted(gaps.begin(), gaps.end()) &&
                           !std::binary_search(gaps.begin(), gaps.end(), index),
                       "an incomplete frame lists what it lacks");
    }
    if (!event || event->status != aidf::fragment_status::complete) continue;
    auto const seq = event->frame_seq;
    IMSDP_FUZZ_CHECK(seq < frames.size(), "only scripted frames complete");
    IMSDP_FUZZ_CHECK(!done[seq], "a frame completes once");
    done[seq] = true;
    IMSDP_FUZZ_CHECK(std::equal(event->frame.begin(), event->frame.end(), frames[seq].begin(),
                                frames[seq].end()),
                     "a completed frame equals the original");
  }
  auto const& st = r.stats();
  bool const undisturbed =
      st.evicted_deadline == 0 && st.evicted_pressure == 0 && st.dropped_inconsistent == 0;
  for (std::size_t f = 0; f < frames.size(); ++f) {
    bool const fits = counts[f] == 1 || (frames[f].size() <= limits.max_buffer_bytes &&
                                         counts[f] <= limits.max_fragments);
    if (!undisturbed || !fits) continue;
    if (lost[f].empty())
      IMSDP_FUZZ_CHECK(done[f], "a frame whose fragments all came, undisturbed, completes");
    // With parity held (it had room), a frame whose groups each lost at most one chunk and
    // got their parity is rebuilt.
    if (groups[f] == 0 || st.parity_unused != 0) continue;
    std::vector<std::size_t> per_group(parity_came[f].size(), 0);
    bool recoverable = true;
    for (auto i : lost[f])
      recoverable = recoverable && ++per_group[i / groups[f]] == 1 && parity_came[f][i / groups[f]];
    if (recoverable) IMSDP_FUZZ_CHECK(done[f], "a frame with one loss per parity group completes");
  }
  return 0;
}
