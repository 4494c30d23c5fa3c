// X3 grammars for the values of the RFC 8866 line types (section 9 ABNF; each rule's
// comment quotes it). The line splitter has already removed "x=" and the line ending.
#include "sdp/address.hpp"
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

using namespace imsdp::grammar;

// username = non-ws-string
inline constexpr auto username = span<non_ws_chars>;
// nettype = token ; addrtype = token
inline constexpr auto token = span<token_chars>;
// unicast-address = IP4-address / IP6-address / FQDN / extn-addr (extn-addr = non-ws-string)
inline constexpr auto address = span<non_ws_chars>;

// time = POS-DIGIT 9*DIGIT ; start-time = time / "0" ; stop-time = time / "0"
struct ntp_time_parser : x3::parser<ntp_time_parser> {
  using attribute_type = std::uint64_t;
  static bool const has_attribute = true;
  bool allow_zero = true;  // start-time and stop-time may be "0"; a z= time may not
  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    std::uint64_t value = 0;
    bool overflow = false;
    Iterator const it = read_digits(first, last, value, overflow);
    auto const digits = it - first;
    if (digits == 0) return false;
    bool const zero = allow_zero && digits == 1 && *first == '0';
    if (!zero && (*first == '0' || digits < 10)) return false;
    if (overflow)
      return fail_value(context, first, static_cast<std::size_t>(digits), errc::value_out_of_range,
                        "time");
    attr = value;
    first = it;
    return true;
  }
};
inline constexpr ntp_time_parser ntp_time{};
inline constexpr ntp_time_parser adjustment_time{{}, false};

// fixed-len-time-unit = %s"d" / %s"h" / %s"m" / %s"s"
struct time_unit_symbols : x3::symbols<char> {
  time_unit_symbols() { add("d", 'd')("h", 'h')("m", 'm')("s", 's'); }
};
time_unit_symbols const time_unit;

// typed-time = 1*DIGIT [fixed-len-time-unit] ; repeat-interval = POS-DIGIT *DIGIT [unit]
auto typed_time_into(typed_time repeat::*member) {
  return number<std::uint64_t>("typed-time")[([member](auto& ctx) {
           (x3::get<out_tag>(ctx).get().*member).value = x3::_attr(ctx);
         })] >>
         -time_unit[(
             [member](auto& ctx) { (x3::get<out_tag>(ctx).get().*member).unit = x3::_attr(ctx); })];
}

// unicast-address = IP4-address / IP6-address / FQDN / extn-addr: for IP4 and IP6 the
// address is one of that family or a domain name (which has no ':').
bool check_unicast_address(std::string_view address_type, std::string_view text, value_context& c) {
  bool const colon = text.find(':') != std::string_view::npos;
  bool ok = true;
  if (address_type == "IP4") {
    ok = !colon && (parse_ip4(text) || !looks_like_ip4(text));  // a valid one: one scan
  } else if (address_type == "IP6") {
    ok = !colon || is_ip6(text);
  }
  char const* const rule = address_type == "IP4" ? "IP4-address" : "IP6-address";
  if (ok) return true;
  if (c.allows(tolerance::lax_tokens)) {  // iTunes writes "IN IP4 fe80::..."
    c.report(errc::nonstandard_syntax, severity::warning, text.data(), text.size(), rule);
    return true;
  }
  c.fail(errc::syntax, text.data(), text.size(), rule);
  return false;
}

struct version_out {
  std::uint32_t value = 0;
};

}  // namespace

// version-field = %s"v" "=" 1*DIGIT
bool parse_value(std::string_view value, std::uint32_t& version, value_context& c) {
  version_out out;
  if (!run(value, number<std::uint32_t>("version")[set(&version_out::value)], out, c,
           "version-field"))
    return false;
  version = out.value;
  if (version != 0) {
    c.fail(errc::version_not_zero, value.data(), value.size(), "version-field");
    return false;
  }
  return true;
}

