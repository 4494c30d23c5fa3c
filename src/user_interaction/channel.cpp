// The interaction channel's answer rule and SIP body type (channel.hpp).
#include <imsdp/user_interaction/channel.hpp>

namespace imsdp::user_interaction {

channel_answer answer_channel(datachannel::channel const& c, std::uint64_t peer_max_message_size,
                              limits const& bounds) {
  auto const refuse = [](std::string reason) {
    return channel_answer{errc::ui_channel, std::move(reason)};
  };
  if (c.subprotocol() != subprotocol)
    return refuse("not the " + std::string(subprotocol) + " subprotocol");
  if (c.stream_id() < 1000)
    return refuse("an interaction channel is on a stream >= 1000 (TS 26.114)");
  if (!c.map->is_ordered() || !c.map->reliable())
    return refuse("an interaction channel is ordered and reliable");
  std::string_view initiator;
  int count = 0;
  for (auto const* s : c.scoped)
    if (s->inner_name == initiator_attribute) {
      initiator = s->inner_value;
      ++count;
    }
  if (count != 1)
    return refuse(count == 0 ? "no " + std::string(initiator_attribute) +
                                   " (the network starts interactions)"
                             : std::string(initiator_attribute) + " given twice");
  if (initiator != "network") return refuse("the initiator is not the network (operator control)");
  if (peer_max_message_size != 0 && peer_max_message_size < bounds.max_message_bytes)
    return refuse("max-message-size " + std::to_string(peer_max_message_size) +
                  " below a message of " + std::to_string(bounds.max_message_bytes) + " bytes");
  return {};
}

bool is_interaction_body(std::string_view value) noexcept {
  auto const end = value.find(';');
  auto type = value.substr(0, end);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
    type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t'))
    type.remove_prefix(1);
  if (type.size() != content_type.size()) return false;
  for (std::size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != content_type[i]) return false;
  }
  return true;
}

}  // namespace imsdp::user_interaction
