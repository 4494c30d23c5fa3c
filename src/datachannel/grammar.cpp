// X3 grammars of the data-channel attributes: RFC 8841 (sctp-port, max-message-size),
// the legacy sctpmap, RFC 8864 (dcmap, dcsa) and the 3GPP attributes of TS 26.114 /
// TS 24.186 (3gpp-qos-hint, 3gpp-bdc-used-by, 3gpp-req-app).
#include "sdp/grammar/x3_support.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

using namespace imsdp::grammar;
using datachannel::dcmap;
using datachannel::quoted_value;

inline constexpr auto token = span<token_chars>;

constexpr auto quoted = quoted_visible_string;

// dcmap-stream-id = 1*5DIGIT; SCTP has 65535 streams, numbered 0..65534 (RFC 8864 s. 5.1)
constexpr auto stream_id = number<std::uint16_t, 0, 65534>("dcmap-stream-id");

template <class Member>
auto option(Member dcmap::*member) {
  return [member](auto& ctx) { x3::get<out_tag>(ctx).get().*member = x3::_attr(ctx); };
}

template <class Member>
auto quoted_option(Member dcmap::*member) {
  return [member](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    x3::get<out_tag>(ctx).get().*member =
        quoted_value{std::string_view(range.begin(), static_cast<std::size_t>(range.size()))};
  };
}

struct boolean_symbols : x3::symbols<bool> {
  boolean_symbols() { add("true", true)("false", false); }
};
boolean_symbols const boolean;

// dcmap-opt = ordering-opt / subprotocol-opt / label-opt / maxretr-opt / maxtime-opt
//           / priority-opt ; each at most once
auto const dcmap_opt =
    (word<"label="> >> expect[quoted[quoted_option(&dcmap::label)]]) |
    (word<"subprotocol="> >> expect[quoted[quoted_option(&dcmap::subprotocol)]]) |
    (word<"ordered="> >> expect[boolean[option(&dcmap::ordered)]]) |
    (word<"max-retr="> >>
     expect[number<std::uint16_t>("maxretr-value")[option(&dcmap::max_retr)]]) |
    (word<"max-time="> >>
     expect[number<std::uint16_t>("maxtime-value")[option(&dcmap::max_time)]]) |
    (word<"priority="> >>
     expect[number<std::uint16_t>("priority-value")[option(&dcmap::priority)]]);

// The form of a TS 26.264 change request (S4-260222): options separated by spaces and a
// bare "ordered" meaning ordered=true (tolerance::dcmap_space_separator).
auto const bare_ordered =
    x3::lit("ordered")[([](auto& ctx) { x3::get<out_tag>(ctx).get().ordered = true; })];
auto const lax_opt = dcmap_opt | (bare_ordered >> !x3::lit('='));

}  // namespace

// sctp-port-attr = "a=sctp-port:" portnumber (RFC 8841 section 5.2)
bool parse_value(std::string_view value, datachannel::sctp_port& out, value_context& c) {
  return run(value, number<std::uint16_t>("portnumber")[set(&datachannel::sctp_port::port)], out, c,
             "sctp-port");
}

// max-message-size-attr = "a=max-message-size:" max-message-size ; "0" / integer
// (RFC 8841 section 6.2)
bool parse_value(std::string_view value, datachannel::max_message_size& out, value_context& c) {
  return run(value,
             number<std::uint64_t>("max-message-size")[set(&datachannel::max_message_size::bytes)],
             out, c, "max-message-size");
}

// sctpmap-attr = "a=sctpmap:" sctpmap-number SP app [SP max-num-of-streams]
// (draft-ietf-mmusic-sctp-sdp-05 section 10; superseded by RFC 8841)
bool parse_value(std::string_view value, datachannel::sctpmap& out, value_context& c) {
  if (!c.allows(tolerance::legacy_sctp)) {
    c.fail(errc::dc_legacy_form, value.data(), value.size(), "sctpmap",
           "a=sctpmap was replaced by a=sctp-port (RFC 8841)");
    return false;
  }
  static constexpr auto grammar =
      number<std::uint16_t>("sctpmap-number")[set(&datachannel::sctpmap::port)] >> expect[sp] >>
      expect[token[set(&datachannel::sctpmap::protocol)]] >>
      -(sp >>
        expect[number<std::uint32_t>("max-num-of-streams")[set(&datachannel::sctpmap::streams)]]);
  if (!run(value, grammar, out, c, "sctpmap")) return false;
  c.report(errc::dc_legacy_form, severity::warning, value.data(), value.size(), "sctpmap");
  return true;
}

