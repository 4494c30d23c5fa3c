// Binding intermediate data to the media it came from (research/model-and-tensor.md
// section 5): the SDP mid (MEDIA_MID TLV or the negotiated stream table through
// stream_ref), the RTP timestamp and duration in that stream's clock, and the NTP capture
// time. RTP <-> NTP mapping goes through the (NTP, RTP) timestamp pair of an RTCP sender
// report (RFC 3550 section 6.4.1); RTP timestamps wrap at 2^32 and are compared modulo 2^32.
#pragma once

#include <cstdint>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <optional>
#include <span>
#include <string_view>

namespace imsdp::aiml::intermediate {

/// b - a in RTP ticks, taking the shorter way round the 32-bit circle (RFC 3550 serial
/// arithmetic): valid while the true distance is below 2^31 ticks (6.6 h at 90 kHz).
[[nodiscard]] constexpr std::int64_t rtp_distance(std::uint32_t a, std::uint32_t b) noexcept {
  std::uint32_t const forward = b - a;
  return forward < 0x80000000u ? std::int64_t{forward}
                               : std::int64_t{forward} - (std::int64_t{1} << 32);
}

/// The RTP timestamp just after a frame's source span (rtp_ts + rtp_duration, wrapping).
[[nodiscard]] constexpr std::uint32_t rtp_end(frame_header const& h) noexcept {
  return h.rtp_ts + h.rtp_duration;
}

/// The NTP/RTP timestamp pair of one RTCP sender report.
struct sender_report {
  std::uint64_t ntp = 0;  // UQ32.32 seconds since 1900
  std::uint32_t rtp = 0;
};

/// A stream's media clock anchored at a sender report: clock_rate ticks per second (90000
/// for video, the sample rate for audio).
struct media_clock {
  sender_report anchor;
  std::uint32_t clock_rate = 90000;

  /// NTP time of an RTP timestamp within 2^31 ticks of the anchor, rounded to the nearest
  /// NTP unit (2^-32 s).
  [[nodiscard]] constexpr std::uint64_t ntp_of(std::uint32_t rtp) const noexcept {
    std::int64_t const ticks = rtp_distance(anchor.rtp, rtp);     // |ticks| < 2^31
    std::int64_t const scaled = ticks * (std::int64_t{1} << 32);  // |.| < 2^63
    std::int64_t const half = clock_rate / 2;
    std::int64_t const units = (scaled >= 0 ? scaled + half : scaled - half) / clock_rate;
    return anchor.ntp + static_cast<std::uint64_t>(units);
  }

  /// RTP timestamp of an NTP time (modulo 2^32, as RTP timestamps are), rounded to the
  /// nearest tick. The NTP difference is taken modulo 2^64 as a signed value, so NTP era
  /// changes (2036) are handled like RTP wraps.
  [[nodiscard]] constexpr std::uint32_t rtp_of(std::uint64_t ntp) const noexcept {
    std::uint64_t const d = ntp - anchor.ntp;
    // d = high * 2^32 + low with high signed; ticks = high * rate + low * rate / 2^32.
    auto const high = static_cast<std::uint64_t>(static_cast<std::int64_t>(d) >> 32);
    std::uint64_t const low = d & 0xFFFFFFFFu;
    std::uint64_t const ticks = high * clock_rate + ((low * clock_rate + 0x80000000u) >> 32);
    return anchor.rtp + static_cast<std::uint32_t>(ticks);
  }
};

/// The clock rate two sender reports of one stream imply (ticks per second), to detect a
/// sender clock that drifts from its nominal rate; nullopt when they are at the same time.
[[nodiscard]] constexpr std::optional<double> measured_clock_rate(
    sender_report const& earlier, sender_report const& later) noexcept {
  auto const seconds =
      static_cast<double>(static_cast<std::int64_t>(later.ntp - earlier.ntp)) * 0x1p-32;
  if (seconds == 0) return std::nullopt;
  return static_cast<double>(rtp_distance(earlier.rtp, later.rtp)) / seconds;
}

/// When a frame's source media was captured: its capture_ntp, else its rtp_ts through the
/// stream's clock, else nothing.
[[nodiscard]] constexpr std::optional<std::uint64_t> capture_time(
    frame_header const& h, std::optional<media_clock> const& clock) noexcept {
  if (h.capture_ntp != 0) return h.capture_ntp;
  if (clock) return clock->ntp_of(h.rtp_ts);
  return std::nullopt;
}

/// The SDP mid of a frame's source stream: the MEDIA_MID TLV when present, else entry
/// stream_ref of the negotiated stream table; nothing when neither names one.
[[nodiscard]] inline std::optional<std::string_view> bound_mid(
    frame_view const& frame, std::span<std::string_view const> stream_table) noexcept {
  if (auto mid = frame.media_mid()) return mid;
  auto const ref = frame.header().stream_ref;
  if (ref == no_stream || ref >= stream_table.size()) return std::nullopt;
  return stream_table[ref];
}

}  // namespace imsdp::aiml::intermediate
