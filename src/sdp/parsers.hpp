// The value parsers of the SDP core, one per line type and per typed attribute. Each
// parses the whole value (the text after "x=" or after "a=name:"), fills the output and
// returns true, or records a positioned error in the context and returns false. They are
// defined in the grammar TUs under src/sdp/grammar/ and found by overload resolution.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <imsdp/sdp/attribute.hpp>
#include <imsdp/sdp/fields.hpp>
#include <string_view>

#include "sdp/value_context.hpp"

namespace imsdp::sdp::detail {

// Line types (grammar/fields.cpp), RFC 8866 section 9.
bool parse_value(std::string_view value, std::uint32_t& version, value_context& c);
bool parse_value(std::string_view value, origin& out, value_context& c);
bool parse_value(std::string_view value, connection& out, value_context& c);
bool parse_value(std::string_view value, bandwidth& out, value_context& c);
bool parse_value(std::string_view value, timing& out, value_context& c);
bool parse_value(std::string_view value, repeat& out, value_context& c);
bool parse_value(std::string_view value, zone_adjustments& out, value_context& c);
bool parse_value(std::string_view value, key& out, value_context& c);
bool parse_value(std::string_view value, media_field& out, value_context& c);
bool check_uri(std::string_view value, value_context& c);
bool check_email(std::string_view value, value_context& c);
bool check_phone(std::string_view value, value_context& c);

// Attributes (grammar/rtp.cpp)
bool parse_value(std::string_view value, rtpmap& out, value_context& c);
bool parse_value(std::string_view value, fmtp& out, value_context& c);
bool parse_value(std::string_view value, ptime& out, value_context& c);
bool parse_value(std::string_view value, maxptime& out, value_context& c);
bool parse_value(std::string_view value, framerate& out, value_context& c);
bool parse_value(std::string_view value, rtcp& out, value_context& c);
bool parse_value(std::string_view value, rtcp_fb& out, value_context& c);
bool parse_value(std::string_view value, extmap& out, value_context& c);
bool parse_value(std::string_view value, imageattr& out, value_context& c);
bool parse_value(std::string_view value, curr& out, value_context& c);
bool parse_value(std::string_view value, des& out, value_context& c);
bool parse_value(std::string_view value, conf& out, value_context& c);
bool parse_value(std::string_view value, tcap& out, value_context& c);
bool parse_value(std::string_view value, pcfg& out, value_context& c);
bool parse_value(std::string_view value, acfg& out, value_context& c);

// Attributes (grammar/transport.cpp)
bool parse_value(std::string_view value, candidate& out, value_context& c);
bool parse_value(std::string_view value, ice_ufrag& out, value_context& c);
bool parse_value(std::string_view value, ice_pwd& out, value_context& c);
bool parse_value(std::string_view value, ice_options& out, value_context& c);
bool parse_value(std::string_view value, fingerprint& out, value_context& c);
bool parse_value(std::string_view value, setup& out, value_context& c);
bool parse_value(std::string_view value, tls_id& out, value_context& c);
bool parse_value(std::string_view value, mid& out, value_context& c);
bool parse_value(std::string_view value, group& out, value_context& c);
bool parse_value(std::string_view value, msid& out, value_context& c);
bool parse_value(std::string_view value, msid_semantic& out, value_context& c);
bool parse_value(std::string_view value, ssrc& out, value_context& c);
bool parse_value(std::string_view value, ssrc_group& out, value_context& c);
bool parse_value(std::string_view value, rid& out, value_context& c);
bool parse_value(std::string_view value, simulcast& out, value_context& c);

// Attributes (grammar/srtp.cpp)
bool parse_value(std::string_view value, crypto& out, value_context& c);

// Data-channel attributes (src/datachannel/grammar.cpp)
bool parse_value(std::string_view value, datachannel::sctp_port& out, value_context& c);
bool parse_value(std::string_view value, datachannel::max_message_size& out, value_context& c);
bool parse_value(std::string_view value, datachannel::sctpmap& out, value_context& c);
bool parse_value(std::string_view value, datachannel::dcmap& out, value_context& c);
bool parse_value(std::string_view value, datachannel::qos_hint_3gpp& out, value_context& c);
bool parse_value(std::string_view value, datachannel::bdc_used_by_3gpp& out, value_context& c);
bool parse_value(std::string_view value, datachannel::req_app_3gpp& out, value_context& c);

// AI/ML split configurations (src/aiml/split/grammar.cpp)
bool parse_value(std::string_view value, aiml::split::aiml_split_3gpp& out, value_context& c);

// Scoping attributes: the inner attribute goes through the registry (attribute_registry.cpp,
// src/datachannel/grammar.cpp).
bool parse_value(std::string_view value, acap& out, value_context& c);
bool parse_value(std::string_view value, datachannel::dcsa& out, value_context& c);

/// Parses an inner attribute ("name" or "name:value") through the registry.
bool parse_inner_attribute(std::string_view text, std::string_view& name, std::string_view& value,
                           bool& has_value, inner_attribute_value& typed, value_context& c);

/// token-char of RFC 8866 section 9, as a table.
inline constexpr auto token_char_table = [] {
  std::array<bool, 256> table{};
  for (unsigned c = 0; c < 256; ++c)
    table[c] =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("!#$%&'*+-.^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
  return table;
}();

[[nodiscard]] constexpr bool is_token_char(char ch) noexcept {
  return token_char_table[static_cast<unsigned char>(ch)];
}

/// Parses an a= value through the registry. Returns false on error (recorded in `c`).
/// An unregistered name leaves `typed` as monostate and returns true.
bool parse_attribute(std::string_view name, std::string_view value, bool has_value,
                     attribute_value& typed, value_context& c);

/// Registry metadata of an attribute type.
struct attribute_rules {
  attribute_level level;
  occurrence how_often;
  std::size_t type_index;   // index in attribute_value
  bool unique_key = false;  // its key may be used once (mid, extmap id, rtpmap payload type)
};

/// A row of the registry: one wire name with its parsers and rules.
struct attribute_entry {
  attribute_rules rules;
  std::string_view name;
  bool (*parse)(std::string_view name, std::string_view value, bool has_value,
                attribute_value& typed, value_context& c);
  bool (*parse_inner)(std::string_view name, std::string_view value, bool has_value,
                      inner_attribute_value& typed, value_context& c);  // nullptr: not scopable
};

/// The registry's lookup data (attribute_registry.cpp): a perfect hash of the names.
inline constexpr unsigned attribute_index_bits = 9;
struct attribute_index {
  std::uint32_t multiplier;
  std::array<std::uint8_t, std::size_t{1} << attribute_index_bits> rows;  // row + 1; 0: none
  attribute_entry const* entries;
};
extern attribute_index const registry_index;

/// The hash key of a name: its length and three of its bytes.
constexpr std::uint32_t attribute_name_key(std::string_view name) noexcept {
  auto const byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(name[i]));
  };
  auto const n = static_cast<std::uint32_t>(name.size());
  return n == 0 ? 0 : (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16 | (n & 0xFF) << 24);
}

