// X3 grammars of the transport attributes: ICE (RFC 8839), DTLS (RFC 8122, RFC 4145,
// RFC 8842), grouping and stream identification (RFC 5888, RFC 8830, RFC 5576,
// RFC 8851, RFC 8853).
#include <array>
#include <cstddef>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "detail/ascii.hpp"
#include "sdp/address.hpp"
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

using namespace imsdp::grammar;

inline constexpr auto token = span<token_chars>;

/// connection-address checks shared by candidates: IPv4 dotted quads and IPv6 must be
/// well formed; anything else is an FQDN (mDNS ".local" names included).
bool check_address(std::string_view address, value_context& c, char const* rule) {
  if (parse_ip4(address)) return true;
  if (address.find(':') != std::string_view::npos) {
    if (is_ip6(address)) return true;
    c.fail(errc::syntax, address.data(), address.size(), rule, "not an IPv6 address");
    return false;
  }
  // Digits and dots only, yet no dotted quad: a broken IPv4 address rather than a name.
  static constexpr byte_class ip4_chars = digit_chars | make_class(".");
  char const* const end = address.data() + address.size();
  if (scan<ip4_chars>(address.data(), end) == end) {
    c.fail(errc::syntax, address.data(), address.size(), rule, "not an IPv4 address");
    return false;
  }
  return true;
}

#if defined(__SSE2__)
/// True when [first, last) is 16 bytes or more of 2UHEX *(":" 2UHEX) and nothing else: a
/// colon at each offset i with i % 3 == 2, an upper-case hex digit elsewhere, checked
/// sixteen bytes a step against the colon positions of the block's phase. Shorter values
/// (five pairs at most, no known hash) are left to the byte loop of hex_pairs_parser.
bool whole_hex_pairs(char const* first, char const* last) noexcept {
  auto const n = last - first;
  if (n < 16 || n % 3 != 2) return false;
  // colon_at[k][j]: the byte j of a block that starts at an offset i with i % 3 == k.
  alignas(16) static constexpr std::array<std::array<char, 16>, 3> colon_at = [] {
    std::array<std::array<char, 16>, 3> m{};
    for (int k = 0; k < 3; ++k)
      for (int j = 0; j < 16; ++j)
        m[static_cast<std::size_t>(k)][static_cast<std::size_t>(j)] =
            (k + j) % 3 == 2 ? static_cast<char>(0xFF) : char{0};
    return m;
  }();
  auto const in = [](__m128i v, char lo, char hi) {  // signed: bytes from 0x80 are below
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  auto const block_ok = [&](std::ptrdiff_t at) {
    __m128i const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(first + at));
    __m128i const colon = _mm_load_si128(
        reinterpret_cast<__m128i const*>(colon_at[static_cast<std::size_t>(at % 3)].data()));
    __m128i const hex = _mm_or_si128(in(v, '0', '9'), in(v, 'A', 'F'));
    __m128i const ok = _mm_or_si128(_mm_and_si128(colon, _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))),
                                    _mm_andnot_si128(colon, hex));
    return _mm_movemask_epi8(ok) == 0xFFFF;
  };
  // The blocks, the last one ending at `last` (it may overlap the one before).
  for (std::ptrdiff_t i = 0; n - i > 16; i += 16)
    if (!block_ok(i)) return false;
  return block_ok(n - 16);
}
#endif

/// 2UHEX *(":" 2UHEX) in one loop (a fingerprint is 20 to 64 pairs): like the X3
/// expression `pair >> *(':' >> expect[pair])`, a first byte out of place fails softly and
/// any other one is an expectation failure at that byte. A value that is all pairs, as
/// every well-formed fingerprint line is, is taken in one check (issue 24).
struct hex_pairs_parser : x3::parser<hex_pairs_parser> {
  using attribute_type = x3::unused_type;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute&) const {
#if defined(__SSE2__)
    if (whole_hex_pairs(first, last)) {
      first = last;
      return true;
    }
#endif
    auto const hex = [&](Iterator at) { return at != last && upper_hex_chars(*at); };
    if (!hex(first)) return false;
    Iterator it = first;
    for (;;) {  // `it` is at a pair whose first byte is hex
      if (!hex(it + 1)) return fail_expected(context, it + 1, *this);
      it += 2;
      if (it == last || *it != ':') break;
      if (!hex(it + 1)) return fail_expected(context, it + 1, *this);
      ++it;
    }
    first = it;
    return true;
  }
};
inline constexpr hex_pairs_parser hex_pairs{};

