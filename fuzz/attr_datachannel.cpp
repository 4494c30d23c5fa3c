// attr_datachannel: the data-channel attribute parsers and the media feature tag parser,
// driven directly. Byte 0 picks the attribute (or feature tags), byte 1 the profile; the
// rest is the value. Oracle: a typed value written canonically parses back to an equal
// value; feature tags written back read back the same capabilities.
#include <array>
#include <imsdp/datachannel/feature_tags.hpp>
#include <imsdp/sdp/parse.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

constexpr std::array<std::string_view, 9> names{
    "sctp-port",     "max-message-size", "sctpmap",      "dcmap",       "dcsa",
    "3gpp-qos-hint", "3gpp-bdc-used-by", "3gpp-req-app", "feature-tags"};

imsdp::profile profile_of(std::uint8_t byte) {
  switch (byte % 4) {
    case 0:
      return imsdp::profile::strict();
    case 1:
      return imsdp::profile::jsep();
    case 2:
      return imsdp::profile::ims();
    default:
      return imsdp::profile::lenient();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 2) return 0;
  auto const name = names[data[0] % names.size()];
  std::string_view const value(reinterpret_cast<char const*>(data + 2), size - 2);
  if (name == "feature-tags") {
    auto const tags = imsdp::datachannel::parse_feature_tags(value);
    if (!tags) {
      IMSDP_FUZZ_CHECK(tags.error().where.offset <= value.size(), "offset within the input");
      return 0;
    }
    auto const again =
        imsdp::datachannel::parse_feature_tags(imsdp::datachannel::format_feature_tags(*tags));
    IMSDP_FUZZ_CHECK(again.has_value(), "written feature tags read back");
    IMSDP_FUZZ_CHECK(again->webrtc_datachannel == tags->webrtc_datachannel, "same datachannel tag");
    IMSDP_FUZZ_CHECK(again->dc_mux == tags->dc_mux, "same dc-mux tag");
    IMSDP_FUZZ_CHECK(again->aiml_support == tags->aiml_support, "same aiml support");
    return 0;
  }
  imsdp::parse_options options;
  options.profile = profile_of(data[1]);
  auto const parsed = imsdp::sdp::parse_attribute(name, value, options);
  if (!parsed) {
    IMSDP_FUZZ_CHECK(parsed.error().where.column <= value.size() + 1, "column within the value");
    return 0;
  }
  if (!parsed->is_typed()) return 0;
  std::string canonical;
  imsdp::sdp::append_value(canonical, *parsed);
  auto const again = imsdp::sdp::parse_attribute(name, canonical, options);
  IMSDP_FUZZ_CHECK(again.has_value(), "the canonical value parses");
  IMSDP_FUZZ_CHECK(again->typed == parsed->typed, "the canonical value gives the same typed value");
  std::string twice;
  imsdp::sdp::append_value(twice, *again);
  IMSDP_FUZZ_CHECK(twice == canonical, "canonical form is a fixpoint");
  return 0;
}