constexpr std::size_t attribute_slot(std::string_view name, std::uint32_t multiplier) noexcept {
  return (attribute_name_key(name) * multiplier) >> (32 - attribute_index_bits);
}

/// Equal bytes of two names of length n: two overlapping loads a side for the usual 4 to
/// 16 bytes instead of a call to memcmp.
inline bool same_name_bytes(char const* a, char const* b, std::size_t n) noexcept {
  auto const load = [](char const* at, auto word) {
    std::memcpy(&word, at, sizeof word);
    return word;
  };
  if (n >= 8 && n <= 16)
    return load(a, std::uint64_t{}) == load(b, std::uint64_t{}) &&
           load(a + n - 8, std::uint64_t{}) == load(b + n - 8, std::uint64_t{});
  if (n >= 4 && n < 8)
    return load(a, std::uint32_t{}) == load(b, std::uint32_t{}) &&
           load(a + n - 4, std::uint32_t{}) == load(b + n - 4, std::uint32_t{});
  return std::memcmp(a, b, n) == 0;
}

/// The registry row of an attribute name, or nullptr. Inline: it runs once per a= line.
[[nodiscard]] inline attribute_entry const* find_attribute(std::string_view name) noexcept {
  auto const row = registry_index.rows[attribute_slot(name, registry_index.multiplier)];
  if (row == 0) return nullptr;
  attribute_entry const& e = registry_index.entries[row - 1u];
  return e.name.size() == name.size() && same_name_bytes(e.name.data(), name.data(), name.size())
             ? &e
             : nullptr;
}

}  // namespace imsdp::sdp::detail
