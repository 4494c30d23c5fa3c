// iwf_json: the interworking JSON readers (policy, call state, media resources).
//
//   byte 0 % 3 picks the reader; the rest is the JSON text.
//
// Oracles: no crash, hang or unbounded allocation; an error names a JSON pointer or a
// text position; a state or resources object that reads back writes JSON that reads to an
// equal value (a state with its SDES keys kept; masked, it is equal or refused).
#include <cstddef>
#include <cstdint>
#include <imsdp/interworking/json.hpp>
#include <string_view>

#include "fuzz_check.hpp"

using namespace imsdp;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  if (size < 1) return 0;
  std::string_view const text(reinterpret_cast<char const*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: {
      auto const p = interworking::policy_from_json(text);
      if (!p) IMSDP_FUZZ_CHECK(p.error().code != errc::ok, "an error has a code");
      break;
    }
    case 1: {
      auto const s = interworking::state_from_json(text);
      if (!s) break;
      auto const kept = interworking::state_from_json(
          interworking::state_to_json(*s, interworking::state_keys::kept).dump());
      IMSDP_FUZZ_CHECK(kept && *kept == *s, "a state survives its JSON with its keys");
      // Masked, it reads back equal when it held no SDES key, else is refused by name.
      auto const masked = interworking::state_from_json(interworking::state_to_json(*s).dump());
      IMSDP_FUZZ_CHECK((masked && *masked == *s) ||
                           (!masked && masked.error().code == errc::json_value_out_of_range),
                       "a masked state reads back equal or is refused");
      break;
    }
    default: {
      auto const r = interworking::resources_from_json(text);
      if (!r) break;
      auto const back =
          interworking::resources_from_json(interworking::resources_to_json(*r).dump());
      IMSDP_FUZZ_CHECK(back && *back == *r, "resources survive their JSON");
      break;
    }
  }
  return 0;
}
