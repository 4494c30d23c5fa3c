// Spirit X3 building blocks shared by every grammar of the library.
//
// - Byte classes are explicit 256-entry tables: X3's own character classes (alpha, graph)
//   assert on bytes >= 0x80 with the standard encoding, which a fuzzer finds at once.
// - span<class, min, max> matches a run of a class and yields a std::string_view into the
//   input, so values are views and nothing is copied.
// - number<T, min, max> reads decimal digits with overflow and range checks; a value out
//   of range is a hard failure (errc::value_out_of_range) instead of a plain mismatch, so
//   the error says what is wrong.
// - `a >> expect[b]` is X3's `a > b` without the exception: the first failure that ends a
//   parse for good is recorded in the context (a hard_failure) and the parse fails.
//   Nothing here throws: a thrown failure cost about 1.4 µs per malformed value, a cliff
//   for a peer that sends thousands (issue 24; docs/attributes.md).
// - word<"name="> matches fixed text as x3::lit does, compared as a whole: alternatives
//   of option names fail at their first differing word, not byte by byte.
// - run() applies a grammar to a whole value and turns its hard failure, if any, into a
//   positioned error in the value_context.
//
// This header is private to src/: public headers never include Boost.
#pragma once

#include <algorithm>
#include <array>
#include <boost/spirit/home/x3.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "detail/ascii.hpp"
#include "detail/view_set.hpp"
#include "sdp/line_scanner.hpp"
#include "sdp/value_context.hpp"

namespace imsdp::grammar {

namespace x3 = boost::spirit::x3;
using iterator = char const*;

/// A set of bytes.
struct byte_class {
  std::array<bool, 256> member{};
  [[nodiscard]] constexpr bool operator()(char c) const noexcept {
    return member[static_cast<unsigned char>(c)];
  }
};

/// The bytes of `chars` plus the inclusive ranges given as pairs in `ranges`.
constexpr byte_class make_class(std::string_view chars, std::string_view ranges = {}) {
  byte_class c{};
  for (char ch : chars)
    c.member[static_cast<unsigned char>(ch)] = true;
  for (std::size_t i = 0; i + 1 < ranges.size(); i += 2)
    for (unsigned b = static_cast<unsigned char>(ranges[i]);
         b <= static_cast<unsigned char>(ranges[i + 1]); ++b)
      c.member[b] = true;
  return c;
}

constexpr byte_class operator|(byte_class a, byte_class const& b) {
  for (std::size_t i = 0; i < 256; ++i)
    a.member[i] = a.member[i] || b.member[i];
  return a;
}

/// Every byte that `c` does not hold.
constexpr byte_class operator~(byte_class c) {
  for (auto& m : c.member)
    m = !m;
  return c;
}

constexpr byte_class operator-(byte_class a, byte_class const& b) {
  for (std::size_t i = 0; i < 256; ++i)
    a.member[i] = a.member[i] && !b.member[i];
  return a;
}

// RFC 5234 appendix B.1 and RFC 8866 section 9.
inline constexpr byte_class digit_chars = make_class({}, "09");
inline constexpr byte_class pos_digit_chars = make_class({}, "19");
inline constexpr byte_class alpha_chars = make_class({}, "azAZ");
inline constexpr byte_class alpha_numeric_chars = alpha_chars | digit_chars;
inline constexpr byte_class hex_chars = make_class({}, "09afAF");
inline constexpr byte_class upper_hex_chars = make_class({}, "09AF");
/// token-char = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "."
///              / "^" / "_" / "`" / "{" / "|" / "}" / "~"
inline constexpr byte_class token_chars = alpha_numeric_chars | make_class("!#$%&'*+-.^_`{|}~");
/// non-ws-string = 1*(VCHAR/%x80-FF)
inline constexpr byte_class non_ws_chars = make_class({}, "\x21\x7e\x80\xff");
/// byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF)
inline constexpr byte_class byte_string_chars = make_class({}, "\x01\x09\x0b\x0c\x0e\xff");
/// email-safe = %x01-09/%x0B-0C/%x0E-27/%x2A-3B/%x3D/%x3F-FF
inline constexpr byte_class email_safe_chars =
    make_class("\x3d", "\x01\x09\x0b\x0c\x0e\x27\x2a\x3b\x3f\xff");
/// ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 section 5.1)
inline constexpr byte_class ice_chars = alpha_numeric_chars | make_class("+/");
/// RFC 3986 characters of a URI-reference (unreserved, reserved and '%').
inline constexpr byte_class uri_chars = alpha_numeric_chars | make_class("-._~:/?#[]@!$&'()*+,;=%");

/// One of a fixed set of words, matched without regard to ASCII case (RFC 5234 section
/// 2.3: quoted strings in ABNF are case-insensitive), longest first. No locale, no
/// assertion on bytes >= 0x80.
template <class Value, std::size_t N>
struct keyword_parser : x3::parser<keyword_parser<Value, N>> {
  using attribute_type = Value;
  static bool const has_attribute = true;
  std::array<std::pair<std::string_view, Value>, N> words;  // longest first (keywords())

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&,
             Attribute& attr) const {
    auto const available = static_cast<std::size_t>(last - first);
    for (auto const& [word, value] : words) {
      if (available < word.size()) continue;
      std::size_t i = 0;
      while (i < word.size() && imsdp::detail::ascii_lower(first[i]) == word[i])
        ++i;
      if (i < word.size()) continue;
      // The first word that matches is the longest ("sendrecv" before "send").
      if constexpr (!std::is_same_v<Attribute, x3::unused_type>) attr = value;
      first += static_cast<std::ptrdiff_t>(word.size());
      return true;
    }
    return false;
  }
};

