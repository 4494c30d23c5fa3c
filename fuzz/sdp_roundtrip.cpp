// sdp_roundtrip: for every input the lenient profile accepts, the lossless echo gives the
// input back, the canonical form re-parses, and canonical serialization is a fixpoint with
// the same typed values.
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const doc = imsdp::sdp::parse(text, imsdp::profile::lenient());
  if (!doc) return 0;
  IMSDP_FUZZ_CHECK(imsdp::sdp::serialize_exact(*doc) == text, "lossless echo");
  std::string const canonical = imsdp::sdp::serialize(*doc);
  auto const again = imsdp::sdp::parse(canonical, imsdp::profile::lenient());
  IMSDP_FUZZ_CHECK(again.has_value(), "the canonical form re-parses");
  IMSDP_FUZZ_CHECK(imsdp::sdp::serialize(*again) == canonical, "canonical fixpoint");
  IMSDP_FUZZ_CHECK(again->media_count() == doc->media_count(), "same media count");
  return 0;
}
