// Media feature tags of a SIP Contact header for data channels and AI/ML (RFC 3840 section 9
// syntax; no SIP stack): +sip.app-subtype="webrtc-datachannel" (TS 26.114 clause 6.2.10,
// RFC 5688), g.3gpp.dc-mux (TS 26.114), and the AI/ML capability of DESIGN.md section 5,
// +g.3gpp.aiml-support="local,split,remote" (also read as +sip.3gpp-aiml-support).
#pragma once

#include <imsdp/result.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace imsdp::datachannel {

/// One feature parameter: its name without the leading '+', and its values (the comma
/// list inside the quotes; a string value "<...>" is one value with its brackets).
struct feature_tag {
  std::string name;
  std::vector<std::string> values;  // empty for a bare (boolean) tag
  friend bool operator==(feature_tag const&, feature_tag const&) = default;
};

/// How to spell the AI/ML capability tag when building.
enum class aiml_tag_spelling { g3gpp, sip };

struct media_features {
  bool webrtc_datachannel = false;        // +sip.app-subtype includes "webrtc-datachannel"
  bool dc_mux = false;                    // +g.3gpp.dc-mux
  std::vector<std::string> aiml_support;  // "local", "split", "remote", in preference order
  std::vector<feature_tag> tags;          // every feature tag read, in order
  friend bool operator==(media_features const&, media_features const&) = default;
};

/// Reads the feature tags from the parameters of a Contact header value: the text after
/// the URI, e.g. ';+sip.app-subtype="webrtc-datachannel";+g.3gpp.dc-mux;expires=600'.
/// Parameters that are not feature tags (no '+', not a base tag) are skipped. A malformed
/// tag is errc::feature_tag_syntax with the byte offset.
[[nodiscard]] result<media_features> parse_feature_tags(std::string_view contact_parameters);

/// Writes ';'-prefixed feature parameters for the data-channel and AI/ML capabilities.
[[nodiscard]] std::string format_feature_tags(
    media_features const& features, aiml_tag_spelling spelling = aiml_tag_spelling::g3gpp);

}  // namespace imsdp::datachannel
