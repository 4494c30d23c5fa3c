// The SDP line splitter, line-order automaton and dispatch (RFC 8866 sections 5 and 9).
//
// Order automaton (strict). Session level, ranks in RFC 8866 section 5 order:
//
//   v=0 o=1 s=2 i=3 u=4 e=5 p=6 c=7 b=8 t=9 r=10 z=11 k=12 a=13
//
// A line may follow the previous session line when its rank is higher, or equal for
// the repeatable e=, p=, b=, a=. Time descriptions: t= may follow anything up to z=; r=
// follows t= or r=; z= follows r= (time-description = time-field [repeat-description],
// repeat-description = 1*repeat-field [zone-field]). Media level after each m=:
//
//   m=0 i=1 c=2 b=3 k=4 a=5    (c=, b=, a= repeatable)
//
// Under tolerance::field_order session and media lines may come in any order (each
// deviation is a diagnostic); lines that belong only to the session level are errors in a
// media description under every profile.
#include <algorithm>
#include <array>
#include <bitset>
#include <imsdp/sdp/parse.hpp>
#include <optional>

#include "detail/view_set.hpp"
#include "sdp/line_parser.hpp"
#include "sdp/line_scanner.hpp"
#include "sdp/parsers.hpp"

namespace imsdp::sdp::detail {
namespace {

constexpr bool is_known_type(char type) noexcept {
  return type == 'm' || session_rank(type) >= 0;
}

/// Lines whose value is free text keep trailing whitespace as part of the value.
constexpr bool is_text_type(char type) noexcept {
  return type == 's' || type == 'i' || type == 'u' || type == 'e' || type == 'p';
}

constexpr bool is_space(char ch) noexcept {
  return ch == ' ' || ch == '\t';
}

/// The extmap ids of one section (RFC 8285: 1..4351). Its 544 bytes are cleared at the
/// section's first extmap, not at each m= line or per parse: most sections have none, and
/// clearing them cost a 130-byte description more than one of its lines.
class extmap_id_set {
 public:
  /// Whether `id` was there already; it is there afterwards. The grammar refuses ids
  /// above 4351; one beyond the set is never "there already".
  bool test_and_set(std::uint16_t id) noexcept {
    if (id >= words_.size() * 64) return false;
    if (!used_) {
      words_.fill(0);
      used_ = true;
    }
    auto& word = words_[id / 64];
    auto const bit = std::uint64_t{1} << (id % 64);
    bool const seen = (word & bit) != 0;
    word |= bit;
    return seen;
  }
  void clear() noexcept { used_ = false; }

 private:
  std::array<std::uint64_t, 68> words_;  // read only while used_ (set by test_and_set)
  bool used_ = false;
};

/// An o= value with more than two numbers between the username and the network type, as
/// some RTSP cameras send: username 3*(SP 1*DIGIT) SP token SP token SP non-ws-string.
bool is_lax_origin(std::string_view value) noexcept {
  auto const words = imsdp::detail::split(value, ' ');
  std::size_t count = 0;
  std::size_t numbers = 0;
  bool numbers_done = false;
  for (auto word : words) {
    if (word.empty()) return false;
    ++count;
    if (count == 1) continue;
    bool const numeric = word.find_first_not_of("0123456789") == std::string_view::npos;
    if (numeric && !numbers_done) {
      ++numbers;
    } else {
      numbers_done = true;
    }
  }
  return numbers >= 3 && count == numbers + 4;
}

constexpr std::string_view rule_of(char type) noexcept {
  switch (type) {
    case 'v':
      return "version-field";
    case 'o':
      return "origin-field";
    case 's':
      return "session-name-field";
    case 'i':
      return "information-field";
    case 'u':
      return "uri-field";
    case 'e':
      return "email-field";
    case 'p':
      return "phone-field";
    case 'c':
      return "connection-field";
    case 'b':
      return "bandwidth-field";
    case 't':
      return "time-field";
    case 'r':
      return "repeat-field";
    case 'z':
      return "zone-field";
    case 'k':
      return "key-field";
    case 'a':
      return "attribute-field";
    case 'm':
      return "media-field";
    default:
      return "line";
  }
}

class parser {
 public:
  parser(std::string_view text, parse_options const& options, parse_output& out)
      : text_(text),
        options_(options),
        out_(out),
        context_(options.profile.tolerances, &out.diagnostics, options.limits.max_diagnostics) {}