// dcmap-attr = "a=dcmap:" dcmap-stream-id [SP dcmap-opt *(";" dcmap-opt)]
// (RFC 8864 section 5.1); max-retr and max-time are mutually exclusive
bool parse_value(std::string_view value, dcmap& out, value_context& c) {
  static auto const strict = stream_id[set(&dcmap::stream_id)] >>
                             -(sp >> expect[dcmap_opt] >> *(';' >> expect[dcmap_opt]));
  static auto const lax = stream_id[set(&dcmap::stream_id)] >>
                          -(sp >> expect[lax_opt] >> *((x3::lit(';') | sp) >> expect[lax_opt]));
  if (!run(value, strict, out, c, "dcmap")) {
    if (!c.allows(tolerance::dcmap_space_separator) || c.failure().code != errc::syntax)
      return false;
    auto const failure = c.take_failure();
    out = dcmap{};
    if (!run(value, lax, out, c, "dcmap")) {
      c.clear_failure();
      c.fail_at(failure.code, failure.where, failure.length, failure.rule, failure.detail);
      return false;
    }
    c.report(errc::nonstandard_syntax, severity::warning, value.data(), value.size(), "dcmap-opt");
  }
  // Each option at most once (RFC 8864 section 5.1).
  auto const options = value.substr(std::min(value.find(' '), value.size()));
  if (auto const name = repeated_name<"; ">(options.empty() ? options : options.substr(1));
      !name.empty()) {
    c.fail(errc::dc_option_repeated, name.data(), name.size(), "dcmap-opt");
    return false;
  }
  if (out.max_retr && out.max_time) {
    auto const at = value.find("max-time=") < value.find("max-retr=") ? value.find("max-retr=")
                                                                      : value.find("max-time=");
    c.fail(errc::dc_conflicting_options, value.data() + at, 8, "dcmap-opt",
           "max-retr and max-time exclude each other");
    return false;
  }
  return true;
}

// dcsa-attr = "a=dcsa:" dcmap-stream-id SP attribute (RFC 8864 section 5.2)
bool parse_value(std::string_view value, datachannel::dcsa& out, value_context& c) {
  struct head {
    std::uint16_t stream_id = 0;
  } h;
  static constexpr auto grammar = stream_id[set(&head::stream_id)] >> expect[sp];
  auto const space = value.find(' ');
  std::string_view const prefix =
      value.substr(0, space == std::string_view::npos ? value.size() : space + 1);
  if (!run(prefix, grammar, h, c, "dcsa")) return false;
  if (prefix.size() == value.size()) {
    c.fail(errc::syntax, value.data() + value.size(), 0, "dcsa", "expected an attribute");
    return false;
  }
  out.stream_id = h.stream_id;
  return parse_inner_attribute(value.substr(prefix.size()), out.inner_name, out.inner_value,
                               out.has_value, out.typed, c);
}

// qos-hint = "a=3gpp-qos-hint:" qos-hint-property *(";" qos-hint-property)
// qos-hint-property = ("loss=" ratio ["/local:" ratio]) / ("latency=" 1*DIGIT ["/local:"
//                     1*DIGIT]) / other-property            (TS 26.114 clause 6.2.7.4)
bool parse_value(std::string_view value, datachannel::qos_hint_3gpp& out, value_context& c) {
  using datachannel::qos_hint_3gpp;
  auto const decimal = x3::raw[span<digit_chars> >> -('.' >> expect[span<digit_chars>])];
  auto const text_of = [](std::string_view qos_hint_3gpp::*member) {
    return [member](auto& ctx) {
      auto const& range = x3::_attr(ctx);
      x3::get<out_tag>(ctx).get().*member =
          std::string_view(range.begin(), static_cast<std::size_t>(range.size()));
    };
  };
  static constexpr byte_class other_chars = non_ws_chars - make_class(";");
  static auto const latency = number<std::uint32_t>("latency");
  static auto const property =
      ("loss=" >> expect[decimal[text_of(&qos_hint_3gpp::loss)]] >>
       -("/local:" >> expect[decimal[text_of(&qos_hint_3gpp::loss_local)]])) |
      ("latency=" >> expect[latency[set(&qos_hint_3gpp::latency)]] >>
       -("/local:" >> expect[latency[set(&qos_hint_3gpp::latency_local)]])) |
      (token >> '=' >> expect[span<other_chars>]);
  static auto const grammar_rule = property >> *(';' >> expect[property]);
  if (!run(value, grammar_rule, out, c, "3gpp-qos-hint")) return false;
  if (auto const name = repeated_name<";">(value); !name.empty()) {
    c.fail(errc::dc_option_repeated, name.data(), name.size(), "qos-hint-property");
    return false;
  }
  out.properties = value;
  return true;
}

// 3gpp-bdc-used-by = "a=3gpp-bdc-used-by:" usage ; usage = "sender" / "receiver" / token
bool parse_value(std::string_view value, datachannel::bdc_used_by_3gpp& out, value_context& c) {
  if (!run(value, token[set(&datachannel::bdc_used_by_3gpp::value)], out, c, "3gpp-bdc-used-by"))
    return false;
  out.usage = out.value == "sender"     ? datachannel::bdc_usage::sender
              : out.value == "receiver" ? datachannel::bdc_usage::receiver
                                        : datachannel::bdc_usage::other;
  return true;
}

// 3gpp-req-app = "a=3gpp-req-app:" binding-information (ABNF not public: kept verbatim; a
// leading stream id is read)
bool parse_value(std::string_view value, datachannel::req_app_3gpp& out, value_context& c) {
  if (!run(value, span<byte_string_chars>[set(&datachannel::req_app_3gpp::value)], out, c,
           "3gpp-req-app"))
    return false;
  auto const first = value.substr(0, value.find(' '));
  if (!first.empty() && first.size() <= 5 &&
      first.find_first_not_of("0123456789") == std::string_view::npos) {
    unsigned id = 0;
    for (char ch : first)
      id = id * 10 + static_cast<unsigned>(ch - '0');
    if (id <= 65534) out.stream_id = static_cast<std::uint16_t>(id);
  }
  return true;
}

}  // namespace imsdp::sdp::detail
