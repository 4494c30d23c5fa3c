// GStreamer gst-sdp: gst_sdp_message_parse_buffer() into a GstSDPMessage.
#include <cstring>
#include <string>

#include "peers.hpp"

extern "C" {
#include <gst/sdp/sdp.h>
}

namespace imsdp::bench {
namespace {

int gst_parse(std::string_view text) {
  GstSDPMessage* message = nullptr;
  gst_sdp_message_new(&message);
  auto const r = gst_sdp_message_parse_buffer(reinterpret_cast<guint8 const*>(text.data()),
                                              static_cast<guint>(text.size()), message);
  int const media = r == GST_SDP_OK ? static_cast<int>(gst_sdp_message_medias_len(message)) : -1;
  gst_sdp_message_free(message);
  return media;
}

void* gst_prepare(std::string_view text) {
  GstSDPMessage* message = nullptr;
  gst_sdp_message_new(&message);
  gst_sdp_message_parse_buffer(reinterpret_cast<guint8 const*>(text.data()),
                               static_cast<guint>(text.size()), message);
  return message;
}

std::size_t gst_print(void* prepared) {
  gchar* text = gst_sdp_message_as_text(static_cast<GstSDPMessage*>(prepared));
  std::size_t const n = std::strlen(text);
  g_free(text);
  return n;
}

void gst_release(void* prepared) {
  gst_sdp_message_free(static_cast<GstSDPMessage*>(prepared));
}

}  // namespace

peer const gst_sdp{"gst-sdp", &gst_parse, &gst_prepare, &gst_print, &gst_release};

}  // namespace imsdp::bench