  void run();

 private:
  // A problem on the current line: an error, unless `tolerated`, then a diagnostic.
  // Returns true when parsing of the line may go on.
  bool deviation(errc code, tolerance t, char const* at, std::size_t length,
                 std::string_view subject, severity tolerated_severity = severity::warning) {
    if (context_.allows(t)) {
      context_.report(code, tolerated_severity, at, length, subject);
      return true;
    }
    error(code, at, length, subject);
    return false;
  }

  void error(errc code, char const* at, std::size_t length, std::string_view rule,
             std::string detail = {}) {
    context_.fail(code, at, length, rule, std::move(detail));
    take_error();
  }

  // Moves the context's failure into the output (first error) and the diagnostics.
  void take_error() {
    auto e = context_.take_failure();
    if (!out_.failed) {
      out_.failed = true;
      out_.first_error = e;
    }
    if (options_.collect_all_errors) context_.report_failure(std::move(e), severity::error);
  }

  [[nodiscard]] bool stop() const noexcept { return out_.failed && !options_.collect_all_errors; }

  void line(char const* begin, char const* content_end, std::string_view eol);
  void irregular_line(std::string_view content, std::string_view eol);
  field& push_field(char type, std::string_view content, std::string_view eol);
  bool check_session_order(char type, char const* at);
  bool check_media_order(char type, char const* at);
  bool accept_out_of_order(char type, char const* at);
  void end_of_session(char const* at);
  void end_of_media();
  bool parse_attribute_line(std::string_view value, attribute& a);
  bool keep_malformed(attribute& a);
  std::size_t scan_attribute_name(std::string_view& value);
  bool check_unique(attribute const& a, std::string_view value);
  bool repeated_key(attribute const& a, std::string_view value);

  std::string_view text_;
  parse_options const& options_;
  parse_output& out_;
  value_context context_;

