// ui_json: every user interaction reader. Whatever read() accepts writes to its RFC 8785 form,
// reads back to the same message and writes again to the same text. Whatever the
// allocation-free response reader accepts, read() accepts as the same response. The policy
// and key readers never crash, and a refused key file never echoes its material.
#include <imsdp/user_interaction/guard.hpp>
#include <imsdp/user_interaction/jws.hpp>
#include <imsdp/user_interaction/message.hpp>
#include <imsdp/user_interaction/policy.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

namespace ux = imsdp::user_interaction;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const m = ux::read(text);
  if (m) {
    auto const written = ux::write(*m);
    auto const again = ux::read(written);
    IMSDP_FUZZ_CHECK(again.has_value(), "the written form reads");
    IMSDP_FUZZ_CHECK(*again == *m, "read(write(m)) == m");
    IMSDP_FUZZ_CHECK(ux::write(*again) == written, "writing is a fixpoint");
    auto const canonical = ux::canonical_json(nlohmann::json::parse(written));
    IMSDP_FUZZ_CHECK(canonical.has_value() && *canonical == written, "write() is RFC 8785");
  }
  ux::response_view v;
  if (ux::read_response_view(text, {}, v) == imsdp::errc::ok) {
    IMSDP_FUZZ_CHECK(m.has_value(), "read() accepts what the view reader accepts");
    auto const* r = std::get_if<ux::response>(&*m);
    IMSDP_FUZZ_CHECK(r != nullptr, "the view reader reads only responses");
    IMSDP_FUZZ_CHECK(r->id == v.id && r->offer_id == v.offer_id && r->ts == v.ts, "same envelope");
    IMSDP_FUZZ_CHECK(r->answers.size() == v.answer_count && r->text.has_value() == v.has_text,
                     "same answers");
    for (std::size_t i = 0; i < r->answers.size(); ++i) {
      auto const& a = r->answers[i];
      auto const& b = v.answers[i];
      IMSDP_FUZZ_CHECK(a.aid == b.aid && a.rating.has_value() == b.has_rating &&
                           a.choice.value_or("") == b.choice && a.values.size() == b.value_count,
                       "same answer");
      if (a.rating) IMSDP_FUZZ_CHECK(*a.rating == b.rating, "same rating");
      for (std::size_t k = 0; k < a.values.size(); ++k)
        IMSDP_FUZZ_CHECK(a.values[k] == b.values[k], "same values");
    }
  }
  (void)ux::policy_from_json(text);
  if (auto const keys = ux::keys_from_json(text); !keys) {
    auto const message = keys.error().message();
    IMSDP_FUZZ_CHECK(message.find("secret\":\"") == std::string::npos, "no key material");
  }
  return 0;
}
