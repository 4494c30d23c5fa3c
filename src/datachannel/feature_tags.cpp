// RFC 3840 section 9 feature parameters:
//   feature-param    = enc-feature-tag [EQUAL LDQUOT (tag-value-list / string-value) RDQUOT]
//   enc-feature-tag  = base-tags / other-tags ; other-tags = "+" ftag-name
//   ftag-name        = ALPHA *( ALPHA / DIGIT / "!" / "'" / "." / "-" / "%" )
//   tag-value-list   = tag-value *("," tag-value) ; string-value = "<" *(qdtext-no-abkt) ">"
#include <algorithm>
#include <imsdp/datachannel/feature_tags.hpp>

namespace imsdp::datachannel {
namespace {

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_name_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '!' || c == '\'' || c == '.' || c == '-' ||
         c == '%';
}

// RFC 3840 base tags (section 9): written without '+'.
constexpr std::string_view base_tags[] = {
    "audio",       "automata", "class",    "duplex",  "data",    "control",     "mobility",
    "description", "events",   "priority", "methods", "schemes", "application", "video",
    "language",    "type",     "isfocus",  "actor",   "text",    "extensions"};

error syntax_error(std::size_t offset, char const* why) {
  error e;
  e.code = errc::feature_tag_syntax;
  e.where.offset = offset;
  e.rule = "feature-param";
  e.detail = why;
  return e;
}

}  // namespace

result<media_features> parse_feature_tags(std::string_view text) {
  media_features out;
  std::size_t i = 0;
  auto const skip_spaces = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
      ++i;
  };
  while (i < text.size()) {
    skip_spaces();
    if (i < text.size() && text[i] == ';') ++i;
    skip_spaces();
    if (i >= text.size()) break;
    std::size_t const start = i;
    bool const plus = text[i] == '+';
    if (plus) ++i;
    std::size_t const name_start = i;
    if (i >= text.size() || !is_alpha(text[i]))
      return syntax_error(i, "a feature tag name starts with a letter");
    while (i < text.size() && is_name_char(text[i]))
      ++i;
    std::string_view const name = text.substr(name_start, i - name_start);
    bool const feature =
        plus || std::find(std::begin(base_tags), std::end(base_tags), name) != std::end(base_tags);
    feature_tag tag{std::string(name), {}};
    skip_spaces();
    if (i < text.size() && text[i] == '=') {
      ++i;
      skip_spaces();
      if (i < text.size() && text[i] == '"') {
        ++i;
        std::size_t value_start = i;
        bool in_string = false;
        for (; i < text.size() && (in_string || text[i] != '"'); ++i) {
          if (text[i] == '<') in_string = true;
          if (text[i] == '>') in_string = false;
          if (!in_string && text[i] == ',') {
            tag.values.emplace_back(text.substr(value_start, i - value_start));
            value_start = i + 1;
          }
        }
        if (i >= text.size()) return syntax_error(start, "unterminated quoted value");
        tag.values.emplace_back(text.substr(value_start, i - value_start));
        ++i;  // closing quote
      } else {
        // A generic SIP parameter (token value): not a feature tag value in RFC 3840.
        std::size_t const value_start = i;
        while (i < text.size() && text[i] != ';')
          ++i;
        if (feature) return syntax_error(value_start, "feature tag values are quoted");
        continue;
      }
    }
    skip_spaces();
    if (i < text.size() && text[i] != ';') return syntax_error(i, "expected ';'");
    if (!feature) continue;
    for (auto const& v : tag.values)
      if (v.empty()) return syntax_error(start, "empty value in a tag-value-list");
    if (tag.name == "sip.app-subtype")
      out.webrtc_datachannel =
          out.webrtc_datachannel ||
          std::find(tag.values.begin(), tag.values.end(), "webrtc-datachannel") != tag.values.end();
    if (tag.name == "g.3gpp.dc-mux") out.dc_mux = true;
    if (tag.name == "g.3gpp.aiml-support" || tag.name == "sip.3gpp-aiml-support")
      out.aiml_support = tag.values;
    out.tags.push_back(std::move(tag));
  }
  return out;
}

std::string format_feature_tags(media_features const& features, aiml_tag_spelling spelling) {
  std::string out;
  if (features.webrtc_datachannel) out += ";+sip.app-subtype=\"webrtc-datachannel\"";
  if (features.dc_mux) out += ";+g.3gpp.dc-mux";
  if (!features.aiml_support.empty()) {
    out += spelling == aiml_tag_spelling::g3gpp ? ";+g.3gpp.aiml-support=\""
                                                : ";+sip.3gpp-aiml-support=\"";
    for (std::size_t i = 0; i < features.aiml_support.size(); ++i) {
      if (i > 0) out += ',';
      out += features.aiml_support[i];
    }
    out += '"';
  }
  return out;
}

}  // namespace imsdp::datachannel
