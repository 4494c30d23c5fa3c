// descriptor_json: whatever the reader accepts writes, reads back to the same value, and
// writes again to the same text (json -> descriptor -> json -> descriptor).
#include <imsdp/aiml/model/descriptor.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const d = imsdp::aiml::model::read_descriptor(text);
  if (!d) {
    IMSDP_FUZZ_CHECK(d.error().code != imsdp::errc::ok, "an error has a code");
    return 0;
  }
  auto const written = imsdp::aiml::model::write_descriptor(*d);
  auto const again = imsdp::aiml::model::read_descriptor(written);
  IMSDP_FUZZ_CHECK(again.has_value(), "the written form reads");
  IMSDP_FUZZ_CHECK(*again == *d, "read(write(d)) == d");
  IMSDP_FUZZ_CHECK(imsdp::aiml::model::write_descriptor(*again) == written,
                   "writing is a fixpoint");
  return 0;
}