/// A keyword parser over lower-case words: keywords<Value>({{"active", v}, ...}).
template <class Value, std::size_t N>
constexpr keyword_parser<Value, N> keywords(std::pair<std::string_view, Value> const (&words)[N]) {
  keyword_parser<Value, N> p;
  for (std::size_t i = 0; i < N; ++i)
    p.words[i] = words[i];
  std::sort(p.words.begin(), p.words.end(),
            [](auto const& a, auto const& b) { return a.first.size() > b.first.size(); });
  return p;
}

/// The failure that ends a parse for good, where a plain mismatch would let alternatives
/// run and lose the position or the reason: an expectation not met, a value out of range,
/// a value too long. The first one recorded wins; later ones (from alternatives tried
/// while the parse unwinds) are ignored, as if the first had been thrown.
struct hard_failure {
  bool failed = false;
  iterator where = nullptr;
  std::size_t length = 0;
  errc code = errc::syntax;
  /// The rule of a value failure; nullptr for an expectation, whose subject says what
  /// was expected (computed only when the error is reported).
  char const* rule = nullptr;
  void const* subject = nullptr;
  std::string (*describe)(void const*) = nullptr;
};

/// The context entry holding the hard_failure of the parse under way (see run()).
struct failure_tag;

/// Records a value failure in the parse's context; returns false, so a parser can end
/// with `return fail_value(...)`.
template <class Context>
bool fail_value(Context const& context, iterator where, std::size_t length, errc code,
                char const* rule) noexcept {
  hard_failure& f = x3::get<failure_tag>(context).get();
  if (!f.failed) f = {true, where, length, code, rule, nullptr, nullptr};
  return false;
}

/// X3's `what` of a literal ('/', "typ"), for the message of an expectation failure.
/// Other parsers have no readable name, and their errors say no more than the rule.
template <class Subject>
std::string describe_literal(void const* subject) {
  return x3::what(*static_cast<Subject const*>(subject));
}
template <class Subject>
struct literal_describer {
  static constexpr std::string (*value)(void const*) = nullptr;
};
template <class Encoding, class Attribute>
struct literal_describer<x3::literal_char<Encoding, Attribute>> {
  static constexpr auto value = &describe_literal<x3::literal_char<Encoding, Attribute>>;
};
template <class String, class Encoding, class Attribute>
struct literal_describer<x3::literal_string<String, Encoding, Attribute>> {
  static constexpr auto value = &describe_literal<x3::literal_string<String, Encoding, Attribute>>;
};