/// cand-extension *(SP cand-extension) in one loop, each extension-att-name SP
/// extension-att-value (token SP non-ws-string): like `(token >> expect[sp] >>
/// expect[non_ws]) % sp`, a list
/// ends before a space that no name follows, and a name without its value is an
/// expectation failure where the value should be.
struct extension_pairs_parser : x3::parser<extension_pairs_parser> {
  using attribute_type = x3::unused_type;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute&) const {
    Iterator name_end = scan<token_chars>(first, last);
    if (name_end == first) return false;
    Iterator it;
    for (;;) {
      if (name_end == last || *name_end != ' ') return fail_expected(context, name_end, sp);
      Iterator const value = name_end + 1;
      it = scan<non_ws_chars>(value, last);
      if (it == value) return fail_expected(context, value, *this);
      if (it == last || *it != ' ') break;
      Iterator const next_end = scan<token_chars>(it + 1, last);
      if (next_end == it + 1) break;
      name_end = next_end;
    }
    first = it;
    return true;
  }
};
inline constexpr extension_pairs_parser extension_pairs{};

}  // namespace

// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority
//   SP connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
//   *(SP cand-extension)                                       (RFC 8839 section 5.1)
// foundation = 1*32ice-char ; component-id = 1*3DIGIT ; priority = 1*10DIGIT
// cand-type = "typ" SP candidate-types ; rel-addr = "raddr" SP connection-address
// rel-port = "rport" SP port ; cand-extension = extension-att-name SP extension-att-value
bool parse_value(std::string_view value, candidate& out, value_context& c) {
  static constexpr auto grammar =
      span<ice_chars, 1, 32>[set(&candidate::foundation)]  //
      >> expect[sp] >>
      expect[number<std::uint16_t, 1, 256>("component-id")[set(&candidate::component)]]  //
      >> expect[sp] >> expect[token[set(&candidate::transport)]]                         //
      >> expect[sp] >>
      expect[number<std::uint32_t, 1, 0x7FFFFFFF>("priority")[set(&candidate::priority)]]  //
      >> expect[sp] >> expect[span<non_ws_chars>[set(&candidate::address)]]                //
      >> expect[sp] >> expect[number<std::uint16_t>("port")[set(&candidate::port)]]        //
      >> expect[sp] >> expect[x3::lit("typ")] >> expect[sp] >>
      expect[token[set(&candidate::type)]]  //
      >> -(sp >> x3::lit("raddr") >> expect[sp] >>
           expect[span<non_ws_chars>[set(&candidate::related_address)]])  //
      >> -(sp >> x3::lit("rport") >> expect[sp] >>
           expect[number<std::uint16_t>("port")[set(&candidate::related_port)]])  //
      >> -(sp >> expect[x3::raw[extension_pairs][set_text(&candidate::extensions)]]);
  if (!run(value, grammar, out, c, "candidate-attribute")) return false;
  return check_address(out.address, c, "connection-address") &&
         (out.related_address.empty() || check_address(out.related_address, c, "rel-addr"));
}

// ice-ufrag-att = "ice-ufrag:" ufrag ; ufrag = 4*256ice-char  (RFC 8839 section 5.4)
bool parse_value(std::string_view value, ice_ufrag& out, value_context& c) {
  return run(value, span<ice_chars, 4, 256>[set(&ice_ufrag::value)], out, c, "ice-ufrag");
}

// ice-pwd-att = "ice-pwd:" password ; password = 22*256ice-char
bool parse_value(std::string_view value, ice_pwd& out, value_context& c) {
  return run(value, span<ice_chars, 22, 256>[set(&ice_pwd::value)], out, c, "ice-pwd");
}

