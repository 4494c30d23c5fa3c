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

// quoted-visible-string (RFC 8864 section 5.1), content kept with its escapes
inline constexpr byte_class quoted_visible_chars = make_class(" ", "\x21\x21\x23\x24\x26\x7e");
auto const quoted = x3::lit('"') >
                    x3::raw[*(span<quoted_visible_chars> |
                              ('%' > byte_of<hex_chars> > byte_of<hex_chars>))] > '"';

struct placement_symbols : x3::symbols<placement> {
  placement_symbols() {
    add("ue", placement::ue)("nw", placement::nw)("split", placement::split)("seq", placement::seq);
  }
};
placement_symbols const placement_name;

// The parameters seen so far, to reject a repeated one.
struct parts {
  aiml_split_3gpp value;
  unsigned seen = 0;
};

/// An action that stores a parameter once (bit `flag`), with `convert` turning the X3
/// attribute into the member's value.
template <unsigned Flag, class Store>
auto once(Store store) {
  return [store](auto& ctx) {
    parts& p = x3::get<out_tag>(ctx).get();
    auto const& where = x3::_where(ctx);
    if ((p.seen & Flag) != 0)
      throw value_failure{where.begin(), static_cast<std::size_t>(where.end() - where.begin()),
                          errc::split_parameter_repeated, "param"};
    p.seen |= Flag;
    store(p.value, x3::_attr(ctx));
  };
}

template <class Range>
std::string_view text_of(Range const& r) {
  return std::string_view(r.begin(), static_cast<std::size_t>(r.size()));
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )   (RFC 3261 section 25.1)
auto const qvalue = x3::raw[(x3::lit('0') >> -('.' >> -span<digit_chars, 1, 3>)) |
                            (x3::lit('1') >> -('.' >> -(x3::repeat(1, 3)[x3::lit('0')])))];
auto const cfg_id = number<std::uint8_t>("cfg-id");

auto const param =
    (x3::lit("task=") > quoted[once<1>([](auto& v, auto const& a) { v.task = text_of(a); })]) |
    (x3::lit("model=") > quoted[once<2>([](auto& v, auto const& a) { v.model = text_of(a); })]) |
    (x3::lit("part=") > token[once<4>([](auto& v, std::string_view a) { v.part = a; })]) |
    (x3::lit("idc=") > number<std::uint16_t, 0, 65534>("idc")[once<8>(
                           [](auto& v, std::uint16_t a) { v.idc = a; })]) |
    (x3::lit("fmt=") > token[once<16>([](auto& v, std::string_view a) { v.fmt = a; })]) |
    (x3::lit("cmp=") >
     x3::raw[token > *(',' > token)][once<32>([](auto& v, auto const& a) { v.cmp = text_of(a); })]) |
    (x3::lit("ul=") > number<std::uint32_t, 0, 999999999>("ul")[once<64>(
                          [](auto& v, std::uint32_t a) { v.ul = a; })]) |
    (x3::lit("dl=") > number<std::uint32_t, 0, 999999999>("dl")[once<128>(
                          [](auto& v, std::uint32_t a) { v.dl = a; })]) |
    (x3::lit("lat=") > number<std::uint32_t, 0, 999999>("lat")[once<256>(
                           [](auto& v, std::uint32_t a) { v.lat = a; })]) |
    (x3::lit("acc=") > number<std::uint16_t, 0, 1000>("acc")[once<512>(
                           [](auto& v, std::uint16_t a) { v.acc = a; })]) |
    (x3::lit("steps=") > x3::raw[cfg_id > *(',' > cfg_id)][once<1024>(
                             [](auto& v, auto const& a) { v.steps = text_of(a); })]) |
    (x3::lit("q=") > qvalue[once<2048>([](auto& v, auto const& a) { v.q = text_of(a); })]) |
    // extension: token "=" (token / quoted-string), ignored
    (token >> '=' > (quoted | token));

}  // namespace

bool parse_value(std::string_view value, aiml_split_3gpp& out, value_context& c) {
  auto const set_cfg = [](auto& ctx) { x3::get<out_tag>(ctx).get().value.cfg_id = x3::_attr(ctx); };
  auto const set_placement = [](auto& ctx) {
    x3::get<out_tag>(ctx).get().value.placement = x3::_attr(ctx);
  };
  auto const set_parameters = [](auto& ctx) {
    x3::get<out_tag>(ctx).get().value.parameters = text_of(x3::_attr(ctx));
  };
  static auto const grammar = cfg_id[set_cfg] > sp > placement_name[set_placement] >
                              -(sp > x3::raw[param > *(';' > param)][set_parameters]);
  parts p;
  if (!run(value, grammar, p, c, "3gpp-aiml-split")) return false;
  out = p.value;
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
