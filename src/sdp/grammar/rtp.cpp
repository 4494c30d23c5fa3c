// X3 grammars of the RTP media attributes (RFC 8866 section 6, RFC 3605, RFC 4585,
// RFC 8285, RFC 6236), preconditions (RFC 3312) and capability negotiation (RFC 5939).
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

using namespace imsdp::grammar;

inline constexpr auto token = span<token_chars>;

// 1*WSP, WSP = SP / HTAB (RFC 5234): the separator of RFC 6236 and RFC 5939 lists
inline constexpr byte_class wsp_chars = make_class(" \t");
inline constexpr auto wsp = span<wsp_chars>;

// non-zero-int-or-real = integer / non-zero-real ; integer = POS-DIGIT *DIGIT
// non-zero-real = zero-based-integer "." *DIGIT POS-DIGIT     (RFC 8866 section 9; ptime,
// maxptime and framerate values)
auto const decimal = x3::raw[span<digit_chars> >> -('.' >> expect[span<digit_chars>])];

bool non_zero_int_or_real(std::string_view text) {
  auto const dot = text.find('.');
  auto const whole = text.substr(0, dot);
  if (dot == std::string_view::npos) return whole[0] != '0';
  auto const fraction = text.substr(dot + 1);
  return (whole == "0" || whole[0] != '0') && fraction.back() != '0';
}

// direction = "sendonly" / "recvonly" / "sendrecv" / "inactive" (RFC 8285 section 8)
constexpr auto direction_name =
    keywords<media_direction>({{"sendrecv", media_direction::sendrecv},
                               {"sendonly", media_direction::sendonly},
                               {"recvonly", media_direction::recvonly},
                               {"inactive", media_direction::inactive}});

template <class T>
bool parse_decimal(std::string_view value, T& out, decimal_value T::*member, value_context& c,
                   char const* rule) {
  struct holder {
    std::string_view text;
  } h;
  if (!run(value, decimal[set_text(&holder::text)], h, c, rule)) return false;
  if (!non_zero_int_or_real(h.text)) {
    c.fail(errc::syntax, value.data(), value.size(), rule,
           "a positive number without leading zeros");
    return false;
  }
  (out.*member).text = h.text;
  return true;
}

// RFC 5939 3.5.1 and 3.5.2, shared by pcfg and acfg: config-number and cap numbers are
// 1*10(DIGIT) (1..2^31-1); mo-att-cap-list = mandatory-optional-att-cap-list /
// mandatory-att-cap-list / optional-att-cap-list; delete-attributes = DELETE ( "m" / "s" /
// "ms" ); extension-config-list = ["+"] ext-cap-name "=" ext-cap-list
constexpr auto cap_num = number<std::uint32_t, 1, 0x7FFFFFFF>("cap-num");
constexpr auto att_cap_list = cap_num >> *(',' >> cap_num);
constexpr auto optional_list = expect[att_cap_list] >> expect[']'];
constexpr auto mo_list =
    ('[' >> optional_list) | (att_cap_list >> -(x3::lit(',') >> '[' >> optional_list));
constexpr auto delete_attributes = '-' >> expect[x3::lit("ms") | 'm' | 's'];
constexpr byte_class ext_name_chars = alpha_numeric_chars | make_class(".");
constexpr auto ext_cap_name = span<ext_name_chars>;
constexpr auto extension_config =
    -x3::lit('+') >> ext_cap_name >> '=' >> expect[span<non_ws_chars>];

}  // namespace

// rtpmap-value = payload-type SP encoding-name "/" clock-rate ["/" encoding-params]
// payload-type = zero-based-integer ; encoding-params = channels ; channels = integer
// (RFC 8866 section 6.6; payload types 0..127, RFC 3551)
bool parse_value(std::string_view value, rtpmap& out, value_context& c) {
  static constexpr auto grammar =
      zero_based<std::uint8_t, 0, 127>("payload-type")[set(&rtpmap::payload_type)]                //
      >> expect[sp] >> expect[token[set(&rtpmap::encoding_name)]]                                 //
      >> expect['/'] >> expect[number<std::uint32_t, 1>("clock-rate")[set(&rtpmap::clock_rate)]]  //
      >> -('/' >> expect[x3::raw[integer<std::uint32_t>("channels")]
                                [set_text(&rtpmap::encoding_parameters)]]);
  return run(value, grammar, out, c, "rtpmap");
}

// fmtp-value = fmt SP format-specific-params ; format-specific-params = byte-string
bool parse_value(std::string_view value, fmtp& out, value_context& c) {
  static constexpr auto grammar = token[set(&fmtp::format)] >> expect[sp] >>
                                  expect[span<byte_string_chars>[set(&fmtp::parameters)]];
  return run(value, grammar, out, c, "fmtp");
}