// ice-options = "ice-options:" ice-option-tag *(SP ice-option-tag) ; ice-option-tag =
// 1*ice-char  (RFC 8839 section 5.6). Tags are read as tokens: Chrome long sent
// "google-ice", which has a '-' (docs/sdp-profiles.md).
bool parse_value(std::string_view value, ice_options& out, value_context& c) {
  static constexpr auto grammar =
      x3::raw[token >> *(sp >> expect[token])][set_text(&ice_options::tags)];
  return run(value, grammar, out, c, "ice-options");
}

// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint  (RFC 8122 section 5)
// fingerprint = 2UHEX *(":" 2UHEX)
bool parse_value(std::string_view value, fingerprint& out, value_context& c) {
  static constexpr auto grammar = token[set(&fingerprint::hash_function)] >> expect[sp] >>
                                  expect[x3::raw[hex_pairs][set_text(&fingerprint::value)]];
  if (!run(value, grammar, out, c, "fingerprint-attribute")) return false;
  struct known {
    std::string_view name;
    std::size_t bytes;
  };
  // sha-256 first: browsers and IMS clients send it.
  static constexpr known hashes[] = {{"sha-256", 32}, {"sha-1", 20},   {"sha-384", 48},
                                     {"sha-512", 64}, {"sha-224", 28}, {"md5", 16},
                                     {"md2", 16}};
  std::size_t const bytes = (out.value.size() + 1) / 3;
  for (auto const& h : hashes) {
    if (!imsdp::detail::iequals(h.name, out.hash_function)) continue;
    if (h.bytes == bytes) return true;
    c.fail(errc::inconsistent_value, out.value.data(), out.value.size(), "fingerprint",
           "the fingerprint length does not match the hash function");
    return false;
  }
  return true;
}

// setup-attr = "a=setup:" role ; role = "active" / "passive" / "actpass" / "holdconn"
// (RFC 4145 section 4; quoted strings, so case-insensitive: RFC 5234 section 2.3)
bool parse_value(std::string_view value, setup& out, value_context& c) {
  static auto const role = keywords<setup_role>({{"active", setup_role::active},
                                                 {"passive", setup_role::passive},
                                                 {"actpass", setup_role::actpass},
                                                 {"holdconn", setup_role::holdconn}});
  return run(value, role[set(&setup::role)], out, c, "setup-attr");
}

// tls-id-value = 20*255(tls-id-char) ; tls-id-char = ALPHA / DIGIT / "+" / "/" / "-" / "_"
// (RFC 8842 section 4)
bool parse_value(std::string_view value, tls_id& out, value_context& c) {
  static constexpr byte_class tls_id_chars = alpha_numeric_chars | make_class("+/-_");
  return run(value, span<tls_id_chars, 20, 255>[set(&tls_id::value)], out, c, "tls-id-value");
}

// mid-attribute = "a=mid:" identification-tag ; identification-tag = token (RFC 5888 s. 4)
bool parse_value(std::string_view value, mid& out, value_context& c) {
  return run(value, token[set(&mid::value)], out, c, "mid-attribute");
}

// group-attribute = "a=group:" semantics *(SP identification-tag)  (RFC 5888 section 5)
bool parse_value(std::string_view value, group& out, value_context& c) {
  static constexpr auto grammar =
      token[set(&group::semantics)] >>
      -(sp >> expect[x3::raw[token >> *(sp >> expect[token])][set_text(&group::tags)]]);
  return run(value, grammar, out, c, "group-attribute");
}

// msid-value = msid-id [ SP msid-appdata ] ; msid-id = 1*64token-char ;
// msid-appdata = 1*64token-char  (RFC 8830 section 2)
bool parse_value(std::string_view value, msid& out, value_context& c) {
  static constexpr auto grammar = span<token_chars, 1, 64>[set(&msid::stream_id)] >>
                                  -(sp >> expect[span<token_chars, 1, 64>[set(&msid::track_id)]]);
  return run(value, grammar, out, c, "msid-value");
}

