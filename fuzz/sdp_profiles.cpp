// sdp_profiles: strict-accepted implies accepted by every other profile with the same
// typed values (each profile only adds tolerances).
#include <imsdp/sdp/parse.hpp>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const strict = imsdp::sdp::parse(text, imsdp::profile::strict());
  if (!strict) return 0;
  for (auto const p : {imsdp::profile::jsep(), imsdp::profile::ims(), imsdp::profile::lenient()}) {
    auto const other = imsdp::sdp::parse(text, p);
    IMSDP_FUZZ_CHECK(other.has_value(), "strict-accepted input rejected by a wider profile");
    IMSDP_FUZZ_CHECK(other->fields().size() == strict->fields().size(), "same lines");
    for (std::size_t i = 0; i < strict->fields().size(); ++i)
      IMSDP_FUZZ_CHECK(other->fields()[i].value == strict->fields()[i].value, "same values");
  }
  return 0;
}
