// a=3gpp-aiml-split (DESIGN.md section 5; our proposal, no 3GPP text is agreed yet): one
// AI/ML split-point configuration, scoped with a=dcsa to the 3gpp-aiml control channel.
//
//   aiml-split = "3gpp-aiml-split:" cfg-id SP placement [SP param *(";" param)]
//   cfg-id     = 1*3DIGIT                        ; 0..255, unique per control channel
//   placement  = "ue" / "nw" / "split" / "seq"
//   param      = "task=" quoted / "model=" quoted / "part=" token / "idc=" 1*5DIGIT
//              / "fmt=" token / "cmp=" token *("," token) / "ul=" 1*9DIGIT / "dl=" 1*9DIGIT
//              / "lat=" 1*6DIGIT / "acc=" 1*4DIGIT / "steps=" cfg-id *("," cfg-id)
//              / "q=" qvalue / "state=" token                 ; stateful: reliable / resume
//              / "fec=" 1*5DIGIT                              ; parity groups, 1..65535
//              / token "=" (token / quoted)                   ; extension, ignored
//
// "quoted" is RFC 8864's quoted-visible-string (with %HH escapes), as dcmap uses.
#pragma once

#include <cstdint>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace imsdp::aiml::split {

enum class placement : std::uint8_t { ue, nw, split, seq };

[[nodiscard]] constexpr std::string_view to_string(placement p) noexcept {
  switch (p) {
    case placement::ue:
      return "ue";
    case placement::nw:
      return "nw";
    case placement::split:
      return "split";
    case placement::seq:
      return "seq";
  }
  return "ue";
}

/// The parsed attribute: views into the line. The owned, editable form used by the
/// offer/answer functions is configuration (configuration.hpp).
struct aiml_split_3gpp {
  static constexpr std::string_view name = "3gpp-aiml-split";
  std::uint8_t cfg_id = 0;
  split::placement placement = placement::ue;
  std::string_view parameters;  // the ';'-separated parameters as written, may be empty
  std::string_view task;        // quoted-string content (escapes kept), empty if absent
  std::string_view model;
  std::string_view part;
  std::optional<std::uint16_t> idc;
  std::string_view fmt;
  std::string_view cmp;              // comma list
  std::optional<std::uint32_t> ul;   // kbit/s
  std::optional<std::uint32_t> dl;   // kbit/s
  std::optional<std::uint32_t> lat;  // ms
  std::optional<std::uint16_t> acc;  // per mille, 0..1000
  std::string_view steps;            // comma list of cfg-ids (seq only)
  std::string_view q;                // qvalue as written
  std::string_view state;            // stateful split: "reliable" / "resume"; empty: none
  std::optional<std::uint16_t> fec;  // data fragments per parity fragment (docs/aidf.md)
  [[nodiscard]] constexpr unsigned key() const noexcept { return cfg_id; }
  [[nodiscard]] imsdp::detail::split_range compression_profiles() const noexcept {
    return imsdp::detail::split(cmp, ',');
  }
  [[nodiscard]] imsdp::detail::split_range step_list() const noexcept {
    return imsdp::detail::split(steps, ',');
  }
  /// The parameter "name=value" as written (for positions), empty if absent.
  [[nodiscard]] std::string_view parameter(std::string_view parameter_name) const noexcept;
  friend bool operator==(aiml_split_3gpp const&, aiml_split_3gpp const&) = default;
};

/// Calls `each` with every ';'-separated parameter of `list`. A quoted-visible-string may
/// hold ';' (%x21 / %x23-24 / %x26-7E, RFC 8864 section 5.1) and never '"', so a ';'
/// between quotes does not separate.
template <class Each>
constexpr void for_each_parameter(std::string_view list, Each each) {
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i < list.size()) {
      if (list[i] == '"') quoted = !quoted;
      if (quoted || list[i] != ';') continue;
    }
    each(list.substr(start, i - start));
    start = i + 1;
  }
}

inline std::string_view aiml_split_3gpp::parameter(std::string_view parameter_name) const noexcept {
  std::string_view found;
  for_each_parameter(parameters, [&](std::string_view p) {
    if (found.empty() && p.size() > parameter_name.size() && p[parameter_name.size()] == '=' &&
        p.substr(0, parameter_name.size()) == parameter_name)
      found = p;
  });
  return found;
}

inline void append_value(imsdp::detail::text_writer& out, aiml_split_3gpp const& a) {
  imsdp::detail::append_number(out, unsigned{a.cfg_id});
  out += ' ';
  out += to_string(a.placement);
  if (!a.parameters.empty()) {
    out += ' ';
    out += a.parameters;
  }
}

}  // namespace imsdp::aiml::split