/// Records an expectation failure at `where`: `subject` was expected there.
template <class Subject, class Context>
bool fail_expected(Context const& context, iterator where, Subject const& subject) noexcept {
  hard_failure& f = x3::get<failure_tag>(context).get();
  if (!f.failed) {
    f = {true, where, 0, errc::syntax, nullptr};
    // std::addressof: X3 gives parsers a unary & (the and-predicate).
    f.subject = std::addressof(subject);
    f.describe = literal_describer<Subject>::value;
  }
  return false;
}

/// The error of an expectation failure, out of the parsers' way.
[[gnu::cold]] inline void report_expectation(hard_failure const& f, iterator last,
                                             sdp::detail::value_context& context,
                                             char const* rule) {
  context.fail(errc::syntax, f.where, f.where == last ? 0 : 1, rule,
               f.describe != nullptr ? "expected " + f.describe(f.subject) : std::string());
}

/// expect[p]: p must match here. Unlike X3's expect directive, a mismatch is recorded as
/// the parse's hard failure instead of thrown.
template <class Subject>
struct expect_parser : x3::unary_parser<Subject, expect_parser<Subject>> {
  using base_type = x3::unary_parser<Subject, expect_parser<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr expect_parser(Subject const& what) : base_type(what) {}

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
             Attribute& attr) const {
    return this->subject.parse(first, last, context, rcontext, attr) ||
           fail_expected(context, first, this->subject);
  }
};

struct expect_generator {
  template <class Subject>
  constexpr expect_parser<typename x3::extension::as_parser<Subject>::value_type> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};
inline constexpr expect_generator expect{};

/// One byte of a class.
template <byte_class const& Class>
struct byte_parser : x3::parser<byte_parser<Class>> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
    if (first == last || !Class(*first)) return false;
    ++first;
    return true;
  }
};

template <byte_class const& Class>
inline constexpr byte_parser<Class> byte_of{};

/// A string known at compile time, as a template argument: word<"label=">.
template <std::size_t N>
struct fixed_string {
  char text[N - 1]{};  // without the terminating NUL
  static constexpr std::size_t size = N - 1;
  constexpr fixed_string(char const (&s)[N]) { std::copy_n(s, N - 1, text); }
};

/// The bytes of S, as x3::lit("...") matches them, compared as a whole instead of byte by
/// byte: in an alternative of option names ("label=" | "subprotocol=" | ...) a name that
/// does not match costs a few instructions (issue 24).
template <fixed_string S>
struct word_parser : x3::parser<word_parser<S>> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
    if (static_cast<std::size_t>(last - first) < S.size || std::memcmp(first, S.text, S.size) != 0)
      return false;
    first += static_cast<std::ptrdiff_t>(S.size);
    return true;
  }
};

template <fixed_string S>
inline constexpr word_parser<S> word{};

/// True when `a` and `b` hold the same bytes.
constexpr bool same_class(byte_class const& a, byte_class const& b) {
  for (std::size_t i = 0; i < 256; ++i)
    if (a.member[i] != b.member[i]) return false;
  return true;
}

