// Names and descriptions of the stable error codes, and the std::error_category.
#include <algorithm>
#include <array>
#include <imsdp/error.hpp>
#include <string>

namespace imsdp {
namespace {

struct code_text {
  errc code;
  std::string_view name;
  std::string_view description;
};

// One row per code, sorted by code. Areas add their rows in their own range.
constexpr code_text code_table[] = {
    {errc::ok, "ok", "no error"},
    {errc::limit_exceeded, "limit_exceeded", "a configured limit was exceeded"},
    {errc::invalid_argument, "invalid_argument", "invalid argument"},
    {errc::io_error, "io_error", "input/output error"},
    {errc::not_found, "not_found", "not found"},
    {errc::unsupported, "unsupported", "not supported"},
    {errc::invalid_utf8, "invalid_utf8", "text is not valid UTF-8"},
    {errc::out_of_memory, "out_of_memory", "an allocation failed"},
    {errc::internal_error, "internal_error", "an unexpected exception (a library bug)"},
    {errc::json_syntax, "json_syntax", "malformed JSON"},
    {errc::json_type, "json_type", "JSON value of the wrong type"},
    {errc::json_missing_member, "json_missing_member", "required JSON member missing"},
    {errc::json_unknown_member, "json_unknown_member", "unknown JSON member"},
    {errc::json_duplicate_key, "json_duplicate_key", "duplicate key in a JSON object"},
    {errc::json_value_out_of_range, "json_value_out_of_range", "JSON value out of range"},
    {errc::json_too_deep, "json_too_deep", "JSON nesting too deep"},

    {errc::syntax, "syntax", "syntax error"},
    {errc::invalid_line, "invalid_line", "line is not of the form <type>=<value>"},
    {errc::unknown_line_type, "unknown_line_type", "unknown line type"},
    {errc::line_order, "line_order", "line out of RFC 8866 order"},
    {errc::missing_line, "missing_line", "required line missing"},
    {errc::duplicate_line, "duplicate_line", "line may appear only once"},
    {errc::value_out_of_range, "value_out_of_range", "value out of range"},
    {errc::nul_byte, "nul_byte", "NUL byte in input"},
    {errc::bare_lf, "bare_lf", "line ended by LF without CR"},
    {errc::bare_cr, "bare_cr", "CR not followed by LF"},
    {errc::missing_final_eol, "missing_final_eol", "last line has no line ending"},
    {errc::blank_line, "blank_line", "blank line"},
    {errc::trailing_whitespace, "trailing_whitespace", "trailing whitespace"},
    {errc::empty_value, "empty_value", "empty value"},
    {errc::unknown_attribute, "unknown_attribute", "attribute without a typed parser, kept as is"},
    {errc::malformed_attribute, "malformed_attribute", "malformed attribute value, kept raw"},
    {errc::attribute_level, "attribute_level", "attribute not allowed at this level"},
    {errc::duplicate_attribute, "duplicate_attribute", "attribute may appear only once"},
    {errc::nonstandard_syntax, "nonstandard_syntax", "non-standard syntax accepted"},
    {errc::inconsistent_value, "inconsistent_value", "values contradict each other"},
    {errc::version_not_zero, "version_not_zero", "protocol version is not 0"},
    {errc::edit_conflict, "edit_conflict", "edit would produce an invalid description"},
    {errc::dangling_reference, "dangling_reference", "dangling reference"},
    {errc::missing_attribute, "missing_attribute", "required attribute missing"},

    {errc::dc_legacy_form, "dc_legacy_form", "pre-RFC 8841 data channel form"},
    {errc::dc_option_repeated, "dc_option_repeated", "dcmap option given twice"},
    {errc::dc_conflicting_options, "dc_conflicting_options", "max-retr and max-time together"},
    {errc::dc_duplicate_stream_id, "dc_duplicate_stream_id", "two channels on one SCTP stream"},
    {errc::dc_dcsa_without_dcmap, "dc_dcsa_without_dcmap", "dcsa for a stream without dcmap"},
    {errc::dc_not_a_datachannel, "dc_not_a_datachannel",
     "data channel attribute on an m-line that is not a data channel"},
    {errc::dc_transport, "dc_transport", "wrong proto or fmt for a data channel"},
    {errc::dc_bootstrap, "dc_bootstrap", "bootstrap data channel rule broken"},
    {errc::dc_stream_plan, "dc_stream_plan", "stream id outside the 3GPP data channel plan"},
    {errc::dc_unknown_reference, "dc_unknown_reference",
     "reference to a channel that does not exist"},
    {errc::feature_tag_syntax, "feature_tag_syntax", "malformed media feature tag"},

    {errc::split_parameter_repeated, "split_parameter_repeated",
     "3gpp-aiml-split parameter given twice"},
    {errc::split_duplicate_cfg_id, "split_duplicate_cfg_id",
     "cfg-id used twice on a control channel"},
    {errc::split_not_on_control_channel, "split_not_on_control_channel",
     "split configuration not scoped to a 3gpp-aiml channel"},
    {errc::split_idc_missing, "split_idc_missing", "idc names no channel of the m-section"},
    {errc::split_idc_subprotocol, "split_idc_subprotocol", "idc channel is not 3gpp-aiml-idata"},
    {errc::split_unknown_step, "split_unknown_step", "steps names a cfg-id not offered"},
    {errc::split_self_step, "split_self_step", "seq configuration names itself"},
    {errc::split_steps_misplaced, "split_steps_misplaced",
     "steps belongs to seq configurations, which need it"},
    {errc::split_answer_added, "split_answer_added", "answer adds a cfg-id"},
    {errc::split_answer_changed, "split_answer_changed", "answer changes a configuration"},
    {errc::split_answer_widened, "split_answer_widened", "answer widens a configuration"},
    {errc::split_answer_incomplete, "split_answer_incomplete",
     "answer accepts a seq configuration without all its steps"},
    {errc::split_answer_idc, "split_answer_idc", "answer accepts a split without its idc channel"},

    {errc::model_duplicate, "model_duplicate", "name or id repeated in its list"},
    {errc::model_dangling_reference, "model_dangling_reference", "reference to nothing"},
    {errc::model_dimension_bounds, "model_dimension_bounds", "dimension min exceeds max"},
    {errc::model_size_mismatch, "model_size_mismatch", "artifact size differs"},
    {errc::model_digest_mismatch, "model_digest_mismatch", "artifact digest differs"},
    {errc::model_truncated, "model_truncated", "model bytes end inside a structure"},
    {errc::model_malformed, "model_malformed", "malformed model structure"},
    {errc::model_format_mismatch, "model_format_mismatch", "bytes are not of the declared format"},
    {errc::model_version_mismatch, "model_version_mismatch", "model version differs"},
    {errc::model_tensor_missing, "model_tensor_missing", "declared tensor not in the model"},
    {errc::model_tensor_undeclared, "model_tensor_undeclared", "model tensor not declared"},
    {errc::model_dtype_mismatch, "model_dtype_mismatch", "element type differs"},
    {errc::model_shape_mismatch, "model_shape_mismatch", "shape differs"},
    {errc::model_external_data, "model_external_data",
     "model data in a file the descriptor does not list"},
    {errc::model_tensor_order, "model_tensor_order",
     "declared tensor at another position than in the model"},
    {errc::model_quantization_mismatch, "model_quantization_mismatch", "quantization differs"},
    {errc::model_contents_mismatch, "model_contents_mismatch", "weights file contents differ"},
    {errc::delivery_conflict, "delivery_conflict", "re-sent bytes disagree"},
    {errc::delivery_out_of_range, "delivery_out_of_range", "chunk beyond the artifact size"},
    {errc::delivery_incomplete, "delivery_incomplete", "artifact bytes missing"},
    {errc::delivery_base_missing, "delivery_base_missing", "update without a verified base"},
    {errc::delivery_finished, "delivery_finished", "data after the artifact was finished"},

    {errc::frame_truncated, "frame_truncated", "frame or fragment shorter than declared"},
    {errc::bad_magic, "bad_magic", "wrong magic bytes"},
    {errc::unsupported_version, "unsupported_version", "unsupported format version"},
    {errc::bad_header_size, "bad_header_size", "frame header size out of range"},
    {errc::frame_length_mismatch, "frame_length_mismatch", "frame length does not match"},
    {errc::unknown_critical_flag, "unknown_critical_flag", "unknown critical flag set"},
    {errc::reserved_not_zero, "reserved_not_zero", "reserved field is not zero"},
    {errc::crc_mismatch, "crc_mismatch", "CRC-32C mismatch"},
    {errc::bad_tensor_count, "bad_tensor_count", "frame without tensors"},
    {errc::bad_tlv_area, "bad_tlv_area", "TLV area size invalid"},
    {errc::bad_layout, "bad_layout", "frame areas do not fit together"},
    {errc::nonzero_padding, "nonzero_padding", "padding byte is not zero"},
    {errc::tlv_truncated, "tlv_truncated", "TLV runs past the end of its area"},
    {errc::unknown_critical_tlv, "unknown_critical_tlv", "unknown critical TLV"},
    {errc::duplicate_tlv, "duplicate_tlv", "TLV may appear only once"},
    {errc::bad_tlv_value, "bad_tlv_value", "TLV value invalid"},
    {errc::bad_dtype, "bad_dtype", "element type unknown or not allowed"},
    {errc::bad_rank, "bad_rank", "tensor rank over 8"},
    {errc::bad_dims, "bad_dims", "tensor dimensions invalid"},
    {errc::size_overflow, "size_overflow", "size computation overflows"},
    {errc::length_mismatch, "length_mismatch", "tensor length does not match its type and shape"},
    {errc::bad_offset, "bad_offset", "tensor offset invalid"},
    {errc::overlapping_tensors, "overlapping_tensors", "tensors overlap or are out of order"},
    {errc::gap_between_tensors, "gap_between_tensors",
     "unaccounted bytes between or after tensors"},
    {errc::bad_codec, "bad_codec", "unknown payload codec"},
    {errc::bad_quantization, "bad_quantization", "quantization parameters invalid"},
    {errc::bad_companion, "bad_companion", "quantization companion tensor invalid"},
    {errc::duplicate_tensor_id, "duplicate_tensor_id", "tensor id used twice"},
    {errc::decompression_failed, "decompression_failed", "payload decompression failed"},
    {errc::bad_fragment, "bad_fragment", "fragment header invalid"},
    {errc::inconsistent_fragment, "inconsistent_fragment", "fragment inconsistent with its frame"},
    {errc::config_mismatch, "config_mismatch", "frame not of the negotiated configuration"},
    {errc::profile_not_allowed, "profile_not_allowed", "compression profile not negotiated"},
    {errc::tensor_mismatch, "tensor_mismatch", "tensor unlike the negotiated partition's"},
    {errc::buffer_too_small, "buffer_too_small", "output buffer too small"},

    {errc::invalid_state, "invalid_state", "event not allowed in the current state"},
    {errc::answer_media_count, "answer_media_count", "answer m-line count differs from the offer"},
    {errc::answer_media_changed, "answer_media_changed",
     "answer m-line changes the offer's media type or proto"},
    {errc::answer_rejected_stream, "answer_rejected_stream",
     "answer accepts a stream the offer rejected"},
    {errc::answer_formats, "answer_formats", "answer formats not a subset of the offer's"},
    {errc::answer_direction, "answer_direction", "answer direction does not mirror the offer"},
    {errc::answer_datachannel, "answer_datachannel", "answer data channel not offered or changed"},
    {errc::origin_changed, "origin_changed", "o= identity changed within the dialog"},
    {errc::origin_version, "origin_version", "o= version not incremented by one on change"},
    {errc::offer_media_removed, "offer_media_removed", "new offer removes m-lines"},
    {errc::offer_media_replaced, "offer_media_replaced",
     "new offer changes the media type of an active m-line"},
    {errc::missing_body, "missing_body", "message without the required offer or answer"},
    {errc::unexpected_body, "unexpected_body", "body not allowed in this message"},
    {errc::capabilities_invalid, "capabilities_invalid", "local capabilities cannot be used"},
    {errc::script_invalid, "script_invalid", "event script cannot be run"},
    {errc::precondition_unsupported, "precondition_unsupported",
     "mandatory preconditions are not supported (refuse with 420)"},
    {errc::answer_preconditions, "answer_preconditions",
     "answer drops or weakens the offer's preconditions"},
    {errc::answer_crypto, "answer_crypto", "SRTP answer without exactly one offered crypto line"},
    {errc::precondition_failure, "precondition_failure",
     "preconditions cannot be met (refuse with 580)"},
    {errc::answer_configuration, "answer_configuration",
     "answer configuration (acfg) not among the offered ones"},

    {errc::control_version, "control_version", "unsupported control message version"},
    {errc::control_type_syntax, "control_type_syntax", "malformed control message type URN"},
    {errc::control_type_version, "control_type_version", "unsupported type URN version"},
    {errc::control_unknown_type, "control_unknown_type", "unknown control message type"},
    {errc::control_missing_re, "control_missing_re", "response without re"},
    {errc::control_unexpected_re, "control_unexpected_re", "re on a message that is no reply"},
    {errc::control_message_too_large, "control_message_too_large",
     "message exceeds max-message-size"},
    {errc::control_error_code, "control_error_code", "error code outside the registry"},
    {errc::control_uncorrelated, "control_uncorrelated", "response matches no outstanding request"},
    {errc::control_duplicate_id, "control_duplicate_id", "request id already outstanding"},

    {errc::iwf_invalid_state, "iwf_invalid_state", "no offer pending, or one already pending"},
    {errc::iwf_missing_ice, "iwf_missing_ice", "WebRTC m-line without ICE credentials"},
    {errc::iwf_missing_fingerprint, "iwf_missing_fingerprint",
     "WebRTC m-line without a DTLS fingerprint"},
    {errc::iwf_webrtc_transport, "iwf_webrtc_transport", "not a WebRTC transport"},
    {errc::iwf_no_codec, "iwf_no_codec", "no common or transcodable codec"},
    {errc::iwf_answer_codec, "iwf_answer_codec", "answer codec not offered"},
    {errc::iwf_answer_bundle, "iwf_answer_bundle", "answer BUNDLE group not within the offer's"},
    {errc::iwf_dtls_role, "iwf_dtls_role", "DTLS roles conflict"},
    {errc::iwf_ice_restart, "iwf_ice_restart", "ICE restart without new local credentials"},
    {errc::iwf_preconditions, "iwf_preconditions", "preconditions the policy refuses"},
    {errc::iwf_resources, "iwf_resources", "media resources missing or unusable"},
    {errc::iwf_srtp, "iwf_srtp", "SRTP the policy cannot take"},
    {errc::iwf_output, "iwf_output", "translation output fails its own checks"},
    {errc::ui_version, "ui_version", "user interaction message version not 1"},
    {errc::ui_unknown_kind, "ui_unknown_kind", "unknown user interaction message kind"},
    {errc::ui_limit, "ui_limit", "user interaction message over a limit"},
    {errc::ui_signature, "ui_signature", "token or signature does not verify"},
    {errc::ui_not_home_issuer, "ui_not_home_issuer", "offer not issued by the home network"},
    {errc::ui_not_predefined, "ui_not_predefined", "offer unlike its registered template"},
    {errc::ui_expired, "ui_expired", "offer or token expired"},
    {errc::ui_withdrawn, "ui_withdrawn", "offer withdrawn"},
    {errc::ui_duplicate, "ui_duplicate", "response already accepted"},
    {errc::ui_unknown_reference, "ui_unknown_reference", "id the offer does not have"},
    {errc::ui_cardinality, "ui_cardinality", "value count or range not allowed"},
    {errc::ui_max_responses, "ui_max_responses", "more responses than the offer allows"},
    {errc::ui_consent_missing, "ui_consent_missing", "required consent not given"},
    {errc::ui_opted_out, "ui_opted_out", "user opted out"},
    {errc::ui_rate_limited, "ui_rate_limited", "rate limit reached"},
    {errc::ui_window_full, "ui_window_full", "no free replay or bucket entry"},
    {errc::ui_binding, "ui_binding", "response not bound to its token"},
    {errc::ui_proposal_rejected, "ui_proposal_rejected", "third-party proposal refused"},
    {errc::ui_exposure_denied, "ui_exposure_denied", "exposure not allowed"},
    {errc::ui_clock, "ui_clock", "time beyond the allowed clock skew"},
    {errc::ui_channel, "ui_channel", "interaction data channel refused"},
    {errc::ui_transfer, "ui_transfer", "transfer to a jurisdiction not allowed"},
    {errc::ui_replay_mismatch, "ui_replay_mismatch", "accepted response id with other content"},
};

constexpr bool sorted_by_code() {
  for (std::size_t i = 1; i < std::size(code_table); ++i)
    if (code_table[i - 1].code >= code_table[i].code) return false;
  return true;
}
static_assert(sorted_by_code(), "code_table must be sorted by code");

code_text const* find(errc code) noexcept {
  auto const* it = std::lower_bound(std::begin(code_table), std::end(code_table), code,
                                    [](code_text const& row, errc c) { return row.code < c; });
  return it != std::end(code_table) && it->code == code ? it : nullptr;
}

class category final : public std::error_category {
 public:
  [[nodiscard]] char const* name() const noexcept override { return "imsdp"; }
  [[nodiscard]] std::string message(int value) const override {
    return std::string(describe(static_cast<errc>(value)));
  }
};

void append_where(std::string& out, std::string_view rule, std::string_view path) {
  if (!rule.empty()) {
    out += " in '";
    out += rule;
    out += '\'';
  }
  if (!path.empty()) {
    out += " at ";
    out += path;
  }
}

}  // namespace

std::string_view to_string(errc code) noexcept {
  auto const* row = find(code);
  return row ? row->name : std::string_view("unknown");
}

std::string_view describe(errc code) noexcept {
  auto const* row = find(code);
  return row ? row->description : std::string_view("unknown error");
}

std::error_category const& error_category() noexcept {
  static category const instance;
  return instance;
}

std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::note:
      return "note";
    case severity::warning:
      return "warning";
    case severity::error:
      return "error";
  }
  return "unknown";
}

std::string error::message() const {
  std::string out(describe(code));
  append_where(out, rule, path);
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

std::string diagnostic::message() const {
  std::string out(describe(code));
  append_where(out, subject, {});
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace imsdp