// origin-field = %s"o" "=" username SP sess-id SP sess-version SP nettype SP addrtype SP
//                unicast-address
// sess-id = 1*DIGIT ; sess-version = 1*DIGIT (held in 64 bits: RFC 3264 section 5 asks
// for values representable as 64-bit signed integers when generated)
bool parse_value(std::string_view value, origin& out, value_context& c) {
  static constexpr auto grammar =
      username[set(&origin::username)]                                                     //
      >> expect[sp] >> expect[number<std::uint64_t>("sess-id")[set(&origin::session_id)]]  //
      >> expect[sp] >>
      expect[number<std::uint64_t>("sess-version")[set(&origin::session_version)]]  //
      >> expect[sp] >> expect[token[set(&origin::network_type)]]                    //
      >> expect[sp] >> expect[token[set(&origin::address_type)]]                    //
      >> expect[sp] >> expect[address[set(&origin::address)]];
  if (!run(value, grammar, out, c, "origin-field")) return false;
  return check_unicast_address(out.address_type, out.address, c);
}

// connection-field = %s"c" "=" nettype SP addrtype SP connection-address
// connection-address = multicast-address / unicast-address
// IP4-multicast = m1 3( "." decimal-uchar ) "/" ttl [ "/" numaddr ]
// IP6-multicast = IP6-address [ "/" numaddr ] ; ttl = (POS-DIGIT *2DIGIT) / "0"
bool parse_value(std::string_view value, connection& out, value_context& c) {
  static constexpr auto grammar = token[set(&connection::network_type)]                           //
                                  >> expect[sp] >> expect[token[set(&connection::address_type)]]  //
                                  >> expect[sp] >> expect[address[set(&connection::address)]];
  if (!run(value, grammar, out, c, "connection-field")) return false;
  bool const ip4_type = out.address_type == "IP4";
  bool const ip6_type = out.address_type == "IP6";
  // extn-addr = non-ws-string: other address types keep any suffix in the address.
  if (!ip4_type && !ip6_type) return true;

  // Split "address/n1/n2" and read the suffixes.
  std::string_view const whole = out.address;
  auto const slash = whole.find('/');
  out.address = whole.substr(0, slash);
  std::optional<std::uint32_t> suffix[2];
  char const* suffix_at[2] = {nullptr, nullptr};
  std::string_view rest =
      slash == std::string_view::npos ? std::string_view{} : whole.substr(slash);
  for (int i = 0; !rest.empty(); ++i) {
    if (i == 2 || rest[0] != '/') {
      c.fail(errc::syntax, rest.data(), rest.size(), "connection-address",
             "at most two /n suffixes");
      return false;
    }
    rest.remove_prefix(1);
    std::size_t digits = 0;
    std::uint64_t n = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9' && n <= 0xFFFFFFFFu)
      n = n * 10 + static_cast<unsigned>(rest[digits++] - '0');
    if (digits == 0 || (digits < rest.size() && rest[digits] != '/')) {
      c.fail(errc::syntax, rest.data(), 1, "connection-address", "expected a number");
      return false;
    }
    // ttl = (POS-DIGIT *2DIGIT) / "0" ; numaddr = integer = POS-DIGIT *DIGIT
    if (rest[0] == '0' && (digits > 1 || i == 1 || !ip4_type)) {
      c.fail(errc::syntax, rest.data(), digits, "connection-address", "no leading zero");
      return false;
    }
    if (n > 0xFFFFFFFFu) {
      c.fail(errc::value_out_of_range, rest.data(), digits, "connection-address");
      return false;
    }
    suffix[i] = static_cast<std::uint32_t>(n);
    suffix_at[i] = rest.data();
    rest.remove_prefix(digits);
  }
  auto const reject = [&](char const* rule, char const* why) {
    c.fail(errc::syntax, suffix_at[0] - 1,
           static_cast<std::size_t>(whole.data() + whole.size() - suffix_at[0] + 1), rule, why);
    return false;
  };
  bool const has_suffix = suffix[0].has_value();

  if (ip4_type && out.address.find(':') != std::string_view::npos)
    return check_unicast_address(out.address_type, out.address, c);
  std::optional<std::uint32_t> ip;
  if (ip4_type && ((ip = parse_ip4(out.address)) || looks_like_ip4(out.address))) {
    if (!ip) {
      c.fail(errc::syntax, out.address.data(), out.address.size(), "IP4-address");
      return false;
    }
    if ((*ip >> 28) != 0xE)
      return has_suffix ? reject("IP4-address", "a unicast address takes no /ttl") : true;
    if (!has_suffix) {
      c.fail(errc::syntax, whole.data() + whole.size(), 0, "IP4-multicast",
             "an IP4 multicast address needs /ttl");
      return false;
    }
    // ttl = (POS-DIGIT *2DIGIT) / "0", at most 255 (RFC 8866 section 5.7)
    if (*suffix[0] > 255) {
      c.fail(errc::value_out_of_range, suffix_at[0], 1, "ttl");
      return false;
    }
    if (suffix[1] && *suffix[1] == 0) {
      c.fail(errc::value_out_of_range, suffix_at[1], 1, "numaddr");
      return false;
    }
    out.ttl = static_cast<std::uint8_t>(*suffix[0]);
    out.number_of_addresses = suffix[1];
    return true;
  }
  if (ip6_type && out.address.find(':') != std::string_view::npos) {
    if (!is_ip6(out.address)) {
      c.fail(errc::syntax, out.address.data(), out.address.size(), "IP6-address");
      return false;
    }
    if (!has_suffix) return true;
    bool const multicast = out.address.size() >= 2 &&
                           (out.address[0] == 'f' || out.address[0] == 'F') &&
                           (out.address[1] == 'f' || out.address[1] == 'F');
    if (!multicast) return reject("IP6-address", "a unicast address takes no /numaddr");
    if (suffix[1]) return reject("IP6-multicast", "IP6 addresses take no ttl");
    if (*suffix[0] == 0) {
      c.fail(errc::value_out_of_range, suffix_at[0], 1, "numaddr");
      return false;
    }
    out.number_of_addresses = suffix[0];
    return true;
  }
  // FQDN: RFC 8866 gives domain names no suffix.
  return has_suffix ? reject("FQDN", "a domain name takes no suffix") : true;
}

