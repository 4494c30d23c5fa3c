// sdp_parse: any bytes, every profile. Oracle: no crash; an error's position lies within
// the input and on a real line; every diagnostic does too, those of the cross-line rules
// (sdp::validate) with their span inside the input; an accepted description serializes;
// lint reports parse's error as one of its own, detail included; every SRTP key a crypto
// line holds (directly or in an acap) is masked in the printed forms (sdp/secrets.hpp).
#include <algorithm>
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/secrets.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>
#include <string_view>

#include "fuzz_check.hpp"

namespace {

// An upper bound on the line numbers of the input (every CR and every LF may end a line).
std::size_t count_lines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
         static_cast<std::size_t>(std::count(text.begin(), text.end(), '\r')) + 1;
}

// Counted once per input: counting per diagnostic made lint of a large input quadratic.
void check_position(imsdp::position const& p, std::string_view text, std::size_t lines) {
  IMSDP_FUZZ_CHECK(p.offset <= text.size(), "position beyond the input");
  if (p.line == 0) return;
  IMSDP_FUZZ_CHECK(p.line <= lines + 1, "line beyond the input");
  IMSDP_FUZZ_CHECK(p.column >= 1, "column is 1-based");
}

// The key-info of each key-param of `c` (a view into `value`) is all '*' once masked.
void check_masked(imsdp::sdp::crypto const& c, std::string_view name, std::string_view value) {
  auto const masked = imsdp::sdp::redact_attribute_value(name, value);
  IMSDP_FUZZ_CHECK(masked.size() == value.size(), "masking keeps the length");
  auto const line = imsdp::sdp::redact_secrets("a=" + std::string(name) + ":" + std::string(value));
  for (auto const& k : imsdp::sdp::key_params_of(c)) {
    auto const secret = k.key_salt.empty() ? k.key_info : k.key_salt;
    auto const at = static_cast<std::size_t>(secret.data() - value.data());
    IMSDP_FUZZ_CHECK(at + secret.size() <= value.size(), "a key lies in its value");
    for (std::size_t i = at; i < at + secret.size(); ++i) {
      IMSDP_FUZZ_CHECK(masked[i] == '*', "an SRTP key is masked in its value");
      IMSDP_FUZZ_CHECK(line[3 + name.size() + i] == '*', "an SRTP key is masked in its line");
    }
  }
}

void check_secrets(imsdp::sdp::session_description const& doc) {
  auto const check_section = [](auto const& section) {
    for (auto const& a : section.attributes()) {
      if (auto const* c = a.template get<imsdp::sdp::crypto>()) check_masked(*c, a.name, a.value);
      if (auto const* cap = a.template get<imsdp::sdp::acap>())
        if (auto const* c = std::get_if<imsdp::sdp::crypto>(&cap->typed))
          check_masked(*c, a.name, a.value);
    }
  };
  check_section(doc.session());
  for (std::size_t i = 0; i < doc.media_count(); ++i)
    check_section(doc.media(i));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  std::size_t const lines = count_lines(text);
  for (auto const p : {imsdp::profile::strict(), imsdp::profile::jsep(), imsdp::profile::ims(),
                       imsdp::profile::lenient()}) {
    auto const doc = imsdp::sdp::parse(text, p);
    if (!doc) {
      check_position(doc.error().where, text, lines);
      IMSDP_FUZZ_CHECK(!doc.error().rule.empty(), "an error names its rule");
      continue;
    }
    for (auto const& d : doc->diagnostics())
      check_position(d.where, text, lines);
    for (auto const& d : imsdp::sdp::validate(*doc)) {
      check_position(d.where, text, lines);
      IMSDP_FUZZ_CHECK(d.length <= text.size() - d.where.offset, "span beyond the input");
    }
    (void)imsdp::sdp::serialize(*doc);
    if (p.name == imsdp::profile::lenient().name) check_secrets(*doc);
  }
  imsdp::parse_options options;
  options.profile = imsdp::profile::lenient();
  for (auto const& d : imsdp::sdp::lint(text, options))
    check_position(d.where, text, lines);
  options.profile = imsdp::profile::strict();
  if (auto const doc = imsdp::sdp::parse(text, options); !doc) {
    auto const& e = doc.error();
    auto const all = imsdp::sdp::lint(text, options);
    bool const kept = all.size() < options.limits.max_diagnostics;  // else it may be dropped
    IMSDP_FUZZ_CHECK(!kept || std::any_of(all.begin(), all.end(),
                                          [&e](imsdp::diagnostic const& d) {
                                            return d.severity == imsdp::severity::error &&
                                                   d.code == e.code && d.where == e.where &&
                                                   d.length == e.length && d.subject == e.rule &&
                                                   d.detail == e.detail;
                                          }),
                     "lint lost parse's error or its detail");
  }
  return 0;
}
