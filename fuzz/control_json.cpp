// control_json: whatever the reader accepts writes within the same max-message-size, reads
// back to the same message and writes again to the same text; a failed message yields an
// error reply that itself writes and reads.
#include <imsdp/aiml/control/message.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  namespace control = imsdp::aiml::control;
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const m = control::read_message(text);
  if (!m) {
    auto const reply = control::error_reply("r1", control::message_id(text), m.error());
    auto const written = control::write_message(reply);
    IMSDP_FUZZ_CHECK(written.has_value(), "the error reply writes");
    IMSDP_FUZZ_CHECK(control::read_message(*written).has_value(), "the error reply reads");
    return 0;
  }
  auto const written = control::write_message(*m);
  IMSDP_FUZZ_CHECK(written.has_value(), "an accepted message writes");
  auto const again = control::read_message(*written);
  IMSDP_FUZZ_CHECK(again.has_value(), "the written form reads");
  IMSDP_FUZZ_CHECK(*again == *m, "read(write(m)) == m");
  IMSDP_FUZZ_CHECK(control::write_message(*again).value() == *written, "writing is a fixpoint");
  control::correlator c;
  if (c.request(*m)) IMSDP_FUZZ_CHECK(c.outstanding() <= 1, "one request outstanding");
  return 0;
}
