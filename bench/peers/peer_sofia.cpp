// sofia-sip: sdp_parse() into an sdp_session_t tree, sdp_print().
#include <cstring>
#include <string>

#include "peers.hpp"

extern "C" {
#include <sofia-sip/sdp.h>
#include <sofia-sip/su_alloc.h>
}

namespace imsdp::bench {
namespace {

su_home_t* sofia_home() {
  static auto* home = static_cast<su_home_t*>(su_home_new(sizeof(su_home_t)));
  return home;
}

int sofia_parse(std::string_view text) {
  sdp_parser_t* parser =
      sdp_parse(sofia_home(), text.data(), static_cast<issize_t>(text.size()), 0);
  sdp_session_t* session = sdp_session(parser);
  int media = -1;
  if (session != nullptr) {
    media = 0;
    for (sdp_media_t* m = session->sdp_media; m != nullptr; m = m->m_next)
      ++media;
  }
  sdp_parser_free(parser);
  return media;
}

void* sofia_prepare(std::string_view text) {
  return sdp_parse(sofia_home(), text.data(), static_cast<issize_t>(text.size()), 0);
}

std::size_t sofia_print(void* prepared) {
  auto* parser = static_cast<sdp_parser_t*>(prepared);
  sdp_printer_t* printer = sdp_print(sofia_home(), sdp_session(parser), nullptr, 0, 0);
  std::size_t const n = sdp_message(printer) != nullptr ? std::strlen(sdp_message(printer)) : 0;
  sdp_printer_free(printer);
  return n;
}

void sofia_release(void* prepared) {
  sdp_parser_free(static_cast<sdp_parser_t*>(prepared));
}

}  // namespace

peer const sofia_sip{"sofia-sip", &sofia_parse, &sofia_prepare, &sofia_print, &sofia_release};

}  // namespace imsdp::bench
