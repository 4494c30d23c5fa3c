// ui_jws: the JWS verifier and the RFC 8785 writer. The oracle is unforgeability: a compact
// JWS that verifies under the fixed keys signs exactly a header and payload this target
// signed itself (HS256 and Ed25519 are deterministic, and base64url decoding accepts one
// spelling only), whatever the input. The canonical form of any JSON input is a fixpoint.
#include <imsdp/user_interaction/jws.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "ui_fixture.hpp"

namespace ux = fuzz_ui::ux;

namespace {

// What this target signs: each payload with each key; the corpus holds the results.
std::set<std::string> const& signed_inputs() {
  static std::set<std::string> const inputs = [] {
    std::set<std::string> out;
    for (auto const* payload : {"{}", R"({"a":1})", R"({"sub":"ps-1","exp":1777629660})"})
      for (auto const* kid : {"n1", "e1"}) {
        auto const jws = *ux::jws_sign(fuzz_ui::keys(), kid, payload);
        out.insert(jws.substr(0, jws.rfind('.')));
      }
    return out;
  }();
  return inputs;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const text(reinterpret_cast<char const*>(data), size);
  auto const now = fuzz_ui::epoch();
  for (auto use : {ux::key_use::token, ux::key_use::offer}) {
    auto const payload = ux::jws_verify(fuzz_ui::keys(), use, text, now);
    if (payload)
      IMSDP_FUZZ_CHECK(signed_inputs().count(text.substr(0, text.rfind('.'))) == 1,
                       "only what was signed verifies");
  }
  auto const detached =
      ux::jws_verify(fuzz_ui::keys(), ux::key_use::offer, text, now, R"({"a":1})");
  if (detached) IMSDP_FUZZ_CHECK(*detached == R"({"a":1})", "a detached payload is the given one");
  auto const doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_discarded()) {
    auto const canonical = ux::canonical_json(doc);
    if (canonical) {
      auto const again = ux::canonical_json(nlohmann::json::parse(*canonical));
      IMSDP_FUZZ_CHECK(again.has_value() && *again == *canonical, "canonical form is a fixpoint");
    }
  }
  return 0;
}
