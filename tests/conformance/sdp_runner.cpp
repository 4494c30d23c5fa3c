// The "sdp" target: whole descriptions ("input") or single attribute lines ("attribute",
// wrapped into a minimal description at "level" session or media).
//
//   y_  must parse under "profile" (default strict) plus "tolerances"; echo byte-exact;
//       canonical form re-parses and is a fixpoint; "expect" is a subset of the JSON form
//       (of the attribute, for attribute cases); "serialized" is the canonical text.
//   n_  must fail under the profile with "error": {code, line, column[, rule]}; lines of
//       attribute cases count from the attribute line (1).
//   i_  must fail under strict and parse under the profile and tolerances, as y_.
//   "level": "session", "media" (m=audio) or "datachannel" (m=application UDP/DTLS/SCTP).
//   "diagnostics": [{code[, line, column]}] must each be among the diagnostics.
//   "validation": [{code[, line, column, length, severity]}] must each be reported by
//       sdp::validate or datachannel::validate (as imsdp lint runs them); an empty list
//       means they report nothing.
#include <algorithm>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <imsdp/sdp/validate.hpp>
#include <string>
#include <vector>

#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

using nlohmann::json;

constexpr std::string_view session_template = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
// RFC 8866 5.7: a media description needs a c= line (here, or one at session level).
constexpr std::string_view media_template =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n"
    "c=IN IP4 192.0.2.1\r\n";
constexpr std::string_view datachannel_template =
    "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 192.0.2.1\r\n";

std::string_view template_of(json const& test) {
  auto const level = test.value("level", std::string("media"));
  return level == "session"       ? session_template
         : level == "datachannel" ? datachannel_template
                                  : media_template;
}

struct prepared {
  std::string text;
  std::uint32_t line_offset = 0;  // lines before the attribute line
  bool attribute = false;
};

prepared prepare(json const& test) {
  prepared p;
  if (test.contains("attribute")) {
    p.attribute = true;
    bool const session = test.value("level", std::string("media")) == "session";
    p.text = std::string(template_of(test)) + test["attribute"].get<std::string>() + "\r\n";
    p.line_offset = session ? 4 : 6;
  } else {
    p.text = test.at("input").get<std::string>();
  }
  return p;
}

std::string options_of(json const& test, parse_options& options) {
  auto const name = test.value("profile", std::string("strict"));
  auto const p = profile_from_string(name);
  if (!p) return "unknown profile " + name;
  options.profile = *p;
  if (test.contains("tolerances")) {
    for (auto const& t : test["tolerances"]) {
      auto const flag = tolerance_from_string(t.get<std::string>());
      if (!flag) return "unknown tolerance " + t.dump();
      options.profile.tolerances = options.profile.tolerances | *flag;
    }
  }
  if (test.contains("limits")) {
    auto const& l = test["limits"];
    options.limits.max_line_length = l.value("max_line_length", options.limits.max_line_length);
    options.limits.max_lines = l.value("max_lines", options.limits.max_lines);
    options.limits.max_media = l.value("max_media", options.limits.max_media);
    options.limits.max_attributes = l.value("max_attributes", options.limits.max_attributes);
    options.limits.max_formats = l.value("max_formats", options.limits.max_formats);
    options.limits.max_input_bytes = l.value("max_input_bytes", options.limits.max_input_bytes);
  }
  return {};
}

std::string describe(error const& e) {
  return std::string(to_string(e.code)) + " at " + std::to_string(e.where.line) + ":" +
         std::to_string(e.where.column) + " in " + std::string(e.rule) +
         (e.detail.empty() ? "" : " (" + e.detail + ")");
}

std::string describe(diagnostic const& d) {
  return std::string(to_string(d.code)) + "@" + std::to_string(d.where.line) + ":" +
         std::to_string(d.where.column);
}

// Each expected {code[, line, column, length, severity]} must match one of `found`.
std::string find_each(json const& expected_list, std::vector<diagnostic> const& found,
                      std::uint32_t line_offset, char const* what) {
  for (auto const& expected : expected_list) {
    bool const match = std::any_of(found.begin(), found.end(), [&](diagnostic const& d) {
      return to_string(d.code) == expected.value("code", std::string()) &&
             (!expected.contains("line") ||
              d.where.line == expected["line"].get<std::uint32_t>() + line_offset) &&
             (!expected.contains("column") ||
              d.where.column == expected["column"].get<std::uint32_t>()) &&
             (!expected.contains("length") || d.length == expected["length"].get<std::size_t>()) &&
             (!expected.contains("severity") ||
              to_string(d.severity) == expected["severity"].get<std::string>());
    });
    if (!match) {
      std::string all;
      for (auto const& d : found)
        all += " " + describe(d);
      return std::string("missing ") + what + " " + expected.dump() + "; found" + all;
    }
  }
  return {};
}