// ptime-value = decimal milliseconds (RFC 8866 section 6.4)
bool parse_value(std::string_view value, ptime& out, value_context& c) {
  return parse_decimal(value, out, &ptime::milliseconds, c, "ptime");
}

// maxptime-value = decimal milliseconds (RFC 8866 section 6.5)
bool parse_value(std::string_view value, maxptime& out, value_context& c) {
  return parse_decimal(value, out, &maxptime::milliseconds, c, "maxptime");
}

// framerate-value = decimal frames per second (RFC 8866 section 6.10)
bool parse_value(std::string_view value, framerate& out, value_context& c) {
  return parse_decimal(value, out, &framerate::frames_per_second, c, "framerate");
}

// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address]
// (RFC 3605 section 2.1)
bool parse_value(std::string_view value, rtcp& out, value_context& c) {
  static constexpr auto grammar = number<std::uint16_t>("port")[set(&rtcp::port)] >>
                                  -(sp >> expect[token[set(&rtcp::network_type)]] >> expect[sp] >>
                                    expect[token[set(&rtcp::address_type)]] >> expect[sp] >>
                                    expect[span<non_ws_chars>[set(&rtcp::address)]]);
  return run(value, grammar, out, c, "rtcp");
}

// rtcp-fb-syntax = "a=rtcp-fb:" rtcp-fb-pt SP rtcp-fb-val (RFC 4585 section 4.2)
// rtcp-fb-pt = "*" / fmt ; rtcp-fb-id = 1*(alpha-numeric / "-" / "_")
// rtcp-fb-val = "trr-int" SP 1*DIGIT / rtcp-fb-id rtcp-fb-param
// rtcp-fb-param = SP "app" [SP byte-string] / SP token [SP byte-string] / ; empty
bool parse_value(std::string_view value, rtcp_fb& out, value_context& c) {
  static constexpr byte_class id_chars = alpha_numeric_chars | make_class("-_");
  static constexpr auto grammar =
      token[set(&rtcp_fb::format)] >> expect[sp] >> expect[span<id_chars>[set(&rtcp_fb::type)]] >>
      -(sp >> expect[x3::raw[token >> -(sp >> expect[span<byte_string_chars>])]
                            [set_text(&rtcp_fb::parameters)]]);
  if (!run(value, grammar, out, c, "rtcp-fb")) return false;
  if (out.type == "trr-int") {
    bool digits = !out.parameters.empty();
    for (char ch : out.parameters)
      digits = digits && ch >= '0' && ch <= '9';
    if (!digits) {
      // Point at the parameters, or at the end of the value when there are none.
      char const* at = out.parameters.empty() ? value.data() + value.size() : out.parameters.data();
      c.fail(errc::syntax, at, out.parameters.size(), "rtcp-fb",
             "trr-int takes a number of milliseconds");
      return false;
    }
  }
  return true;
}

// extmap = mapentry SP extensionname [SP extensionattributes] (RFC 8285 section 8)
// mapentry = "extmap:" 1*5DIGIT ["/" direction] ; extensionname = URI
bool parse_value(std::string_view value, extmap& out, value_context& c) {
  static constexpr auto grammar =
      number<std::uint16_t, 1>("extmap-id", 5)[set(&extmap::id)] >>
      -('/' >> expect[direction_name[set(&extmap::direction)]]) >> expect[sp] >>
      expect[span<uri_chars>[set(&extmap::uri)]] >>
      -(sp >> expect[span<byte_string_chars>[set(&extmap::extension_attributes)]]);
  if (!run(value, grammar, out, c, "extmap")) return false;
  // 1..14 one-byte, 1..255 two-byte headers; 4096..4351 only in offers (section 7)
  if (out.id > 255 && (out.id < 4096 || out.id > 4351)) {
    auto const digits = value.find_first_not_of("0123456789");
    c.fail(errc::value_out_of_range, value.data(), digits, "extmap-id");
    return false;
  }
  return true;
}