// bandwidth-field = %s"b" "=" bwtype ":" bandwidth ; bwtype = token ; bandwidth = 1*DIGIT
bool parse_value(std::string_view value, bandwidth& out, value_context& c) {
  static constexpr auto grammar =
      token[set(&bandwidth::type)] >> expect[':'] >>
      expect[number<std::uint64_t>("bandwidth")[set(&bandwidth::value)]];
  return run(value, grammar, out, c, "bandwidth-field");
}

// time-field = %s"t" "=" start-time SP stop-time
bool parse_value(std::string_view value, timing& out, value_context& c) {
  static constexpr auto grammar =
      ntp_time[set(&timing::start)] >> expect[sp] >> expect[ntp_time[set(&timing::stop)]];
  return run(value, grammar, out, c, "time-field");
}

// repeat-field = %s"r" "=" repeat-interval SP typed-time 1*(SP typed-time)
bool parse_value(std::string_view value, repeat& out, value_context& c) {
  static auto const typed = number<std::uint64_t>("typed-time") >> -time_unit;
  static auto const grammar =
      &byte_of<pos_digit_chars> >> expect[typed_time_into(&repeat::interval)] >> expect[sp] >>
      expect[typed_time_into(&repeat::duration)] >> expect[sp] >>
      expect[x3::raw[typed >> *(sp >> expect[typed])][set_text(&repeat::offsets)]];
  return run(value, grammar, out, c, "repeat-field");
}

// zone-field = %s"z" "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time)
bool parse_value(std::string_view value, zone_adjustments& out, value_context& c) {
  static auto const adjustment = adjustment_time >> expect[sp] >> -x3::lit('-') >>
                                 expect[number<std::uint64_t>("typed-time")] >> -time_unit;
  static auto const grammar =
      x3::raw[adjustment >> *(sp >> expect[adjustment])][set_text(&zone_adjustments::adjustments)];
  return run(value, grammar, out, c, "zone-field");
}

// key-type = %s"prompt" / %s"clear:" text / %s"base64:" base64 / %s"uri:" uri
bool parse_value(std::string_view value, key& out, value_context& c) {
  static constexpr byte_class base64_chars = alpha_numeric_chars | make_class("+/=");
  static constexpr auto grammar =
      x3::string("prompt")[set_to(&key::method, std::string_view("prompt"))] |
      (x3::string("clear")[set_to(&key::method, std::string_view("clear"))] >> expect[':'] >>
       expect[span<byte_string_chars>[set(&key::data)]]) |
      (x3::string("base64")[set_to(&key::method, std::string_view("base64"))] >> expect[':'] >>
       expect[span<base64_chars>[set(&key::data)]]) |
      (x3::string("uri")[set_to(&key::method, std::string_view("uri"))] >> expect[':'] >>
       expect[span<uri_chars>[set(&key::data)]]);
  if (!run(value, grammar, out, c, "key-field")) return false;
  // base64 = *base64-unit [base64-pad] ; base64-unit = 4base64-char
  // base64-pad = 2base64-char "==" / 3base64-char "="
  if (out.method == "base64") {
    auto const& data = out.data;
    auto const padding = data.size() - std::min(data.find('='), data.size());
    if (data.size() % 4 != 0 || padding > 2 ||
        data.find_first_not_of('=', data.size() - padding) != std::string_view::npos) {
      c.fail(errc::syntax, data.data(), data.size(), "base64");
      return false;
    }
  }
  return true;
}

