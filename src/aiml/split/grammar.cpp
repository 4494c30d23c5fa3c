// X3 grammar of a=3gpp-aiml-split (DESIGN.md section 5; the ABNF is in
// include/imsdp/aiml/split/attribute.hpp).
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

using namespace imsdp::grammar;
using aiml::split::aiml_split_3gpp;
using aiml::split::placement;

inline constexpr auto token = span<token_chars>;

constexpr auto quoted = quoted_visible_string;

struct placement_symbols : x3::symbols<placement> {
  placement_symbols() {
    add("ue", placement::ue)("nw", placement::nw)("split", placement::split)("seq", placement::seq);
  }
};
placement_symbols const placement_name;

/// An action that stores a parameter, with `store` turning the X3 attribute into the
/// member's value (repeats are found afterwards with their position).
template <class Store>
auto store_parameter(Store store) {
  return [store](auto& ctx) { store(x3::get<out_tag>(ctx).get(), x3::_attr(ctx)); };
}

template <class Range>
std::string_view text_of(Range const& r) {
  return std::string_view(r.begin(), static_cast<std::size_t>(r.size()));
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )   (RFC 3261 section 25.1)
auto const qvalue = x3::raw[(x3::lit('0') >> -('.' >> x3::repeat(0, 3)[byte_of<digit_chars>])) |
                            (x3::lit('1') >> -('.' >> -(x3::repeat(1, 3)[x3::lit('0')])))];
auto const cfg_id = number<std::uint8_t>("cfg-id");

/// Name (with its "=") followed by a value that must match.
template <fixed_string Name, class Value>
constexpr auto parameter(Value const& value) {
  return word<Name> >> expect[value];
}

auto const param =
    parameter<"task=">(
        quoted[store_parameter([](auto& v, auto const& a) { v.task = text_of(a); })]) |
    parameter<"model=">(
        quoted[store_parameter([](auto& v, auto const& a) { v.model = text_of(a); })]) |
    parameter<"part=">(token[store_parameter([](auto& v, std::string_view a) { v.part = a; })]) |
    parameter<"idc=">(number<std::uint16_t, 0, 65534>(
        "idc")[store_parameter([](auto& v, std::uint16_t a) { v.idc = a; })]) |
    parameter<"fmt=">(token[store_parameter([](auto& v, std::string_view a) { v.fmt = a; })]) |
    parameter<"cmp=">(x3::raw[token >> *(',' >> expect[token])][store_parameter(
        [](auto& v, auto const& a) { v.cmp = text_of(a); })]) |
    parameter<"ul=">(number<std::uint32_t, 0, 999999999>(
        "ul")[store_parameter([](auto& v, std::uint32_t a) { v.ul = a; })]) |
    parameter<"dl=">(number<std::uint32_t, 0, 999999999>(
        "dl")[store_parameter([](auto& v, std::uint32_t a) { v.dl = a; })]) |
    parameter<"lat=">(number<std::uint32_t, 0, 999999>(
        "lat")[store_parameter([](auto& v, std::uint32_t a) { v.lat = a; })]) |
    parameter<"acc=">(number<std::uint16_t, 0, 1000>(
        "acc")[store_parameter([](auto& v, std::uint16_t a) { v.acc = a; })]) |
    parameter<"steps=">(x3::raw[cfg_id >> *(',' >> expect[cfg_id])][store_parameter(
        [](auto& v, auto const& a) { v.steps = text_of(a); })]) |
    parameter<"q=">(qvalue[store_parameter([](auto& v, auto const& a) { v.q = text_of(a); })]) |
    parameter<"state=">(token[store_parameter([](auto& v, std::string_view a) { v.state = a; })]) |
    parameter<"fec=">(number<std::uint16_t, 1, 65535>(
        "fec")[store_parameter([](auto& v, std::uint16_t a) { v.fec = a; })]) |
    // extension: token "=" (token / quoted-string), ignored
    (token >> '=' >> expect[quoted | token]);

}  // namespace

bool parse_value(std::string_view value, aiml_split_3gpp& out, value_context& c) {
  auto const set_parameters = [](auto& ctx) {
    x3::get<out_tag>(ctx).get().parameters = text_of(x3::_attr(ctx));
  };
  static auto const grammar =
      cfg_id[set(&aiml_split_3gpp::cfg_id)] >> expect[sp] >>
      expect[placement_name[set(&aiml_split_3gpp::placement)]] >>
      -(sp >> expect[x3::raw[param >> *(';' >> expect[param])][set_parameters]]);
  if (!run(value, grammar, out, c, "3gpp-aiml-split")) return false;
  if (auto const name = repeated_name<";">(out.parameters); !name.empty()) {
    c.fail(errc::split_parameter_repeated, name.data(), name.size(), "param");
    return false;
  }
  // steps= belongs to seq configurations, and a seq configuration needs it.
  bool const seq = out.placement == placement::seq;
  if (seq != !out.steps.empty()) {
    c.fail(errc::split_steps_misplaced, seq ? value.data() : out.steps.data() - 6,
           seq ? value.size() : out.steps.size() + 6, "3gpp-aiml-split",
           seq ? "a seq configuration lists its steps" : "steps= is for seq configurations");
    return false;
  }
  return true;
}

}  // namespace imsdp::sdp::detail