// image-attr = "imageattr:" PT 1*2( 1*WSP ( "send" / "recv" ) 1*WSP attr-list )
// attr-list = ( set *(1*WSP set) ) / "*"            (RFC 6236 section 3.1.1)
// set = "[" "x=" xyrange "," "y=" xyrange *( "," key-value ) "]"
bool parse_value(std::string_view value, imageattr& out, value_context& c) {
  static constexpr auto onetonine = byte_of<pos_digit_chars>;
  static constexpr auto digit = byte_of<digit_chars>;
  // xyvalue = onetonine *5DIGIT
  static constexpr auto xyvalue = onetonine >> x3::repeat(0, 5)[digit];
  // xyrange = ( "[" xyvalue ":" [ xyvalue ":" ] xyvalue "]" )
  //         / ( "[" xyvalue 1*( "," xyvalue ) "]" ) / ( xyvalue )
  static constexpr auto xyrange = ('[' >> xyvalue >> ':' >> xyvalue >> -(':' >> xyvalue) >> ']') |
                                  ('[' >> xyvalue >> +(',' >> xyvalue) >> ']') | xyvalue;
  // sarvalue = parvalue = ( "0" "." onetonine *3DIGIT ) / ( onetonine "." 1*4DIGIT )
  static constexpr auto ratio =
      ('0' >> expect['.'] >> expect[onetonine] >> x3::repeat(0, 3)[digit]) |
      (onetonine >> expect['.'] >> expect[x3::repeat(1, 4)[digit]]);
  // srange = ( "[" sarvalue 1*( "," sarvalue ) "]" ) / ( "[" sarvalue "-" sarvalue "]" )
  //        / ( sarvalue ) ; prange = ( "[" parvalue "-" parvalue "]" )
  static constexpr auto srange =
      ('[' >> ratio >> '-' >> ratio >> ']') | ('[' >> ratio >> +(',' >> ratio) >> ']') | ratio;
  static constexpr auto prange =
      '[' >> expect[ratio] >> expect['-'] >> expect[ratio] >> expect[']'];
  // qvalue = ( "0" "." 1*2DIGIT ) / ( "1" "." 1*2("0") )
  static constexpr auto qvalue = ('0' >> expect['.'] >> expect[x3::repeat(1, 2)[digit]]) |
                                 ('1' >> expect['.'] >> expect[x3::repeat(1, 2)[x3::lit('0')]]);
  // key-value = ( "sar=" srange ) / ( "par=" prange ) / ( "q=" qvalue )
  static constexpr auto key_value =
      ("sar=" >> expect[srange]) | ("par=" >> expect[prange]) | ("q=" >> expect[qvalue]);
  // set = "[" "x=" xyrange "," "y=" xyrange *( "," key-value ) "]"
  static constexpr auto set_rule = '[' >> expect["x="] >> expect[xyrange] >> expect[','] >>
                                   expect["y="] >> expect[xyrange] >> *(',' >> expect[key_value]) >>
                                   expect[']'];
  // attr-list = ( set *(1*WSP set) ) / "*"
  static constexpr auto attr_list =
      x3::raw[(set_rule >> *(wsp >> &x3::lit('[') >> expect[set_rule])) | '*'];
  // Each direction at most once (1*2 of send/recv).
  static constexpr auto once = [](std::string_view imageattr::*member) {
    return [member](auto& ctx) {
      auto& attr = x3::get<out_tag>(ctx).get();
      auto const& range = x3::_attr(ctx);
      if (!(attr.*member).empty()) {
        x3::_pass(ctx) = fail_value(ctx, range.begin(), static_cast<std::size_t>(range.size()),
                                    errc::syntax, "image-attr");
        return;
      }
      attr.*member = std::string_view(range.begin(), static_cast<std::size_t>(range.size()));
    };
  };
  static constexpr auto direction_list =
      (x3::lit("send") >> expect[wsp] >> expect[attr_list[once(&imageattr::send)]]) |
      (x3::lit("recv") >> expect[wsp] >> expect[attr_list[once(&imageattr::recv)]]);
  static constexpr auto pt = x3::raw[span<digit_chars> | '*'];
  static constexpr auto grammar = pt[set_text(&imageattr::format)] >> expect[wsp] >>
                                  expect[direction_list] >> -(wsp >> direction_list);
  return run(value, grammar, out, c, "imageattr");
}

// RFC 3312 section 5:
// precondition-type = "qos" / token ; status-type = "e2e" / "local" / "remote"
// direction-tag = "none" / "send" / "recv" / "sendrecv"
// strength-tag = "mandatory" / "optional" / "none" / "failure" / "unknown"
namespace {
constexpr auto status_name = keywords<status_type>(
    {{"e2e", status_type::e2e}, {"local", status_type::local}, {"remote", status_type::remote}});
constexpr auto strength_name = keywords<strength_tag>({{"mandatory", strength_tag::mandatory},
                                                       {"optional", strength_tag::optional},
                                                       {"none", strength_tag::none},
                                                       {"failure", strength_tag::failure},
                                                       {"unknown", strength_tag::unknown}});
constexpr auto precondition_direction_name =
    keywords<precondition_direction>({{"none", precondition_direction::none},
                                      {"send", precondition_direction::send},
                                      {"recv", precondition_direction::recv},
                                      {"sendrecv", precondition_direction::sendrecv}});

template <class T>
bool parse_current_or_confirmed(std::string_view value, T& out, value_context& c,
                                char const* rule) {
  static constexpr auto grammar = token[set(&T::precondition_type)] >> expect[sp] >>
                                  expect[status_name[set(&T::status)]] >> expect[sp] >>
                                  expect[precondition_direction_name[set(&T::direction)]];
  return run(value, grammar, out, c, rule);
}
}  // namespace

