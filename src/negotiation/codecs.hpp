// Codec matching for answer generation: offered payload types resolved through rtpmap or
// the static table of RFC 3551, and the parameter rules of the codecs whose fmtp decides
// compatibility (AMR/AMR-WB, EVS, H.264).
#pragma once

#include <array>
#include <cstdint>
#include <imsdp/negotiation/capabilities.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::negotiation::detail {

/// Encodings that follow the codecs they refer to (RFC 4733 telephone-event, RFC 4588 rtx,
/// RFC 2198 red, RFC 5109 ulpfec, RFC 8627 flexfec, RFC 3389 CN).
[[nodiscard]] bool is_helper(std::string_view encoding_name) noexcept;

/// One offered payload type with its encoding.
struct offered_format {
  std::string_view payload_type;  // as written on the m= line
  std::uint8_t number = 0;        // its value
  std::string_view encoding_name;
  std::string_view encoding_parameters;  // audio channels as written; empty if absent
  std::uint32_t clock_rate = 0;
  std::uint32_t channels = 1;
  std::optional<std::string_view> parameters;  // the fmtp parameters, if an fmtp is given

  [[nodiscard]] std::string label() const;  // "opus/48000/2 (pt 111)"
};

/// Appends an encoding as labels write it: "name/rate", or "name/rate/channels" above one
/// channel.
void append_encoding(std::string& out, std::string_view name, std::uint32_t clock_rate,
                     std::uint32_t channels);

/// The encoding of a payload type of `m`: its rtpmap, else the static payload types of
/// RFC 3551 section 6; nullopt when neither names it. Without its fmtp parameters (an
/// answer check compares encodings only).
[[nodiscard]] std::optional<offered_format> encoding_of(sdp::media_description const& m,
                                                        std::string_view payload_type);

/// The formats of one m-line with their fmtp parameters: one pass over its attributes,
/// then each lookup without a scan. The first rtpmap of a payload type and the first fmtp
/// of a format count, as find<>() gives them.
class format_resolver {
 public:
  explicit format_resolver(sdp::media_description const& m);
  [[nodiscard]] std::optional<offered_format> resolve(std::string_view payload_type) const;

 private:
  sdp::media_description const& m_;
  std::array<sdp::rtpmap const*, 128> maps_{};
  std::array<sdp::fmtp const*, 128> fmtps_{};  // by the number the format names
};

/// Every format of `m` that format_resolver names, in m= line order, in one pass over the
/// attributes.
[[nodiscard]] std::vector<offered_format> resolve_all(sdp::media_description const& m);

/// The same encoding: name (case-insensitive), clock rate and channels.
[[nodiscard]] bool same_encoding(offered_format const& a, offered_format const& b) noexcept;

struct codec_match {
  bool accepted = false;
  std::optional<std::string> fmtp;  // the answer's parameters; nullopt: no fmtp line
  std::string reason;
};

/// The codec that matches exactly this format: its encoding and, where parameters decide
/// compatibility, their values (AMR framing; H.264 profile and packetization mode).
[[nodiscard]] codec exact_codec(offered_format const& f);

/// What a caller takes from match(): the verdict alone, or with the answer's fmtp and the
/// reason of an acceptance, which a verdict-only caller (the IWF's codec lists) does not
/// pay for.
enum class match_detail { verdict, full };

/// Matches an offered format against one local codec (name, clock rate, channels, then
/// the codec's parameter rules).
[[nodiscard]] codec_match match(offered_format const& offered, codec const& local,
                                match_detail detail = match_detail::full);

}  // namespace imsdp::negotiation::detail