/// The end of the run of `Class` bytes that starts at `first`. Values are scanned a
/// block at a time where the class allows it: byte-string (everything but CR, LF and NUL)
/// with the line splitter's search, non-ws-string with SSE2 range checks, URI and ICE
/// characters eight lookups per step; other classes, whose runs are short, one at a time.
template <byte_class const& Class>
iterator scan(iterator first, iterator last) noexcept {
  if constexpr (same_class(Class, byte_string_chars)) {
    return sdp::detail::find_line_end(first, last);
  } else {
#if defined(__SSE2__)
    if constexpr (same_class(Class, non_ws_chars)) {
      // b in %x21-7E / %x80-FF: above 0x20 unsigned (signed after flipping the top bit),
      // and not DEL.
      __m128i const flip = _mm_set1_epi8(static_cast<char>(0x80));
      __m128i const space = _mm_set1_epi8(static_cast<char>(0x20 ^ 0x80));
      __m128i const del = _mm_set1_epi8(0x7F);
      while (last - first >= 16) {
        __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(first));
        __m128i const above = _mm_cmpgt_epi8(_mm_xor_si128(chunk, flip), space);
        __m128i const ok = _mm_andnot_si128(_mm_cmpeq_epi8(chunk, del), above);
        int const stop = _mm_movemask_epi8(ok) ^ 0xFFFF;
        if (stop != 0) return first + __builtin_ctz(static_cast<unsigned>(stop));
        first += 16;
      }
    }
#endif
    if constexpr (same_class(Class, uri_chars) || same_class(Class, ice_chars)) {
      // URIs and ICE strings run long: eight lookups per step while all belong.
      auto const in = [](char ch) { return static_cast<unsigned>(Class(ch)); };
      while (last - first >= 8 && (in(first[0]) & in(first[1]) & in(first[2]) & in(first[3]) &
                                   in(first[4]) & in(first[5]) & in(first[6]) & in(first[7])))
        first += 8;
    }
    while (first != last && Class(*first))
      ++first;
    return first;
  }
}

/// A run of min..max bytes of a class, as a string_view. Longer runs fail at the byte
/// after max (so the error points past the allowed length); a run of 1 to min-1 bytes fails
/// on the run (an empty one fails softly, so that alternatives may match).
template <byte_class const& Class, std::size_t Min = 1,
          std::size_t Max = std::numeric_limits<std::size_t>::max()>
struct span_parser : x3::parser<span_parser<Class, Min, Max>> {
  using attribute_type = std::string_view;
  static bool const has_attribute = true;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    Iterator const it = scan<Class>(first, last);
    auto const n = static_cast<std::size_t>(it - first);
    if (n < Min) {
      if (n == 0) return false;
      return fail_value(context, first, n, errc::syntax, sdp::detail::too_short_rule);
    }
    if (n > Max)
      return fail_value(context, first + static_cast<std::ptrdiff_t>(Max), n - Max, errc::syntax,
                        sdp::detail::too_long_rule);
    if constexpr (std::is_assignable_v<Attribute&, std::string_view>) {
      attr = std::string_view(first, n);
    }
    first = it;
    return true;
  }
};

template <byte_class const& Class, std::size_t Min = 1,
          std::size_t Max = std::numeric_limits<std::size_t>::max()>
inline constexpr span_parser<Class, Min, Max> span{};

/// Reads decimal digits from `first` into `value` (64 bits, `overflow` set when they do not
/// fit); returns the end of the digits.
template <class Iterator>
Iterator read_digits(Iterator first, Iterator last, std::uint64_t& value, bool& overflow) {
  // 19 digits always fit in 64 bits: check for overflow only after them.
  int digits = 0;
  for (; first != last && static_cast<unsigned char>(*first - '0') < 10; ++first, ++digits) {
    if (digits >= 19) {
      overflow |= __builtin_mul_overflow(value, 10u, &value);
      overflow |= __builtin_add_overflow(value, static_cast<std::uint64_t>(*first - '0'), &value);
    } else {
      value = value * 10 + static_cast<std::uint64_t>(*first - '0');
    }
  }
  return first;
}

/// How a number may be written.
enum class digits_form : std::uint8_t {
  any,         // 1*DIGIT
  integer,     // integer = POS-DIGIT *DIGIT (RFC 8866 section 9)
  zero_based,  // zero-based-integer = "0" / integer
};

/// Decimal digits as an unsigned T within [Min, Max], in a form and with at most
/// max_digits digits (0: no limit). A leading zero the form forbids fails at the number;
/// too many digits fail at the first one too many; overflow or a value outside the range
/// is a hard failure naming `rule` (errc::value_out_of_range).
template <class T, std::uint64_t Min, std::uint64_t Max>
struct number_parser : x3::parser<number_parser<T, Min, Max>> {
  using attribute_type = T;
  static bool const has_attribute = true;
  char const* rule = "number";
  digits_form form = digits_form::any;
  std::size_t max_digits = 0;