// curr-attribute = "a=curr:" precondition-type SP status-type SP direction-tag
bool parse_value(std::string_view value, curr& out, value_context& c) {
  return parse_current_or_confirmed(value, out, c, "curr");
}

// des-attribute = "a=des:" precondition-type SP strength-tag SP status-type SP direction-tag
bool parse_value(std::string_view value, des& out, value_context& c) {
  static constexpr auto grammar = token[set(&des::precondition_type)] >> expect[sp] >>
                                  expect[strength_name[set(&des::strength)]] >> expect[sp] >>
                                  expect[status_name[set(&des::status)]] >> expect[sp] >>
                                  expect[precondition_direction_name[set(&des::direction)]];
  return run(value, grammar, out, c, "des");
}

// conf-attribute = "a=conf:" precondition-type SP status-type SP direction-tag
bool parse_value(std::string_view value, conf& out, value_context& c) {
  return parse_current_or_confirmed(value, out, c, "conf");
}

// RFC 5939 section 3.4.2 / 3.5.1:
// tcap = "a=tcap:" trpr-cap-num 1*WSP proto-list ; proto-list = proto *(1*WSP proto)
// trpr-cap-num = 1*10(DIGIT) (1..2^31-1)
bool parse_value(std::string_view value, tcap& out, value_context& c) {
  static constexpr auto proto = token >> *('/' >> expect[token]);
  static constexpr auto grammar =
      number<std::uint32_t, 1, 0x7FFFFFFF>("trpr-cap-num")[set(&tcap::number)] >> expect[wsp] >>
      expect[x3::raw[proto >> *(wsp >> expect[proto])][set_text(&tcap::protocols)]];
  return run(value, grammar, out, c, "tcap");
}

// pcfg = "a=pcfg:" config-number [1*WSP pot-cfg-list] ; pot-cfg-list = pot-config
// *(1*WSP pot-config) ; pot-config = attribute-config-list / transport-protocol-config-list
// / extension-config-list
// attribute-config-list = "a=" delete-attributes / "a=" [delete-attributes ":"]
//                         mo-att-cap-list *(BAR mo-att-cap-list)
// transport-protocol-config-list = "t=" trpr-cap-num *(BAR trpr-cap-num)
// extension-config-list = ["+"] ext-cap-name "=" ext-cap-list
bool parse_value(std::string_view value, pcfg& out, value_context& c) {
  static constexpr auto attribute_config =
      "a=" >> expect[(delete_attributes >> !x3::lit(':')) |
                     (-(delete_attributes >> expect[':']) >> mo_list >> *('|' >> expect[mo_list]))];
  static constexpr auto transport_config = "t=" >> expect[cap_num] >> *('|' >> expect[cap_num]);
  static constexpr auto pot_config = attribute_config | transport_config | extension_config;
  static constexpr auto grammar =
      cap_num[set(&pcfg::number)] >>
      -(wsp >> expect[x3::raw[pot_config >> *(wsp >> expect[pot_config])]
                             [set_text(&pcfg::configurations)]]);
  return run(value, grammar, out, c, "pcfg");
}

// acfg = "a=acfg:" config-number [1*WSP sel-cfg-list] ; sel-cfg-list = sel-config
// *(1*WSP sel-config) ; sel-config = "a=" delete-attributes / "a=" [delete-attributes ":"]
// mo-att-cap-list / "t=" trpr-cap-num / extension-config-list  (RFC 5939 3.5.2: what was
// selected, so no '|' alternatives)
bool parse_value(std::string_view value, acfg& out, value_context& c) {
  static constexpr auto attribute_config =
      "a=" >> expect[(delete_attributes >> !x3::lit(':')) |
                     (-(delete_attributes >> expect[':']) >> mo_list)];
  static constexpr auto transport_config = "t=" >> expect[cap_num];
  static constexpr auto sel_config = attribute_config | transport_config | extension_config;
  static constexpr auto grammar =
      cap_num[set(&acfg::number)] >>
      -(wsp >> expect[x3::raw[sel_config >> *(wsp >> expect[sel_config])]
                             [set_text(&acfg::configurations)]]);
  return run(value, grammar, out, c, "acfg");
}

}  // namespace imsdp::sdp::detail