  std::uint32_t line_number_ = 0;
  bool in_media_ = false;
  bool seen_version_ = false;
  bool session_checked_ = false;
  int previous_rank_ = -1;
  std::bitset<32> seen_session_;  // by session rank
  std::bitset<8> seen_media_;     // by media rank
  int media_rank_ = 0;            // the highest media rank seen in this section
  position media_at_{};           // the m= line of this section
  std::array<std::optional<position>, 3> missing_at_{};  // where o=, s=, t= belonged
  std::size_t attributes_in_section_ = 0;
  std::bitset<128> once_attributes_;  // typed attributes seen in this section (occurrence::once)
  extmap_id_set extmap_ids_;          // extmap ids of this section
  std::bitset<128> payload_types_;    // rtpmap payload types of this section
  // Every mid so far: a parse with up to 16 does not allocate, and 1000 sections do not
  // cost 1000 * 1000 comparisons.
  imsdp::detail::view_set<16> mids_;
  bool noted_bare_lf_ = false;
  bool noted_bare_cr_ = false;
  bool noted_order_ = false;
};

void parser::run() {
  char const* const begin = text_.data();
  char const* const end = begin + text_.size();
  if (text_.size() > options_.limits.max_input_bytes) {
    context_.fail_at(errc::limit_exceeded, position_at(text_, options_.limits.max_input_bytes), 1,
                     "max_input_bytes");
    take_error();
    return;
  }
  std::size_t const estimate = count_newlines(begin, end) + 1;
  out_.fields.reserve(std::min(estimate, options_.limits.max_lines + 1));
  out_.media_starts.reserve(8);

  char const* at = begin;
  while (at != end && !stop()) {
    char const* const line_end = find_line_end(at, end);
    std::string_view eol;
    char const* next = line_end;
    ++line_number_;
    context_.at_line(at, line_number_, static_cast<std::size_t>(at - begin));
    if (line_number_ > options_.limits.max_lines) {
      error(errc::limit_exceeded, at, 0, "max_lines");
      return;
    }
    if (static_cast<std::size_t>(line_end - at) > options_.limits.max_line_length) {
      error(errc::limit_exceeded, at + options_.limits.max_line_length, 1, "max_line_length");
      return;
    }
    if (line_end == end) {
      if (!deviation(errc::missing_final_eol, tolerance::missing_final_eol, line_end, 0,
                     "line ending", severity::note) &&
          stop())
        return;
    } else if (*line_end == '\0') {
      error(errc::nul_byte, line_end, 1, "byte-string");
      return;  // the rest cannot be split reliably
    } else if (*line_end == '\r') {
      if (line_end + 1 != end && line_end[1] == '\n') {
        eol = std::string_view(line_end, 2);
      } else {
        eol = std::string_view(line_end, 1);
        if (!noted_bare_cr_ || !context_.allows(tolerance::bare_cr)) {
          noted_bare_cr_ = true;
          if (!deviation(errc::bare_cr, tolerance::bare_cr, line_end, 1, "line ending",
                         severity::note) &&
              stop())
            return;
        }
      }
      next = line_end + eol.size();
    } else {
      eol = std::string_view(line_end, 1);
      if (!noted_bare_lf_ || !context_.allows(tolerance::bare_lf)) {
        noted_bare_lf_ = true;
        if (!deviation(errc::bare_lf, tolerance::bare_lf, line_end, 1, "line ending",
                       severity::note) &&
            stop())
          return;
      }
      next = line_end + 1;
    }
    line(at, line_end, eol);
    at = next;
  }
  if (stop()) return;
  context_.at_line(end, line_number_ + 1, text_.size());
  if (!seen_version_) {
    error(errc::missing_line, end, 0, "version-field", "the description has no v= line");
    return;
  }
  if (in_media_) end_of_media();
  if (!in_media_) end_of_session(end);
}

// RFC 8866 section 5.7: each media description has a c= line unless the session has one.
void parser::end_of_media() {
  if (seen_media_[2] || seen_session_[7]) return;
  if (context_.allows(tolerance::missing_connection)) {
    context_.report_at(errc::missing_line, severity::warning, media_at_, 0, "connection-field");
    return;
  }
  context_.fail_at(errc::missing_line, media_at_, 0, "connection-field",
                   "no c= in this media description nor at session level");
  take_error();
}

field& parser::push_field(char type, std::string_view content, std::string_view eol) {
  field& f = out_.fields.emplace_back();
  f.type = type;
  f.line = line_number_;
  f.offset = static_cast<std::uint32_t>(content.data() - text_.data());
  f.text = content;
  f.eol = eol;
  return f;
}

// A line that is not <letter>=...: blank, whitespace only, or malformed.
void parser::irregular_line(std::string_view content, std::string_view eol) {
  char const* const begin = content.data();
  auto const length = content.size();
  if (length == 0 || is_space(content[0])) {
    if (content.find_first_not_of(" \t") == std::string_view::npos) {
      if (deviation(errc::blank_line, tolerance::blank_lines, begin, length, "line"))
        push_field(0, content, eol);
      return;
    }
    error(errc::invalid_line, begin, 1, "line", "expected <type>=<value>");
    return;
  }
  bool const letter = content[0] >= 'a' && content[0] <= 'z';
  error(errc::invalid_line, letter && length >= 2 ? begin + 1 : begin, 1, "line",
        "expected <type>=<value>");
}

void parser::line(char const* begin, char const* content_end, std::string_view eol) {
  auto const length = static_cast<std::size_t>(content_end - begin);
  std::string_view const content(begin, length);
  if (length < 2 || content[1] != '=' || content[0] < 'a' || content[0] > 'z') {
    irregular_line(content, eol);
    return;
  }
  // The common line, an attribute of a media description: a= is the last and repeatable
  // rank there, so it is always in order.
  if (content[0] == 'a' && in_media_) {
    seen_media_[5] = true;
    media_rank_ = 5;
    if (length == 2) {
      error(errc::empty_value, content_end, 0, "attribute-field");
      return;
    }
    field& f = push_field('a', content, eol);
    if (!parse_attribute_line(content.substr(2), f.value.emplace<attribute>())) {
      out_.fields.pop_back();
      take_error();
    }
    return;
  }

  auto const index = out_.fields.size();
  char const type = content[0];
  if (!is_known_type(type)) {
    if (deviation(errc::unknown_line_type, tolerance::unknown_line_types, begin, 1, "line"))
      push_field(type, content, eol);
    return;
  }
  if (!seen_version_) {
    if (type != 'v') {
      error(errc::missing_line, begin, 1, "version-field", "a description starts with v=");
      return;
    }
    seen_version_ = true;
  }

  // Line order.
  if (type == 'm') {
    if (in_media_) end_of_media();
    if (!in_media_) end_of_session(begin);
    if (stop()) return;
    media_at_ = context_.where(begin);
    in_media_ = true;
    seen_media_.reset();
    media_rank_ = 0;
    extmap_ids_.clear();
    payload_types_.reset();
    once_attributes_.reset();
    attributes_in_section_ = 0;
    if (out_.media_starts.size() >= options_.limits.max_media) {
      error(errc::limit_exceeded, begin, 1, "max_media");
      return;
    }
  } else if (!(in_media_ ? check_media_order(type, begin) : check_session_order(type, begin))) {
    return;
  }

  // Value: strip tolerated trailing whitespace of structured values.
  std::string_view value = content.substr(2);
  if (!is_text_type(type) && type != 'a' && !value.empty() && is_space(value.back())) {
    auto const kept = value.find_last_not_of(" \t") + 1;
    if (!deviation(errc::trailing_whitespace, tolerance::trailing_whitespace, value.data() + kept,
                   value.size() - kept, rule_of(type), severity::note))
      return;
    value = value.substr(0, kept);
  }
  if (value.empty() && !(type == 's' && context_.allows(tolerance::empty_session_name))) {
    error(errc::empty_value, value.data(), 0, rule_of(type));
    return;
  }
  if (type == 's' && value.empty()) {
    context_.report(errc::empty_value, severity::warning, value.data(), 0, "session-name-field");
  }

  field& f = push_field(type, content, eol);
  bool ok;
  if (type == 'a') {
    ok = parse_attribute_line(value, f.value.emplace<attribute>());
  } else {
    ok = parse_line_value(type, std::string_view(begin, 2 + value.size()), f.value, context_);
    if (!ok && type == 'o' && context_.allows(tolerance::lax_tokens) && is_lax_origin(value)) {
      // Cameras write o= lines with an extra number ("o=- 1466 3178 1 IN IP4 192.0.2.9");
      // keep the line as text, untyped.
      auto const failure = context_.take_failure();
      context_.report_at(errc::nonstandard_syntax, severity::warning, failure.where, failure.length,
                         rule_of(type));
      f.value = std::monostate{};
      ok = true;
    }
    if (!ok && (type == 'e' || type == 'p') && context_.allows(tolerance::free_form_contact)) {
      auto const failure = context_.take_failure();
      context_.report_at(errc::nonstandard_syntax, severity::warning, failure.where, failure.length,
                         rule_of(type));
      f.value = text{value};
      ok = true;
    }
    if (ok && type == 'm') {
      auto const& m = std::get<media_field>(f.value);
      if (m.formats.empty())
        context_.report(errc::nonstandard_syntax, severity::warning, content_end, 0, "fmt");
      auto const formats = m.formats.empty() ? 0 : m.format_list().size();
      if (formats > options_.limits.max_formats) {
        context_.fail(errc::limit_exceeded, m.formats.data(), m.formats.size(), "max_formats");
        ok = false;
      }
    }
  }
  if (!ok) {
    out_.fields.pop_back();
    take_error();
    return;
  }
  if (type == 'm') out_.media_starts.push_back(static_cast<std::uint32_t>(index));
}

bool parser::check_session_order(char type, char const* at) {
  int const rank = session_rank(type);
  // z= may repeat: once per time description, which the order rule below enforces.
  bool const repeatable = type == 'e' || type == 'p' || type == 'b' || type == 'a' || type == 't' ||
                          type == 'r' || type == 'z';
  if (seen_session_[static_cast<std::size_t>(rank)] && !repeatable) {
    error(errc::duplicate_line, at, 1, rule_of(type), "this line may appear once");
    return false;
  }
  // Where the required o=, s= and t= lines should have been.
  constexpr std::array<int, 3> required{1, 2, 9};
  for (std::size_t i = 0; i < required.size(); ++i)
    if (rank > required[i] && !seen_session_[static_cast<std::size_t>(required[i])] &&
        !missing_at_[i])
      missing_at_[i] = context_.where(at);

  bool in_order;
  if (type == 't') {
    in_order = previous_rank_ <= 11;
  } else if (type == 'r') {
    in_order = previous_rank_ == 9 || previous_rank_ == 10;
  } else if (type == 'z') {
    in_order = previous_rank_ == 10;
  } else {
    in_order = rank > previous_rank_ || (rank == previous_rank_ && repeatable);
  }
  if (type == 'r' && !seen_session_[9]) {
    error(errc::line_order, at, 1, rule_of(type), "r= must follow a t= line");
    return false;
  }
  if (!in_order && !accept_out_of_order(type, at)) return false;
  seen_session_[static_cast<std::size_t>(rank)] = true;
  previous_rank_ = std::max(previous_rank_, rank);
  if (type == 't' || type == 'r' || type == 'z') previous_rank_ = rank;
  return true;
}

bool parser::check_media_order(char type, char const* at) {
  int const rank = media_rank(type);
  if (rank < 0) {
    error(errc::line_order, at, 1, rule_of(type), "not allowed in a media description");
    return false;
  }
  bool const repeatable = type == 'c' || type == 'b' || type == 'a';
  if (seen_media_[static_cast<std::size_t>(rank)] && !repeatable) {
    error(errc::duplicate_line, at, 1, rule_of(type), "this line may appear once per media");
    return false;
  }
  if (rank < media_rank_ && !accept_out_of_order(type, at)) return false;
  seen_media_[static_cast<std::size_t>(rank)] = true;
  media_rank_ = std::max(media_rank_, rank);
  return true;
}

// A line out of RFC 8866 section 5 order: an error, or under tolerance::field_order a
// warning (once per description).
bool parser::accept_out_of_order(char type, char const* at) {
  if (!context_.allows(tolerance::field_order)) {
    error(errc::line_order, at, 1, rule_of(type), "out of RFC 8866 section 5 order");
    return false;
  }
  if (!noted_order_) {
    noted_order_ = true;
    context_.report(errc::line_order, severity::warning, at, 1, rule_of(type));
  }
  return true;
}

// Values that must be unique: a mid in the description (RFC 5888 section 4), an extmap id
// in a section (RFC 8285 section 5), an rtpmap payload type in a section (RFC 8866 6.6).
bool parser::check_unique(attribute const& a, std::string_view value) {
  bool repeated = false;
  if (auto const* m = a.get<mid>()) {
    repeated = !mids_.insert(m->value);
  } else if (auto const* e = a.get<extmap>()) {
    repeated = extmap_ids_.test_and_set(e->id);
  } else if (auto const* r = a.get<rtpmap>()) {
    repeated = payload_types_.test(r->payload_type);
    payload_types_.set(r->payload_type);
  }
  return !repeated || repeated_key(a, value);
}

// A mid, extmap id or rtpmap payload type used before: an error, or under
// tolerance::malformed_attributes a warning. The diagnostic points at the key.
[[gnu::cold, gnu::noinline]] bool parser::repeated_key(attribute const& a, std::string_view value) {
  // The key: the whole mid, or the digits of the payload type or extmap id.
  bool const is_mid = a.get<mid>() != nullptr;
  bool const is_extmap = a.get<extmap>() != nullptr;
  auto const key = is_mid ? value : value.substr(0, value.find_first_not_of("0123456789"));
  if (!context_.allows(tolerance::malformed_attributes)) {
    // The rule is static text: an error outlives the parsed buffer.
    context_.fail(errc::inconsistent_value, key.data(), key.size(),
                  is_mid      ? mid::name
                  : is_extmap ? extmap::name
                              : rtpmap::name,
                  is_mid ? "mid '" + std::string(key) + "' names an earlier m= section too"
                         : (is_extmap ? "extmap id " : "payload type ") + std::string(key) +
                               " is mapped twice in this section");
    return false;
  }
  context_.report(errc::inconsistent_value, severity::warning, key.data(), key.size(), a.name);
  return true;
}

void parser::end_of_session(char const* at) {
  if (session_checked_) return;
  session_checked_ = true;
  struct requirement {
    int rank;
    tolerance t;
    char const* rule;
  };
  static constexpr requirement required[] = {
      {1, tolerance::missing_origin, "origin-field"},
      {2, tolerance::missing_session_name, "session-name-field"},
      {9, tolerance::missing_timing, "time-field"},
  };
  for (std::size_t i = 0; i < std::size(required); ++i) {
    if (seen_session_[static_cast<std::size_t>(required[i].rank)]) continue;
    position const where = missing_at_[i] ? *missing_at_[i] : context_.where(at);
    if (context_.allows(required[i].t)) {
      context_.report_at(errc::missing_line, severity::warning, where, 0, required[i].rule);
      continue;
    }
    context_.fail_at(errc::missing_line, where, 0, required[i].rule);
    take_error();
    if (stop()) return;
  }
}

// A typed attribute whose value fails its grammar: an error, or under
// tolerance::malformed_attributes a warning and the value kept as text.
[[gnu::cold, gnu::noinline]] bool parser::keep_malformed(attribute& a) {
  if (!context_.allows(tolerance::malformed_attributes)) return false;
  auto failure = context_.take_failure();
  failure.code = errc::malformed_attribute;
  context_.report_failure(std::move(failure), severity::warning);
  a.typed = std::monostate{};
  return true;
}

// The length of the attribute-name at the start of `value`, with the tolerated forms of
// IMS stacks and drafts; 0 after an error. May drop trailing whitespace from `value`.
std::size_t parser::scan_attribute_name(std::string_view& value) {
  std::size_t n = 0;
  while (n < value.size() && is_token_char(value[n]))
    ++n;
  if (n > 0 && n < value.size() && is_space(value[n]) &&
      value.find_first_not_of(" \t", n) == std::string_view::npos) {
    // "a=sendrecv " (IMS stacks): whitespace after a flag attribute.
    if (!context_.allows(tolerance::trailing_whitespace)) {
      context_.fail(errc::trailing_whitespace, value.data() + n, value.size() - n,
                    "attribute-field");
      return 0;
    }
    context_.report(errc::trailing_whitespace, severity::note, value.data() + n, value.size() - n,
                    "attribute-field");
    value = value.substr(0, n);
  }
  if (n < value.size() && value[n] == ' ' && value.substr(0, n) == "sctp-port") {
    // "a=sctp-port 5000" (draft-ietf-mmusic-sctp-sdp-12, before RFC 8841 section 5.2)
    if (!context_.allows(tolerance::legacy_sctp)) {
      context_.fail(errc::dc_legacy_form, value.data() + n, 1, "sctp-port",
                    "RFC 8841 writes a=sctp-port:<port>");
      return 0;
    }
    context_.report(errc::dc_legacy_form, severity::warning, value.data() + n, 1, "sctp-port");
  } else if (n < value.size() && value[n] != ':') {
    if (!context_.allows(tolerance::lax_tokens) || value.find(':') == 0) {
      context_.fail(errc::syntax, value.data() + n, 1, "attribute-name",
                    "expected ':' or the end of the line");
      return 0;
    }
    // lax_tokens: any bytes up to the first ':' name the attribute.
    auto const colon = value.find(':');
    context_.report(errc::nonstandard_syntax, severity::warning, value.data() + n, 1,
                    "attribute-name");
    n = colon == std::string_view::npos ? value.size() : colon;
  }
  if (n == 0) context_.fail(errc::syntax, value.data(), 1, "attribute-name");
  return n;
}

bool parser::parse_attribute_line(std::string_view value, attribute& a) {
  // attribute = (attribute-name ":" attribute-value) / attribute-name
  // Fast path: the name runs to the first ':' and is a registered one, so its bytes are
  // token-chars; any other name goes through the byte-by-byte rules.
  std::size_t n = find_colon(value);
  auto const* entry = find_attribute(value.substr(0, n));
  if (entry == nullptr) {
    n = scan_attribute_name(value);
    if (n == 0) return false;
    entry = find_attribute(value.substr(0, n));
  }
  a.name = value.substr(0, n);
  a.has_value = n < value.size();
  a.value = a.has_value ? value.substr(n + 1) : value.substr(n);
  if (a.has_value && a.value.empty()) {
    context_.fail(errc::empty_value, a.value.data(), 0, "attribute-value");
    return false;
  }
  if (++attributes_in_section_ > options_.limits.max_attributes) {
    context_.fail(errc::limit_exceeded, value.data() - 2, 1, "max_attributes");
    return false;
  }
  if (entry == nullptr) {
    context_.report(errc::unknown_attribute, severity::note, a.name.data(), a.name.size(), a.name);
    return true;
  }

  // Typed: trailing whitespace is not part of a typed value.
  std::string_view typed_value = a.value;
  if (!typed_value.empty() && is_space(typed_value.back())) {
    auto const kept = typed_value.find_last_not_of(" \t") + 1;
    if (!context_.allows(tolerance::trailing_whitespace)) {
      context_.fail(errc::trailing_whitespace, typed_value.data() + kept, typed_value.size() - kept,
                    "attribute-value");
      return false;
    }
    context_.report(errc::trailing_whitespace, severity::note, typed_value.data() + kept,
                    typed_value.size() - kept, "attribute-value");
    typed_value = typed_value.substr(0, kept);
  }

  auto const& rules = entry->rules;
  bool const wrong_level =
      in_media_ ? rules.level == attribute_level::session : rules.level == attribute_level::media;
  if (wrong_level) {
    if (!context_.allows(tolerance::misplaced_attributes)) {
      context_.fail(errc::attribute_level, a.name.data(), a.name.size(), "attribute-name",
                    in_media_ ? "a session-level attribute in a media description"
                              : "a media-level attribute at session level");
      return false;
    }
    context_.report(errc::attribute_level, severity::warning, a.name.data(), a.name.size(), a.name);
  }
  if (rules.how_often == occurrence::once) {
    if (once_attributes_[rules.type_index]) {
      if (!context_.allows(tolerance::malformed_attributes)) {
        context_.fail(errc::duplicate_attribute, a.name.data(), a.name.size(), "attribute-name",
                      "this attribute may appear once per section");
        return false;
      }
      context_.report(errc::duplicate_attribute, severity::warning, a.name.data(), a.name.size(),
                      a.name);
    }
    once_attributes_[rules.type_index] = true;
  }
  bool parsed = entry->parse(entry->name, typed_value, a.has_value, a.typed, context_);
  if (!parsed && typed_value.starts_with(' ') && context_.allows(tolerance::value_leading_space)) {
    // "a=tls-id: abc": spaces before a value that does not parse with them. A value that
    // does (msid-semantic, verbatim ones) means the same under every profile.
    auto const skip = std::min(typed_value.find_first_not_of(' '), typed_value.size());
    context_.clear_failure();
    context_.report(errc::nonstandard_syntax, severity::note, typed_value.data(), skip,
                    "attribute-value");
    typed_value.remove_prefix(skip);
    parsed = entry->parse(entry->name, typed_value, a.has_value, a.typed, context_);
  }
  if (!parsed) return keep_malformed(a);
  return !rules.unique_key || check_unique(a, typed_value);
}

}  // namespace

namespace {

// Parses a typed value in place; on failure the line holds no value.
template <class T>
bool parse_into(std::string_view v, field_value& value, value_context& c) {
  if (parse_value(v, value.emplace<T>(), c)) return true;
  value.emplace<std::monostate>();
  return false;
}

// Free text, checked by `check` (nullptr: any byte-string).
bool text_into(std::string_view v, field_value& value, value_context& c,
               bool (*check)(std::string_view, value_context&)) {
  if (check != nullptr && !check(v, c)) return false;
  value = sdp::text{v};
  return true;
}

bool parse_version(std::string_view v, field_value& value, value_context& c) {
  std::uint32_t n = 0;
  if (!parse_value(v, n, c)) return false;
  value = version{n};
  return true;
}

}  // namespace

bool parse_line_value(char type, std::string_view text, field_value& value, value_context& c) {
  std::string_view const v = text.substr(2);
  switch (type) {
    case 'v':
      return parse_version(v, value, c);
    case 'o':
      return parse_into<origin>(v, value, c);
    case 's':
    case 'i':
      return text_into(v, value, c, nullptr);
    case 'u':
      return text_into(v, value, c, &check_uri);
    case 'e':
      return text_into(v, value, c, &check_email);
    case 'p':
      return text_into(v, value, c, &check_phone);
    case 'c':
      return parse_into<connection>(v, value, c);
    case 'b':
      return parse_into<bandwidth>(v, value, c);
    case 't':
      return parse_into<timing>(v, value, c);
    case 'r':
      return parse_into<repeat>(v, value, c);
    case 'z':
      return parse_into<zone_adjustments>(v, value, c);
    case 'k':
      return parse_into<key>(v, value, c);
    case 'm':
      return parse_into<media_field>(v, value, c);
    default:
      c.fail(errc::unknown_line_type, text.data(), 1, "line");
      return false;
  }
}

void parse_text(std::string_view text, parse_options const& options, parse_output& out) {
  parser(text, options, out).run();
}

}  // namespace imsdp::sdp::detail
