// The AIDF fragment layer (research/model-and-tensor.md 7.1 and section 6): every
// data-channel message is a 16-byte fragment header and one chunk of a frame. The
// fragmenter honours the peer's a=max-message-size (RFC 8841) and the 16 KiB advice of
// RFC 8831 section 6.6 without message interleaving (RFC 8260); the reassembler works on
// unordered, partially reliable channels: it tolerates loss, duplication and reordering,
// bounds frames and bytes in flight, and evicts on a deadline or under pressure.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <imsdp/result.hpp>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <vector>

namespace imsdp::aiml::intermediate {

/// ver_flags bit 4: a parity fragment (our extension of 7.1, docs/aidf.md "Parity"). Its
/// chunk is the XOR of a group of `parity_group` consecutive data chunks, each zero-padded
/// to the group's first chunk; `frag_index` is the group's number and the reserved field
/// carries `parity_group`. A receiver that lacks one data chunk of a group rebuilds it.
/// Receivers without the extension refuse these messages (the bit was reserved, must be 0).
inline constexpr std::uint8_t fragment_parity_flag = 0x10;

/// The fields of a fragment header (7.1).
struct fragment_header {
  std::uint16_t index = 0;  // data: the chunk's index; parity: the group's
  std::uint16_t count = 1;  // data fragments of the frame
  std::uint32_t frame_seq = 0;
  std::uint32_t frame_len = 0;
  std::uint16_t parity_group = 0;  // parity fragments: data fragments per group; data: 0
  friend bool operator==(fragment_header const&, fragment_header const&) = default;
};

/// Groups (so parity fragments) of `count` data fragments in groups of `group` (>= 1).
[[nodiscard]] constexpr std::size_t parity_groups(std::size_t count, std::size_t group) noexcept {
  return count / group + (count % group != 0 ? 1 : 0);
}

struct fragment {
  fragment_header header;
  std::span<std::byte const> chunk;  // views the message
};

/// RFC 8831 section 6.6: without interleaving, senders should keep messages to 16 KB.
inline constexpr std::uint64_t non_interleaved_message_size = 16384;
inline constexpr std::uint32_t default_max_frame_len = 16u << 20;
/// Messages a frame of default_max_frame_len needs at non_interleaved_message_size: the
/// default fragment limit, so the largest default frame crosses any channel (1026).
inline constexpr std::uint16_t default_max_fragments =
    (default_max_frame_len + (non_interleaved_message_size - fragment_header_size) - 1) /
    (non_interleaved_message_size - fragment_header_size);

/// Limits of the receiving side (7.1, 7.8). Defaults: 16 MiB frames, 1026 fragments, three
/// frames and 32 MiB of buffers in flight, 500 ms to complete a frame.
struct reassembly_limits {
  std::uint32_t max_frame_len = default_max_frame_len;
  std::uint16_t max_fragments = default_max_fragments;
  std::size_t max_inflight = 3;              // clamped to [1, 64]
  std::size_t max_buffer_bytes = 32u << 20;  // every reassembly buffer held, used or idle
  std::chrono::milliseconds deadline{500};   // >= the channel's max-time (research 7.1)
};

/// Checks one message's fragment header (7.1 receiver rule 1) and returns it with its chunk.
[[nodiscard]] inline result<fragment> parse_fragment(std::span<std::byte const> message,
                                                     reassembly_limits const& limits = {}) {
  using wire::fail;
  using wire::load;
  if (message.size() < fragment_header_size)
    return fail(errc::frame_truncated, message.size(), "fragment header");
  auto const* p = message.data();
  if (p[0] != fragment_magic) return fail(errc::bad_magic, 0, "magic");
  auto const ver_flags = load<std::uint8_t>(p + 1);
  if ((ver_flags & 0x0F) != fragment_version)
    return fail(errc::unsupported_version, 1, "ver_flags");
  if ((ver_flags & 0xF0 & ~fragment_parity_flag) != 0)
    return fail(errc::reserved_not_zero, 1, "ver_flags");
  bool const parity = (ver_flags & fragment_parity_flag) != 0;
  auto const group = load<std::uint16_t>(p + 6);
  if (!parity && group != 0) return fail(errc::reserved_not_zero, 6, "reserved");
  fragment f;
  f.header.index = load<std::uint16_t>(p + 2);
  f.header.count = load<std::uint16_t>(p + 4);
  f.header.frame_seq = load<std::uint32_t>(p + 8);
  f.header.frame_len = load<std::uint32_t>(p + 12);
  f.header.parity_group = group;
  f.chunk = message.subspan(fragment_header_size);
  if (f.header.frame_len < frame_header_size) return fail(errc::bad_fragment, 12, "frame_len");
  if (f.header.frame_len > limits.max_frame_len) return fail(errc::limit_exceeded, 12, "frame_len");
  if (f.header.count == 0) return fail(errc::bad_fragment, 4, "frag_count");
  if (f.header.count > limits.max_fragments) return fail(errc::limit_exceeded, 4, "frag_count");
  if (parity && (group == 0 || group > f.header.count || f.header.count == 1))
    return fail(errc::bad_fragment, 6, "parity_group");
  if (f.header.index >= (parity ? parity_groups(f.header.count, group) : f.header.count))
    return fail(errc::bad_fragment, 2, "frag_index");
  if (f.chunk.empty()) return fail(errc::frame_truncated, message.size(), "chunk");
  if (f.chunk.size() > f.header.frame_len ||
      (f.header.count == 1 && f.chunk.size() != f.header.frame_len))
    return fail(errc::inconsistent_fragment, fragment_header_size, "chunk");
  return f;
}

/// Writes a fragment header.
inline void write_fragment_header(std::byte* p, fragment_header const& h) noexcept {
  using wire::store;
  p[0] = fragment_magic;
  store<std::uint8_t>(
      p + 1, h.parity_group != 0 ? fragment_version | fragment_parity_flag : fragment_version);
  store<std::uint16_t>(p + 2, h.index);
  store<std::uint16_t>(p + 4, h.count);
  store<std::uint16_t>(p + 6, h.parity_group);
  store<std::uint32_t>(p + 8, h.frame_seq);
  store<std::uint32_t>(p + 12, h.frame_len);
}

/// What the peer accepts (SDP): a=max-message-size (RFC 8841 section 6; absent 65536,
/// 0 no limit) and whether SCTP message interleaving (RFC 8260) is in use.
struct transport_limits {
  std::uint64_t max_message_size = 65536;
  bool message_interleaving = false;
};
/// How a frame is cut: every chunk but the last has chunk_size bytes (7.1 sender rule).
struct fragment_plan {
  std::uint32_t frame_len = 0;
  std::uint32_t chunk_size = 0;
  std::uint16_t count = 0;