// msid-semantic-value = [SP] msid-semantic *(SP msid-id / SP "*")
// (draft-ietf-mmusic-msid-07 section 3; browsers write a space after the colon)
bool parse_value(std::string_view value, msid_semantic& out, value_context& c) {
  static constexpr auto grammar =
      -sp >> token[set(&msid_semantic::semantic)] >>
      -(sp >>
        expect[x3::raw[token >> *(sp >> expect[token])][set_text(&msid_semantic::identifiers)]]);
  return run(value, grammar, out, c, "msid-semantic");
}

// ssrc-attr = "ssrc:" ssrc-id SP attribute ; ssrc-id = integer 0..2**32-1 ;
// attribute = att-field [":" att-value]  (RFC 5576 section 4.1)
bool parse_value(std::string_view value, ssrc& out, value_context& c) {
  static constexpr auto grammar = number<std::uint32_t>("ssrc-id")[set(&ssrc::id)] >> expect[sp] >>
                                  expect[token[set(&ssrc::attribute)]] >>
                                  -(':' >> expect[span<byte_string_chars>[set(&ssrc::value)]]);
  return run(value, grammar, out, c, "ssrc-attr");
}

// ssrc-group-attr = "ssrc-group:" semantics *(SP ssrc-id)  (RFC 5576 section 4.2)
bool parse_value(std::string_view value, ssrc_group& out, value_context& c) {
  static constexpr auto id = number<std::uint32_t>("ssrc-id");
  static constexpr auto grammar =
      token[set(&ssrc_group::semantics)] >>
      -(sp >> expect[x3::raw[id >> *(sp >> expect[id])][set_text(&ssrc_group::ssrcs)]]);
  return run(value, grammar, out, c, "ssrc-group-attr");
}

// rid-syntax = %s"a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]
// rid-id = 1*(alpha-numeric / "-" / "_") ; rid-dir = %s"send" / %s"recv"
// rid-param = 1*(alpha-numeric / "-") [ "=" param-val ] ; param-val = *( %x20-3A / %x3C-7E )
// (RFC 8851 section 10; "pt=" fmt-list is a rid-param of that form)
bool parse_value(std::string_view value, rid& out, value_context& c) {
  static constexpr byte_class id_chars = alpha_numeric_chars | make_class("-_");
  static constexpr byte_class name_chars = alpha_numeric_chars | make_class("-");
  static constexpr byte_class param_value_chars = make_class({}, "\x20\x3a\x3c\x7e");
  struct directions : x3::symbols<rid_direction> {
    directions() { add("send", rid_direction::send)("recv", rid_direction::recv); }
  };
  static directions const rid_dir;
  static auto const param = span<name_chars> >> -('=' >> -span<param_value_chars>);
  static auto const grammar =
      span<id_chars>[set(&rid::id)] >> expect[sp] >> expect[rid_dir[set(&rid::direction)]] >>
      -(sp >> expect[x3::raw[param >> *(';' >> expect[param])][set_text(&rid::restrictions)]]);
  return run(value, grammar, out, c, "rid-syntax");
}

// sc-value = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )   (RFC 8853 section 5.1)
// sc-str-list = sc-alt-list *( ";" sc-alt-list ) ; sc-alt-list = sc-id *( "," sc-id )
// sc-id = [ "~" ] rid-id
bool parse_value(std::string_view value, simulcast& out, value_context& c) {
  static constexpr byte_class id_chars = alpha_numeric_chars | make_class("-_");
  static constexpr auto sc_id = -x3::lit('~') >> span<id_chars>;
  static constexpr auto alt_list = sc_id >> *(',' >> expect[sc_id]);
  static constexpr auto str_list = x3::raw[alt_list >> *(';' >> expect[alt_list])];
  static constexpr auto send =
      x3::lit("send") >> expect[sp] >> expect[str_list[set_text(&simulcast::send)]];
  static constexpr auto recv =
      x3::lit("recv") >> expect[sp] >> expect[str_list[set_text(&simulcast::recv)]];
  static constexpr auto grammar =
      (send >> -(sp >> expect[recv])) |
      (recv[set_to(&simulcast::recv_first, true)] >> -(sp >> expect[send]));
  return run(value, grammar, out, c, "sc-value");
}

}  // namespace imsdp::sdp::detail