// media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt)
// media = token ; fmt = token ; proto = token *("/" token) ; port = 1*DIGIT
bool parse_value(std::string_view value, media_field& out, value_context& c) {
  static auto const proto = x3::raw[token >> *('/' >> expect[token])];
  static auto const port =
      expect[number<std::uint16_t>("port")[set(&media_field::port)]] >>
      -('/' >> expect[integer<std::uint32_t>("integer")[set(&media_field::number_of_ports)]]);
  static auto const strict =
      token[set(&media_field::media)] >> expect[sp] >> port          //
      >> expect[sp] >> expect[proto[set_text(&media_field::proto)]]  //
      >> expect[sp] >>
      expect[x3::raw[token >> *(sp >> expect[token])][set_text(&media_field::formats)]];
  // lax_tokens: cameras write "m=application/TP-LINK 0 RTP/AVP smart/1/90000"
  static constexpr byte_class lax_chars = non_ws_chars;
  static auto const lax =
      span<lax_chars>[set(&media_field::media)] >> expect[sp] >> port     //
      >> expect[sp] >> expect[span<lax_chars>[set(&media_field::proto)]]  //
      >> -(sp >> expect[x3::raw[span<lax_chars> >> *(sp >> expect[span<lax_chars>])]
                               [set_text(&media_field::formats)]]);
  if (run(value, strict, out, c, "media-field")) return true;
  if (!c.allows(tolerance::lax_tokens)) return false;
  // Cameras write "m=application/TP-LINK 0 RTP/AVP smart/1/90000": read the words as they
  // are and report where the RFC 8866 form ends.
  auto const failure = c.take_failure();
  out = media_field{};
  if (!run(value, lax, out, c, "media-field")) return false;
  c.report_at(errc::nonstandard_syntax, severity::warning, failure.where, failure.length,
              "media-field");
  return true;
}

// uri = URI-reference (RFC 3986)
bool check_uri(std::string_view value, value_context& c) {
  struct none {};
  none out;
  return run(value, span<uri_chars>, out, c, "uri-field");
}

// email-address = address-and-comment / dispname-and-address / addr-spec
// address-and-comment = addr-spec 1*SP "(" 1*email-safe ")"
// dispname-and-address = 1*email-safe 1*SP "<" addr-spec ">"
bool check_email(std::string_view value, value_context& c) {
  static constexpr byte_class local_chars = non_ws_chars - make_class("<>()@");
  static constexpr byte_class comment_chars = email_safe_chars - make_class("()");
  static constexpr byte_class display_chars = email_safe_chars - make_class("<>");
  static constexpr auto addr_spec = span<local_chars> >> '@' >> span<local_chars>;
  static constexpr auto grammar = (addr_spec >> -(+sp >> '(' >> span<comment_chars> >> ')')) |
                                  (span<display_chars> >> '<' >> addr_spec >> '>');
  struct none {};
  none out;
  return run(value, grammar, out, c, "email-address");
}

// phone-number = phone *SP "(" 1*email-safe ")" / 1*email-safe "<" phone ">" / phone
// phone = ["+"] DIGIT 1*(SP / "-" / DIGIT)
bool check_phone(std::string_view value, value_context& c) {
  static constexpr byte_class phone_chars = digit_chars | make_class(" -");
  static constexpr byte_class comment_chars = email_safe_chars - make_class("()");
  static constexpr byte_class display_chars = email_safe_chars - make_class("<>");
  static constexpr auto phone = -x3::lit('+') >> byte_of<digit_chars> >> span<phone_chars>;
  static constexpr auto grammar = (phone >> -('(' >> span<comment_chars> >> ')')) |
                                  (span<display_chars> >> '<' >> phone >> '>');
  struct none {};
  none out;
  return run(value, grammar, out, c, "phone-number");
}

}  // namespace imsdp::sdp::detail