  [[nodiscard]] std::size_t chunk_length(std::size_t index) const noexcept {
    return index + 1 < count ? chunk_size : frame_len - (count - 1) * std::size_t{chunk_size};
  }
  [[nodiscard]] std::size_t message_size(std::size_t index) const noexcept {
    return fragment_header_size + chunk_length(index);
  }
};

/// Chooses the chunk size for a frame under the peer's limits; fails when the frame needs
/// more than `max_fragments` messages or the peer's messages cannot hold a header and a byte.
[[nodiscard]] inline result<fragment_plan> plan_fragments(
    std::size_t frame_len, transport_limits const& peer,
    std::size_t max_fragments = default_max_fragments) {
  using wire::fail;
  if (frame_len < frame_header_size || frame_len > 0xFFFFFFFFu)
    return fail(errc::invalid_argument, 0, "frame_len");
  std::uint64_t message = peer.max_message_size == 0 ? UINT64_MAX : peer.max_message_size;
  if (!peer.message_interleaving) message = std::min(message, non_interleaved_message_size);
  if (message <= fragment_header_size) return fail(errc::invalid_argument, 0, "max-message-size");
  std::uint64_t const chunk = std::min<std::uint64_t>(message - fragment_header_size, frame_len);
  std::uint64_t const count = (frame_len + chunk - 1) / chunk;
  if (count > std::min<std::size_t>(max_fragments, max_fragment_count))
    return fail(errc::limit_exceeded, 0, "frag_count");
  return fragment_plan{static_cast<std::uint32_t>(frame_len), static_cast<std::uint32_t>(chunk),
                       static_cast<std::uint16_t>(count)};
}

/// Writes message `index` of the plan (header and chunk) into `out`; returns its size.
[[nodiscard]] inline result<std::size_t> write_fragment(fragment_plan const& plan,
                                                        std::size_t index, std::uint32_t frame_seq,
                                                        std::span<std::byte const> frame,
                                                        std::span<std::byte> out) {
  using wire::fail;
  if (index >= plan.count || frame.size() != plan.frame_len)
    return fail(errc::invalid_argument, 0, "fragment");
  std::size_t const size = plan.message_size(index);
  if (out.size() < size) return fail(errc::buffer_too_small, out.size(), "fragment");
  write_fragment_header(out.data(),
                        {static_cast<std::uint16_t>(index), plan.count, frame_seq, plan.frame_len});
  std::memcpy(out.data() + fragment_header_size,
              frame.data() + index * std::size_t{plan.chunk_size}, size - fragment_header_size);
  return size;
}

namespace detail {
/// dst[k] ^= src[k] for k < n, eight bytes a step.
inline void xor_into(std::byte* dst, std::byte const* src, std::size_t n) noexcept {
  std::size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    std::uint64_t a, b;
    std::memcpy(&a, dst + k, 8);
    std::memcpy(&b, src + k, 8);
    a ^= b;
    std::memcpy(dst + k, &a, 8);
  }
  for (; k < n; ++k)
    dst[k] ^= src[k];
}
}  // namespace detail

