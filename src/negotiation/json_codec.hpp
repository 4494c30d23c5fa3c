// The JSON codec object of the capabilities schema (#/$defs/codec), read by the other
// areas whose JSON lists codecs in the same form (the interworking policy).
#pragma once

#include <imsdp/negotiation/capabilities.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "detail/json_reader.hpp"

namespace imsdp::negotiation::detail {

[[nodiscard]] codec read_codec(imsdp::detail::json_reader& reader, nlohmann::json const& value,
                               std::string const& path);

}  // namespace imsdp::negotiation::detail