  template <class Iterator, class Context, class RContext, class Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
             Attribute& attr) const {
    std::uint64_t value = 0;
    bool overflow = false;
    Iterator const it = read_digits(first, last, value, overflow);
    auto const digits = static_cast<std::size_t>(it - first);
    if (digits == 0) return false;
    bool const leading_zero = *first == '0';
    if ((form == digits_form::integer && leading_zero) ||
        (form == digits_form::zero_based && leading_zero && digits > 1))
      return false;
    if (max_digits != 0 && digits > max_digits)
      return fail_value(context, first + static_cast<std::ptrdiff_t>(max_digits),
                        digits - max_digits, errc::syntax, rule);
    if (overflow || value < Min || value > Max)
      return fail_value(context, first, digits, errc::value_out_of_range, rule);
    if constexpr (!std::is_same_v<Attribute, x3::unused_type>) {
      attr = static_cast<T>(value);
    }
    first = it;
    return true;
  }
};

/// 1*DIGIT; `max_digits` 0 means any number of digits.
template <class T, std::uint64_t Min = 0, std::uint64_t Max = std::numeric_limits<T>::max()>
constexpr number_parser<T, Min, Max> number(char const* rule, std::size_t max_digits = 0) {
  number_parser<T, Min, Max> p;
  p.rule = rule;
  p.max_digits = max_digits;
  return p;
}

/// integer = POS-DIGIT *DIGIT (no leading zero, not 0).
template <class T, std::uint64_t Min = 1, std::uint64_t Max = std::numeric_limits<T>::max()>
constexpr number_parser<T, Min, Max> integer(char const* rule) {
  auto p = number<T, Min, Max>(rule);
  p.form = digits_form::integer;
  return p;
}

/// zero-based-integer = "0" / integer.
template <class T, std::uint64_t Min = 0, std::uint64_t Max = std::numeric_limits<T>::max()>
constexpr number_parser<T, Min, Max> zero_based(char const* rule) {
  auto p = number<T, Min, Max>(rule);
  p.form = digits_form::zero_based;
  return p;
}

/// The output struct a grammar fills, reached from semantic actions.
struct out_tag;

/// A semantic action storing the parser's attribute into a member of the output struct.
template <class Struct, class Member>
constexpr auto set(Member Struct::*member) {
  return [member](auto& ctx) {
    Struct& out = x3::get<out_tag>(ctx).get();
    out.*member = x3::_attr(ctx);
  };
}

/// A semantic action storing a fixed value into a member of the output struct.
template <class Struct, class Member, class Value>
constexpr auto set_to(Member Struct::*member, Value value) {
  return [member, value](auto& ctx) {
    Struct& out = x3::get<out_tag>(ctx).get();
    out.*member = value;
  };
}

/// A semantic action storing the matched text (x3::raw) as a string_view member.
template <class Struct>
constexpr auto set_text(std::string_view Struct::*member) {
  return [member](auto& ctx) {
    auto const& range = x3::_attr(ctx);
    Struct& out = x3::get<out_tag>(ctx).get();
    out.*member = std::string_view(range.begin(), static_cast<std::size_t>(range.size()));
  };
}

/// Parses all of `value` with `grammar`, filling `out`. On failure records a positioned
/// error in `context` (rule name `rule` unless a deeper rule is named) and returns false.
/// Always inlined into the value parser, where the grammar is a constant: its member
/// pointers, literals and limits then become immediates.
template <class Grammar, class Out>
[[gnu::always_inline]] inline bool run(std::string_view value, Grammar const& grammar, Out& out,
                                       sdp::detail::value_context& context, char const* rule) {
  iterator first = value.data();
  iterator const last = first + value.size();
  // The grammar sees the output struct through x3::get<out_tag> and records its hard
  // failure through x3::get<failure_tag>.
  hard_failure failure;
  auto target = std::ref(out);
  auto failure_ref = std::ref(failure);
  // A context holds its next one by reference: each gets a name.
  auto const out_context = x3::make_context<out_tag>(target);
  auto const grammar_context = x3::make_context<failure_tag>(failure_ref, out_context);
  bool const matched = grammar.parse(first, last, grammar_context, x3::unused, x3::unused);
  if (!failure.failed) {
    if (matched && first == last) return true;
    context.fail(errc::syntax, first, first == last ? 0 : 1, rule);
  } else if (failure.rule != nullptr) {
    context.fail(failure.code, failure.where, failure.length, failure.rule);
  } else {
    report_expectation(failure, last, context, rule);
  }
  return false;
}

