// libre (baresip re): sdp_decode() of a remote description into a session.
#include <cstring>
#include <string>

#include "peers.hpp"

extern "C" {
#include <re.h>
}

namespace imsdp::bench {
namespace {

// libre decodes a remote description into a session it creates (offer/answer model); it has
// no printer for a decoded remote description.
int re_parse(std::string_view text) {
  static bool const initialised = [] {
    libre_init();
    return true;
  }();
  (void)initialised;
  mbuf* buffer = mbuf_alloc(text.size());
  mbuf_write_mem(buffer, reinterpret_cast<uint8_t const*>(text.data()), text.size());
  buffer->pos = 0;
  sa local{};
  sa_set_str(&local, "127.0.0.1", 0);
  sdp_session* session = nullptr;
  int media = -1;
  if (sdp_session_alloc(&session, &local) == 0) {
    if (sdp_decode(session, buffer, true) == 0)
      media = static_cast<int>(list_count(sdp_session_medial(session, false)));
    mem_deref(session);
  }
  mem_deref(buffer);
  return media;
}

}  // namespace

peer const libre{"libre", &re_parse, nullptr, nullptr, nullptr};

}  // namespace imsdp::bench