/// Writes parity fragment `group_index` for groups of `group` data fragments (1 <= group <=
/// count, count >= 2) into `out`: the XOR of the group's chunks, each zero-padded to the
/// length of its first. Returns the message size, 16 + that length.
[[nodiscard]] inline result<std::size_t> write_parity_fragment(
    fragment_plan const& plan, std::size_t group, std::size_t group_index, std::uint32_t frame_seq,
    std::span<std::byte const> frame, std::span<std::byte> out) {
  using wire::fail;
  if (plan.count < 2 || group == 0 || group > plan.count ||
      group_index >= parity_groups(plan.count, group) || frame.size() != plan.frame_len)
    return fail(errc::invalid_argument, 0, "parity fragment");
  std::size_t const first = group_index * group;
  std::size_t const size = plan.message_size(first);
  if (out.size() < size) return fail(errc::buffer_too_small, out.size(), "parity fragment");
  write_fragment_header(out.data(), {static_cast<std::uint16_t>(group_index), plan.count, frame_seq,
                                     plan.frame_len, static_cast<std::uint16_t>(group)});
  auto* const parity = out.data() + fragment_header_size;
  std::memcpy(parity, frame.data() + first * std::size_t{plan.chunk_size},
              plan.chunk_length(first));
  for (std::size_t i = first + 1; i < std::min<std::size_t>(first + group, plan.count); ++i)
    detail::xor_into(parity, frame.data() + i * std::size_t{plan.chunk_size}, plan.chunk_length(i));
  return size;
}

/// Sends a frame as data-channel messages without copying it (sender side of 7.1). `buffer`
/// is 16 bytes of headroom followed by the frame (encode into buffer.subspan(16)); each
/// message is the 16 bytes before a chunk, overwritten by the fragment header, plus the
/// chunk. `send(std::span<std::byte const> message)` is called for each fragment in order
/// and must transmit or copy the message before it returns: the 16 bytes are restored
/// afterwards, so the frame is unchanged when send_fragments returns.
template <class Send>
[[nodiscard]] result<void> send_fragments(fragment_plan const& plan, std::uint32_t frame_seq,
                                          std::span<std::byte> buffer, Send&& send) {
  if (buffer.size() != fragment_header_size + std::size_t{plan.frame_len})
    return wire::fail(errc::invalid_argument, 0, "buffer");
  for (std::size_t i = 0; i < plan.count; ++i) {
    std::byte* const start = buffer.data() + i * std::size_t{plan.chunk_size};
    std::array<std::byte, fragment_header_size> saved;
    std::memcpy(saved.data(), start, saved.size());
    write_fragment_header(start,
                          {static_cast<std::uint16_t>(i), plan.count, frame_seq, plan.frame_len});
    send(std::span<std::byte const>(start, plan.message_size(i)));
    std::memcpy(start, saved.data(), saved.size());
  }
  return {};
}