std::string check_accepted(json const& test, prepared const& p, parse_options const& options) {
  auto const doc = sdp::parse(p.text, options);
  if (!doc) return "rejected: " + describe(doc.error());
  if (sdp::serialize_exact(*doc) != p.text) return "lossless echo differs from the input";
  std::string const canonical = sdp::serialize(*doc);
  auto const again = sdp::parse(canonical, options);
  if (!again) return "the canonical form does not re-parse: " + describe(again.error());
  if (sdp::serialize(*again) != canonical) return "canonical serialization is not a fixpoint";
  if (test.contains("serialized")) {
    std::string const expected = p.attribute ? std::string(template_of(test)) +
                                                   test["serialized"].get<std::string>() + "\r\n"
                                             : test["serialized"].get<std::string>();
    if (canonical != expected) return "canonical form differs: " + json(canonical).dump();
  }
  // A strict-accepted description is accepted by every profile.
  if (options.profile.tolerances == profile::strict().tolerances) {
    for (auto const wider : {profile::jsep(), profile::ims(), profile::lenient()}) {
      parse_options o = options;
      o.profile = wider;
      if (!sdp::parse(p.text, o))
        return std::string("strict-accepted but rejected by ") + std::string(wider.name);
    }
  }
  if (test.contains("expect")) {
    json actual = sdp::to_json(*doc);
    if (p.attribute) {
      auto const& attributes =
          p.line_offset == 4 ? actual["attributes"] : actual["media"][0]["attributes"];
      if (attributes.empty()) return "no attribute parsed";
      actual = attributes.back();
    }
    std::string why;
    if (!json_subset(test["expect"], actual, "", why)) return "JSON differs at " + why;
  }
  if (test.contains("validation")) {
    // Cross-line rules: each expected one found; [] means none reported.
    auto found = sdp::validate(*doc);
    for (auto&& d : datachannel::validate(*doc))
      found.push_back(std::move(d));
    if (test["validation"].empty() && !found.empty())
      return "unexpected validation finding " + describe(found.front());
    if (auto const why = find_each(test["validation"], found, p.line_offset, "validation");
        !why.empty())
      return why;
  }
  if (test.contains("diagnostics")) {
    auto const diagnostics = doc->diagnostics();
    if (auto const why = find_each(test["diagnostics"], {diagnostics.begin(), diagnostics.end()},
                                   p.line_offset, "diagnostic");
        !why.empty())
      return why;
  }
  return {};
}

std::string check_rejected(json const& test, prepared const& p, parse_options const& options) {
  auto const doc = sdp::parse(p.text, options);
  if (doc) return "accepted, expected an error";
  auto const& e = doc.error();
  if (!test.contains("error")) return {};
  auto const& expected = test["error"];
  if (expected.contains("code") && expected["code"] != to_string(e.code))
    return "expected " + expected.dump() + ", got " + describe(e);
  if (expected.contains("line") &&
      expected["line"].get<std::uint32_t>() + p.line_offset != e.where.line)
    return "expected " + expected.dump() + ", got " + describe(e);
  if (expected.contains("column") && expected["column"].get<std::uint32_t>() != e.where.column)
    return "expected " + expected.dump() + ", got " + describe(e);
  if (expected.contains("rule") && expected["rule"] != std::string(e.rule))
    return "expected " + expected.dump() + ", got " + describe(e);
  // The error's position and the lint report agree.
  auto const diagnostics = sdp::lint(p.text, options);
  bool listed = false;
  for (auto const& d : diagnostics)
    listed = listed || (d.severity == severity::error && d.where == e.where && d.code == e.code);
  if (!listed) return "lint does not report the parse error " + describe(e);
  return {};
}

}  // namespace

std::string check_sdp_case(json const& test) {
  try {
    parse_options options;
    if (auto const why = options_of(test, options); !why.empty()) return why;
    prepared const p = prepare(test);
    char const kind = test["id"].get<std::string>()[0];
    if (kind == 'y') return check_accepted(test, p, options);
    if (kind == 'n') return check_rejected(test, p, options);
    // i_: rejected by strict, accepted with the named leniency.
    parse_options strict;
    strict.limits = options.limits;
    if (sdp::parse(p.text, strict)) return "accepted under strict, expected a leniency case";
    return check_accepted(test, p, options);
  } catch (json::exception const& e) {
    return std::string("malformed case: ") + e.what();
  }
}

}  // namespace imsdp::conformance
