#include "negotiation/capneg.hpp"

#include <imsdp/detail/split.hpp>
#include <string>

namespace imsdp::negotiation::detail {
namespace {

std::optional<std::uint32_t> number_of(std::string_view digits) {
  if (digits.empty() || digits.size() > 10) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  if (n == 0 || n > 0x7FFFFFFF) return std::nullopt;
  return static_cast<std::uint32_t>(n);
}

std::optional<std::string_view> in(sdp::typed_range<sdp::attribute> const& attributes,
                                   std::uint32_t number) {
  for (auto const& a : attributes)
    if (auto const* t = a.get<sdp::tcap>()) {
      auto const list = t->protocol_list();
      if (number >= t->number && number - t->number < list.size()) return list[number - t->number];
    }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> transport_capability(sdp::session_description const& doc,
                                                     std::size_t i, std::uint32_t number) {
  if (auto p = in(doc.media(i).attributes(), number)) return p;
  return in(doc.session().attributes(), number);
}

std::optional<configuration_choice> choose_configuration(sdp::session_description const& offer,
                                                         std::size_t i, std::string_view proto) {
  std::optional<configuration_choice> best;
  for (auto const& p : offer.media(i).all<sdp::pcfg>()) {
    if (best && best->config <= p.number) continue;
    std::optional<configuration_choice> choice;
    bool usable = true;
    for (auto const config : p.configuration_list()) {
      if (config.starts_with("t=")) {
        // transport-protocol-config-list = "t=" trpr-cap-num *(BAR trpr-cap-num)
        for (auto const alternative : imsdp::detail::split(config.substr(2), '|')) {
          auto const n = number_of(alternative);
          auto const named = n ? transport_capability(offer, i, *n) : std::nullopt;
          if (!choice && named && *named == proto)
            choice = configuration_choice{p.number, *n, *named};
        }
      } else if (config.starts_with("a=")) {
        // Mandatory attribute capabilities are outside the brackets (RFC 5939 3.5.1);
        // "a=-..." deletes the m-line's attributes: both need acap support this side lacks.
        auto const list = config.substr(2);
        if (list.starts_with('-') || !list.starts_with('[')) usable = false;
      } else if (config.starts_with('+')) {
        usable = false;  // a mandatory extension (RFC 5939 3.5.1)
      }
    }
    if (usable && choice) best = choice;
  }
  return best;
}

std::optional<std::string> configuration_problem(sdp::session_description const& offer,
                                                 std::size_t i, sdp::acfg const& taken,
                                                 std::string_view proto) {
  for (auto const& p : offer.media(i).all<sdp::pcfg>()) {
    if (p.number != taken.number) continue;
    for (auto const selected : taken.configuration_list()) {
      if (!selected.starts_with("t=")) continue;
      auto const k = number_of(selected.substr(2));
      auto const named = k ? transport_capability(offer, i, *k) : std::nullopt;
      if (!named || *named != proto)
        return "acfg " + std::string(selected) + " does not name the answer's " +
               std::string(proto);
      return std::nullopt;
    }
    return std::nullopt;
  }
  return "acfg " + std::to_string(taken.number) + " names no offered pcfg";
}

}  // namespace imsdp::negotiation::detail