/// A DLPack device (DLDevice): type 1 is kDLCPU, 3 kDLCUDAHost (page-locked host memory),
/// 13 kDLCUDAManaged; id is the device's number.
struct buffer_device {
  std::int32_t type = 1;
  std::int32_t id = 0;
  friend bool operator==(buffer_device const&, buffer_device const&) = default;
};

/// Where a reassembler keeps frames; by default 64-byte aligned heap memory. A host may give
/// its own, e.g. page-locked memory registered with a GPU runtime, so that a frame's tensors
/// reach the device without a staging copy (docs/aidf.md "Runtimes"). The memory must be
/// writable by the CPU: the reassembler copies chunks into it. Set both functions, or
/// neither.
struct frame_allocator {
  void* context = nullptr;
  /// `bytes` (>= 1), 64-byte aligned; nullptr when none is left.
  void* (*allocate)(void* context, std::size_t bytes) = nullptr;
  void (*deallocate)(void* context, void* p, std::size_t bytes) = nullptr;
  buffer_device device{};
};

/// Bytes from a frame_allocator, given back to it on destruction.
class frame_buffer {
 public:
  frame_buffer() = default;
  /// `bytes` (>= 1) from `with` (its default: aligned operator new); empty when out of memory.
  frame_buffer(frame_allocator const& with, std::size_t bytes) : allocator_(with) {
    if (allocator_.allocate == nullptr) {
      allocator_.allocate = [](void*, std::size_t n) -> void* {
        return ::operator new[](n, std::align_val_t{64}, std::nothrow);
      };
      allocator_.deallocate = [](void*, void* p, std::size_t) {
        ::operator delete[](p, std::align_val_t{64});
      };
    }
    data_ = static_cast<std::byte*>(allocator_.allocate(allocator_.context, bytes));
    size_ = data_ != nullptr ? bytes : 0;
  }
  frame_buffer(frame_buffer&& other) noexcept
      : allocator_(other.allocator_),
        data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)) {}
  frame_buffer& operator=(frame_buffer&& other) noexcept {
    if (this != &other) {
      reset();
      allocator_ = other.allocator_;
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  frame_buffer(frame_buffer const&) = delete;
  frame_buffer& operator=(frame_buffer const&) = delete;
  ~frame_buffer() { reset(); }

  [[nodiscard]] std::byte* data() const noexcept { return data_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] buffer_device device() const noexcept { return allocator_.device; }
  void reset() noexcept {
    if (data_ != nullptr) allocator_.deallocate(allocator_.context, data_, size_);
    data_ = nullptr;
    size_ = 0;
  }

 private:
  frame_allocator allocator_;
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

/// What a message did to the reassembly.
enum class fragment_status : std::uint8_t {
  incomplete,  // stored; the frame still misses fragments
  complete,    // the frame is whole: reassembly_event::frame
  duplicate,   // a fragment already received; ignored
  stale,       // a fragment of a frame completed, evicted or dropped recently; ignored
};

struct reassembly_event {
  fragment_status status = fragment_status::incomplete;
  std::uint32_t frame_seq = 0;
  /// The whole frame when complete: in a 64-byte aligned buffer of the reassembler, or in
  /// the message itself for a single-fragment frame. Valid until the next push or expire.
  std::span<std::byte const> frame;
};

struct reassembly_stats {
  std::uint64_t completed = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t stale = 0;
  std::uint64_t evicted_deadline = 0;
  std::uint64_t evicted_pressure = 0;
  std::uint64_t dropped_inconsistent = 0;
  std::uint64_t recovered = 0;      // data chunks rebuilt from a parity fragment
  std::uint64_t parity_unused = 0;  // parity fragments without room under max_buffer_bytes
};

/// Reassembles frames from fragments in any order (7.1 receiver rules 2-4), rebuilding a
/// data chunk from its group's parity fragment when it is the group's only one missing.
/// Sans-IO: the caller passes each message and the current time. Memory is bounded by
/// limits.max_buffer_bytes (frame and parity buffers) plus fixed bitmaps per context.
class reassembler {
 public:
  using clock = std::chrono::steady_clock;

  explicit reassembler(reassembly_limits const& limits = {}, frame_allocator const& frames = {})
      : limits_(limits),
        frames_(frames),
        slots_(std::clamp<std::size_t>(limits.max_inflight, 1, 64)) {
    limits_.max_inflight = slots_.size();
    std::size_t const words = (std::size_t{limits.max_fragments} + 63) / 64;
    for (auto& s : slots_)
      s.received_bits.assign(words, 0);
  }

  /// Takes one data-channel message.
  [[nodiscard]] result<reassembly_event> push(std::span<std::byte const> message,
                                              clock::time_point now) {
    release_delivered();
    expire(now);
    auto parsed = parse_fragment(message, limits_);
    if (!parsed) return std::move(parsed).error();
    auto const& h = parsed->header;
    auto const chunk = parsed->chunk;
    reassembly_event event;
    event.frame_seq = h.frame_seq;
    if (seen_recently(h.frame_seq)) {
      ++stats_.stale;
      event.status = fragment_status::stale;
      return event;
    }
    context* ctx = find(h.frame_seq);
    if (ctx != nullptr && (ctx->frame_len != h.frame_len || ctx->count != h.count)) {
      drop(*ctx);
      ++stats_.dropped_inconsistent;
      return wire::fail(errc::inconsistent_fragment, 4, "frag_count");
    }
    if (h.count == 1) {  // a whole frame: no copy (research 7.1 rule 4)
      remember(h.frame_seq);
      ++stats_.completed;
      event.status = fragment_status::complete;
      event.frame = chunk;
      return event;
    }
    // A parity chunk is as long as its group's first data chunk.
    auto as_data = h;
    as_data.index = static_cast<std::uint16_t>(h.index * std::size_t{h.parity_group});
    auto chunk_size = check_chunk(h.parity_group != 0 ? as_data : h, chunk.size(),
                                  ctx != nullptr ? ctx->chunk_size : 0);
    if (!chunk_size) {
      if (ctx != nullptr) {
        drop(*ctx);
        ++stats_.dropped_inconsistent;
      }
      return std::move(chunk_size).error();
    }
    if (ctx == nullptr) {
      auto created = open(h, *chunk_size, now);
      if (!created) return std::move(created).error();
      ctx = *created;
    }
    if (h.parity_group != 0) return take_parity(*ctx, h, chunk, event);
    if (!store(ctx->received_bits, ctx->buffer.data(), ctx->chunk_size, h.index, chunk)) {
      event.status = fragment_status::duplicate;
      return event;
    }
    ++ctx->received;
    if (ctx->parity_group != 0) {
      if (auto r = recover(*ctx, h.index / ctx->parity_group); !r) return r.error();
    }
    return progress(*ctx, event);
  }

  /// The fragment indexes of frame `frame_seq` not received yet, ascending; empty when
  /// the frame is not being reassembled. On a partially reliable channel, they say which
  /// messages were lost (a sender may resend them, or the application account for them).
  [[nodiscard]] std::vector<std::uint16_t> missing(std::uint32_t frame_seq) const {
    std::vector<std::uint16_t> out;
    for (auto const& s : slots_) {
      if (s.state != context::receiving || s.frame_seq != frame_seq) continue;
      for (std::uint32_t i = 0; i < s.count; ++i)
        if ((s.received_bits[i / 64] >> (i % 64) & 1) == 0)
          out.push_back(static_cast<std::uint16_t>(i));
    }
    return out;
  }

  /// A frame evicted at its deadline, with the fragments it lacked.
  struct lost_frame {
    std::uint32_t frame_seq = 0;
    std::vector<std::uint16_t> missing;
  };

  /// Evicts the frames whose deadline has passed; returns how many. With `lost`, each
  /// evicted frame is appended with its missing fragment indexes. (push() expires too,
  /// without the report: call expire first to have every loss reported.)
  std::size_t expire(clock::time_point now, std::vector<lost_frame>* lost = nullptr) {
    std::size_t n = 0;
    for (auto& s : slots_) {
      if (s.state == context::receiving && now - s.created > limits_.deadline) {
        if (lost != nullptr) lost->push_back({s.frame_seq, missing(s.frame_seq)});
        drop(s);
        ++stats_.evicted_deadline;
        ++n;
      }
    }
    return n;
  }

  /// The buffer of the frame that the last push() completed, taken out of the reassembler
  /// without a copy: event.frame stays valid as long as the caller keeps the buffer (the
  /// reassembler makes a new one for a later frame). Empty when the last push() completed
  /// no frame, or a single-fragment one (that frame is inside its message).
  [[nodiscard]] frame_buffer take_frame() noexcept {
    for (auto& s : slots_) {
      if (s.state != context::delivered) continue;
      buffer_bytes_ -= s.buffer.size();
      return std::move(s.buffer);
    }
    return {};
  }

  /// Frames being reassembled.
  [[nodiscard]] std::size_t inflight() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(slots_.begin(), slots_.end(),
                      [](context const& s) { return s.state == context::receiving; }));
  }
  /// Bytes of reassembly buffers held (never above limits.max_buffer_bytes).
  [[nodiscard]] std::size_t buffer_bytes() const noexcept { return buffer_bytes_; }
  [[nodiscard]] reassembly_stats const& stats() const noexcept { return stats_; }
  [[nodiscard]] reassembly_limits const& limits() const noexcept { return limits_; }

 private:
  struct context {
    enum state_type : std::uint8_t { idle, receiving, delivered };
    // Parity (when a parity fragment came): one chunk_size slot per group, and which
    // groups' parity is held.
    std::uint16_t parity_group = 0;
    frame_buffer parity;
    std::vector<std::uint64_t> parity_bits;
    state_type state = idle;
    std::uint32_t frame_seq = 0;
    std::uint32_t frame_len = 0;
    std::uint16_t count = 0;
    std::uint16_t received = 0;
    std::uint32_t chunk_size = 0;
    std::uint64_t order = 0;  // creation order, for eviction of the oldest
    clock::time_point created{};
    frame_buffer buffer;  // frames_'s, at least frame_len bytes
    std::vector<std::uint64_t> received_bits;
  };

  // 7.1 receiver rule 3: the chunk size L, derived once per frame from a non-last fragment
  // (L = chunk) or the last one (L = (frame_len - chunk) / (count - 1), exact), must give
  // count == ceil(frame_len / L); non-last chunks are L bytes, the last ends at frame_len.
  static result<std::uint32_t> check_chunk(fragment_header const& h, std::size_t chunk,
                                           std::uint32_t known) {
    using wire::fail;
    std::uint64_t size = known;
    bool const last = h.index + 1 == h.count;
    if (size == 0) {
      if (!last) {
        size = chunk;
      } else {
        std::uint64_t const rest = h.frame_len - chunk;  // chunk <= frame_len: parse_fragment
        if (rest % (h.count - 1) != 0) return fail(errc::inconsistent_fragment, 16, "chunk");
        size = rest / (h.count - 1);
        if (size == 0 || chunk > size) return fail(errc::inconsistent_fragment, 16, "chunk");
      }
      if ((h.frame_len + size - 1) / size != h.count)
        return fail(errc::inconsistent_fragment, 4, "frag_count");
    }
    std::uint64_t const expected = last ? h.frame_len - (h.count - 1) * size : size;
    if (chunk != expected) return fail(errc::inconsistent_fragment, 16, "chunk");
    return static_cast<std::uint32_t>(size);
  }

  // Marks `index` in `bits` and copies `chunk` into slot `index` of `area`; false (a
  // duplicate, counted) when it was marked already.
  bool store(std::vector<std::uint64_t>& bits, std::byte* area, std::uint32_t slot_size,
             std::size_t index, std::span<std::byte const> chunk) noexcept {
    auto& word = bits[index / 64];
    std::uint64_t const bit = std::uint64_t{1} << (index % 64);
    if ((word & bit) != 0) {
      ++stats_.duplicates;
      return false;
    }
    word |= bit;
    std::memcpy(area + index * std::size_t{slot_size}, chunk.data(), chunk.size());
    return true;
  }

  // The frame is whole when every data chunk is in (received or rebuilt).
  reassembly_event progress(context& ctx, reassembly_event& event) {
    if (ctx.received < ctx.count) {
      event.status = fragment_status::incomplete;
      return event;
    }
    ctx.state = context::delivered;
    release_parity(ctx);
    remember(ctx.frame_seq);
    ++stats_.completed;
    event.status = fragment_status::complete;
    event.frame = std::span<std::byte const>(ctx.buffer.data(), ctx.frame_len);
    return event;
  }

  [[nodiscard]] bool has(context const& ctx, std::size_t index) const noexcept {
    return (ctx.received_bits[index / 64] >> (index % 64) & 1) != 0;
  }
  [[nodiscard]] std::size_t chunk_length(context const& ctx, std::size_t index) const noexcept {
    return fragment_plan{ctx.frame_len, ctx.chunk_size, ctx.count}.chunk_length(index);
  }

  // A parity fragment: kept in the frame's parity buffer (made at the first one, within
  // max_buffer_bytes, else the fragment is unused), then used if its group lacks one chunk.
  result<reassembly_event> take_parity(context& ctx, fragment_header const& h,
                                       std::span<std::byte const> chunk, reassembly_event& event) {
    std::size_t const groups = parity_groups(ctx.count, h.parity_group);
    if (ctx.parity_group == 0) {
      std::size_t const bytes = groups * std::size_t{ctx.chunk_size};
      if (buffer_bytes_ + bytes > limits_.max_buffer_bytes) {
        ++stats_.parity_unused;
        return progress(ctx, event);
      }
      ctx.parity = frame_buffer({}, bytes);
      if (ctx.parity.data() == nullptr) return wire::fail(errc::out_of_memory, 0, "parity");
      buffer_bytes_ += bytes;
      ctx.parity_group = h.parity_group;
      ctx.parity_bits.assign((groups + 63) / 64, 0);
    } else if (ctx.parity_group != h.parity_group) {
      drop(ctx);
      ++stats_.dropped_inconsistent;
      return wire::fail(errc::inconsistent_fragment, 6, "parity_group");
    }
    if (!store(ctx.parity_bits, ctx.parity.data(), ctx.chunk_size, h.index, chunk)) {
      event.status = fragment_status::duplicate;
      return event;
    }
    if (auto r = recover(ctx, h.index); !r) return r.error();
    return progress(ctx, event);
  }

  // Rebuilds the one missing chunk of group `g` from its parity: the XOR of the parity and
  // the group's other chunks, computed in the parity slot. Bytes past a short last chunk
  // must come out zero, else the parity does not belong to these chunks (the frame is
  // dropped as inconsistent).
  result<void> recover(context& ctx, std::size_t g) {
    if ((ctx.parity_bits[g / 64] >> (g % 64) & 1) == 0) return {};
    std::size_t const first = g * ctx.parity_group;
    std::size_t const end = std::min<std::size_t>(first + ctx.parity_group, ctx.count);
    std::size_t lost = end;
    for (std::size_t i = first; i < end; ++i) {
      if (has(ctx, i)) continue;
      if (lost != end) return {};  // two or more missing: not yet
      lost = i;
    }
    if (lost == end) return {};  // the group is whole
    auto* const parity = ctx.parity.data() + g * std::size_t{ctx.chunk_size};
    for (std::size_t i = first; i < end; ++i)
      if (i != lost)
        detail::xor_into(parity, ctx.buffer.data() + i * std::size_t{ctx.chunk_size},
                         chunk_length(ctx, i));
    std::size_t const length = chunk_length(ctx, lost);
    std::size_t const padded = chunk_length(ctx, first);
    if (std::any_of(parity + length, parity + padded,
                    [](std::byte b) { return b != std::byte{0}; })) {
      drop(ctx);
      ++stats_.dropped_inconsistent;
      return wire::fail(errc::inconsistent_fragment, fragment_header_size, "parity");
    }
    std::memcpy(ctx.buffer.data() + lost * std::size_t{ctx.chunk_size}, parity, length);
    ctx.received_bits[lost / 64] |= std::uint64_t{1} << (lost % 64);
    ++ctx.received;
    ++stats_.recovered;
    return {};
  }

  context* find(std::uint32_t seq) noexcept {
    for (auto& s : slots_)
      if (s.state == context::receiving && s.frame_seq == seq) return &s;
    return nullptr;
  }

  // A context for a new frame: a free slot (evicting the oldest frame when none is free),
  // with a buffer of frame_len bytes within max_buffer_bytes (freeing idle buffers first,
  // then evicting the oldest frames).
  result<context*> open(fragment_header const& h, std::uint32_t chunk_size, clock::time_point now) {
    if (h.frame_len > limits_.max_buffer_bytes)
      return wire::fail(errc::limit_exceeded, 12, "frame_len");
    context* slot = nullptr;
    for (auto& s : slots_)
      if (s.state == context::idle && (slot == nullptr || s.buffer.size() > slot->buffer.size()))
        slot = &s;
    if (slot == nullptr) slot = evict_oldest(nullptr);  // every slot receiving: one exists
    if (slot->buffer.size() < h.frame_len) {
      release(*slot);
      for (auto& s : slots_)
        if (buffer_bytes_ + h.frame_len > limits_.max_buffer_bytes && s.state == context::idle)
          release(s);
      // Only receiving slots hold buffers now; evicting all of them would leave none.
      while (buffer_bytes_ + h.frame_len > limits_.max_buffer_bytes)
        release(*evict_oldest(slot));
      slot->buffer = frame_buffer(frames_, h.frame_len);
      if (slot->buffer.data() == nullptr) return wire::fail(errc::out_of_memory, 12, "frame_len");
      buffer_bytes_ += h.frame_len;
    }
    slot->state = context::receiving;
    slot->frame_seq = h.frame_seq;
    slot->frame_len = h.frame_len;
    slot->count = h.count;
    slot->received = 0;
    slot->chunk_size = chunk_size;
    slot->order = next_order_++;
    slot->created = now;
    std::fill_n(slot->received_bits.begin(), (std::size_t{h.count} + 63) / 64, 0);
    return slot;
  }

  // Evicts the oldest frame being received, other than `keep`; returns its slot.
  context* evict_oldest(context const* keep) {
    context* oldest = nullptr;
    for (auto& s : slots_)
      if (&s != keep && s.state == context::receiving &&
          (oldest == nullptr || s.order < oldest->order))
        oldest = &s;
    drop(*oldest);
    ++stats_.evicted_pressure;
    return oldest;
  }

  void drop(context& s) {
    remember(s.frame_seq);
    release_parity(s);
    s.state = context::idle;
  }
  void release_parity(context& s) noexcept {
    buffer_bytes_ -= s.parity.size();
    s.parity.reset();
    s.parity_group = 0;
  }
  void release(context& s) noexcept {
    buffer_bytes_ -= s.buffer.size();
    s.buffer.reset();
  }
  void release_delivered() noexcept {
    for (auto& s : slots_)
      if (s.state == context::delivered) s.state = context::idle;
  }

  // The last frames completed, evicted or dropped: their late fragments are stale.
  static constexpr std::size_t recent_size = 32;
  [[nodiscard]] bool seen_recently(std::uint32_t seq) const noexcept {
    for (std::size_t i = 0; i < std::min(recent_count_, recent_size); ++i)
      if (recent_[i] == seq) return true;
    return false;
  }
  void remember(std::uint32_t seq) noexcept { recent_[recent_count_++ % recent_size] = seq; }

  reassembly_limits limits_;
  frame_allocator frames_;
  std::vector<context> slots_;
  std::size_t buffer_bytes_ = 0;
  std::uint64_t next_order_ = 0;
  std::array<std::uint32_t, recent_size> recent_{};
  std::size_t recent_count_ = 0;
  reassembly_stats stats_;
};

}  // namespace imsdp::aiml::intermediate
