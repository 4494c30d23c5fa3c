// oSIP2: sdp_message_parse() into an sdp_message_t, sdp_message_to_str().
#include <cstring>

#include "peers.hpp"

extern "C" {
#include <osipparser2/osip_parser.h>
#include <osipparser2/sdp_message.h>
}

namespace imsdp::bench {
namespace {

int osip_parse(std::string_view text) {
  sdp_message_t* message = nullptr;
  if (sdp_message_init(&message) != 0) return -1;
  int const r = sdp_message_parse(message, text.data());  // NUL-terminated (peers.hpp)
  int const media = r == 0 ? osip_list_size(&message->m_medias) : -1;
  sdp_message_free(message);
  return media;
}

void* osip_prepare(std::string_view text) {
  sdp_message_t* message = nullptr;
  sdp_message_init(&message);
  sdp_message_parse(message, text.data());
  return message;
}

std::size_t osip_print(void* prepared) {
  char* text = nullptr;
  if (sdp_message_to_str(static_cast<sdp_message_t*>(prepared), &text) != 0 || text == nullptr)
    return 0;
  std::size_t const n = std::strlen(text);
  osip_free(text);
  return n;
}

void osip_release(void* prepared) {
  sdp_message_free(static_cast<sdp_message_t*>(prepared));
}

}  // namespace

peer const osip2{"osip2", &osip_parse, &osip_prepare, &osip_print, &osip_release};

}  // namespace imsdp::bench