/// In a list of "name[=value]" items separated by the bytes of `Separators` (outside
/// double quotes), the first item whose name repeats an earlier one, or an empty view.
/// Grammars use it to reject a repeated option with the position of its second
/// occurrence (dcmap options, 3gpp-qos-hint, 3gpp-aiml-split). It steps from one byte
/// that matters (a separator, a quote, an item's first '=') to the next, sixteen bytes a
/// step: option values are long runs of other bytes (issue 24).
template <fixed_string Separators>
std::string_view repeated_name(std::string_view list) {
  static constexpr std::string_view separators(Separators.text, Separators.size);
  static constexpr byte_class stops = make_class(separators) | make_class("\"=");
  static constexpr byte_class plain = ~stops;
  imsdp::detail::view_set<64> names;
  iterator p = list.data();
  iterator const end = p + list.size();
  iterator start = p;
  iterator equals = nullptr;  // the item's first '=', quoted or not
  auto const next_stop = [end](iterator at) {
#if defined(__SSE2__)
    while (end - at >= 16) {
      __m128i const chunk = _mm_loadu_si128(reinterpret_cast<__m128i const*>(at));
      __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('"')),
                                 _mm_cmpeq_epi8(chunk, _mm_set1_epi8('=')));
      for (char const separator : separators)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(chunk, _mm_set1_epi8(separator)));
      if (int const mask = _mm_movemask_epi8(hit); mask != 0)
        return at + __builtin_ctz(static_cast<unsigned>(mask));
      at += 16;
    }
#endif
    return scan<plain>(at, end);
  };
  for (;;) {
    p = next_stop(p);
    if (p != end && *p == '=') {
      if (equals == nullptr) equals = p;
      ++p;
      continue;
    }
    if (p != end && *p == '"') {  // to the closing quote, or the end of an unclosed one
      auto const close =
          static_cast<iterator>(std::memchr(p + 1, '"', static_cast<std::size_t>(end - p - 1)));
      iterator const after = close == nullptr ? end : close + 1;
      if (equals == nullptr)
        equals = static_cast<iterator>(std::memchr(p, '=', static_cast<std::size_t>(after - p)));
      p = after;
      if (close != nullptr) continue;
    }
    // The end of an item (a separator, or the end of the list).
    std::string_view const name(
        start, static_cast<std::size_t>((equals == nullptr ? p : std::min(equals, p)) - start));
    if (!names.insert(name)) return name;
    if (p == end) return {};
    start = ++p;
    equals = nullptr;
  }
}

/// Space, the only separator RFC 8866 allows inside values.
inline constexpr auto sp = x3::lit(' ');

// quoted-visible-string = DQUOTE *escaped-string DQUOTE      (RFC 8864 section 5.1)
// escaped-string = quoted-char / escaped-char ; quoted-char = SP / quoted-visible
// quoted-visible = %x21 / %x23-24 / %x26-7E ; escaped-char = "%" HEXDIG HEXDIG
inline constexpr byte_class quoted_visible_chars = make_class(" ", "\x21\x21\x23\x24\x26\x7e");
/// A quoted-visible-string; its attribute is the content between the quotes, escapes kept.
inline constexpr auto quoted_visible_string =
    '"' >> x3::raw[*(span<quoted_visible_chars> |
                     ('%' >> expect[byte_of<hex_chars>] >> expect[byte_of<hex_chars>]))] >>
    expect['"'];

}  // namespace imsdp::grammar
