// The JSON codec, channel and sdes objects of the capabilities schema (#/$defs/codec,
// #/$defs/channel, #/$defs/sdes), read by the other areas whose JSON lists them in the same form
// (the interworking policy).
#pragma once

#include <imsdp/negotiation/capabilities.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "detail/json_reader.hpp"

namespace imsdp::negotiation::detail {

[[nodiscard]] codec read_codec(imsdp::detail::json_reader& reader, nlohmann::json const& value,
                               std::string const& path);
/// The JSON channel object (#/$defs/channel).
[[nodiscard]] channel_spec read_channel(imsdp::detail::json_reader& reader,
                                        nlohmann::json const& value, std::string const& path);
/// The JSON sdes object (#/$defs/sdes): suites and allowUnprotected. The key source is the
/// host's: JSON holds no key.
[[nodiscard]] sdes_capabilities read_sdes(imsdp::detail::json_reader& reader,
                                          nlohmann::json const& value, std::string const& path);

}  // namespace imsdp::negotiation::detail
