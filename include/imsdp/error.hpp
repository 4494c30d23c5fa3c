// Errors and diagnostics (DESIGN.md section 3).
//
// An imsdp::error says what went wrong (a stable errc), where (byte offset, 1-based line
// and column, length of the offending span), and in which rule, attribute or JSON member.
// A diagnostic is the same information with a severity; parsers return diagnostics beside
// the value for every tolerated deviation and unknown element.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace imsdp {

/// Stable error codes. The numeric values are part of the API: never renumber, only add.
/// Each area owns a range of one hundred codes.
enum class errc : std::uint16_t {
  ok = 0,

  // 1..99: general
  limit_exceeded = 1,    // a configured limit (options.hpp) was hit
  invalid_argument = 2,  // the caller passed something unusable
  io_error = 3,          // reading a file or stream failed (CLI, helpers)
  not_found = 4,         // a looked-up element does not exist
  unsupported = 5,       // valid but not supported by this library
  invalid_utf8 = 6,      // text that must be UTF-8 is not
  out_of_memory = 7,     // an allocation failed (the C API's IMSDP_E_NOMEM)
  internal_error = 8,    // an unexpected exception caught at the C API (a library bug)
  json_syntax = 10,      // JSON text is malformed
  json_type = 11,        // a JSON member has the wrong type
  json_missing_member = 12,
  json_unknown_member = 13,
  json_duplicate_key = 14,
  json_value_out_of_range = 15,
  json_too_deep = 16,

  // 100..199: SDP core (RFC 8866)
  syntax = 100,               // the value does not match its ABNF rule
  invalid_line = 101,         // not of the form <type>=<value>
  unknown_line_type = 102,    // a type letter RFC 8866 does not define
  line_order = 103,           // a line out of the order of RFC 8866 section 5
  missing_line = 104,         // a required line (v=, o=, s=, t=) is absent
  duplicate_line = 105,       // a line that may appear once appears again
  value_out_of_range = 106,   // a number outside its allowed range
  nul_byte = 107,             // a NUL byte in the input
  bare_lf = 108,              // LF without CR (RFC 8866 section 5 allows parsers to accept it)
  bare_cr = 109,              // CR not followed by LF
  missing_final_eol = 110,    // the last line has no line ending
  blank_line = 111,           // an empty or whitespace-only line
  trailing_whitespace = 112,  // spaces or tabs before the line ending
  empty_value = 113,          // "x=" with nothing after it
  unknown_attribute = 114,    // an a= name with no typed parser (kept as is)
  malformed_attribute = 115,  // a known attribute whose value fails its grammar (kept raw)
  attribute_level = 116,      // an attribute at a level where its spec does not allow it
  duplicate_attribute = 117,  // an attribute that may appear once per level appears again
  nonstandard_syntax = 118,   // a common non-RFC form accepted by a tolerance
  inconsistent_value = 119,   // values that contradict each other (e.g. rtpmap vs m= fmt)
  version_not_zero = 120,     // v= other than 0
  edit_conflict = 121,        // an edit that would produce an invalid description
  dangling_reference = 122,   // a value naming what the description lacks (a group's mid)
  missing_attribute = 123,    // an attribute another line requires (a=mid with a=group)

  // 200..299: data channels (RFC 8841, RFC 8864, TS 26.114)
  dc_legacy_form = 200,          // a pre-RFC 8841 form (a=sctpmap, "a=sctp-port 5000")
  dc_option_repeated = 201,      // a dcmap option given twice
  dc_conflicting_options = 202,  // max-retr together with max-time
  dc_duplicate_stream_id = 203,  // two channels on one SCTP stream
  dc_dcsa_without_dcmap = 204,   // a=dcsa for a stream no a=dcmap declares
  dc_not_a_datachannel = 205,    // data-channel attributes on an m-line that is not one
  dc_transport = 206,            // proto or fmt wrong for a data channel (TS 26.114 6.2.10)
  dc_bootstrap = 207,            // bootstrap channel rules (streams 0, 10, 100, 110: http)
  dc_stream_plan = 208,          // a stream id outside the 3GPP plan (bootstrap or >= 1000)
  dc_unknown_reference = 209,    // 3gpp-req-app or 3gpp-bdc-used-by naming no channel
  feature_tag_syntax = 210,      // a malformed media feature tag parameter (RFC 3840)

  // 300..399: AI/ML split configurations (DESIGN.md section 5)
  split_parameter_repeated = 300,      // a 3gpp-aiml-split parameter given twice
  split_duplicate_cfg_id = 301,        // two configurations with one cfg-id on a control channel
  split_not_on_control_channel = 302,  // not scoped by dcsa to a 3gpp-aiml channel
  split_idc_missing = 303,             // idc names no channel of the m-section
  split_idc_subprotocol = 304,         // idc channel is not 3gpp-aiml-idata
  split_unknown_step = 305,            // steps= names a cfg-id not offered
  split_self_step = 306,               // a seq configuration that names itself
  split_steps_misplaced = 307,         // steps= on a placement other than seq, or seq without steps
  split_answer_added = 308,            // an answer with a cfg-id the offer did not have
  split_answer_changed = 309,          // an answer that changes placement, task, model, part, ...
  split_answer_widened = 310,          // an answer that raises ul/dl, lowers lat or adds cmp
  split_answer_incomplete = 311,       // an accepted seq whose steps are not all accepted
  split_answer_idc = 312,              // an accepted split whose idc channel is not accepted
  // 400..499: AI/ML model descriptors and model files (docs/aiml-model.md)
  model_duplicate = 400,              // a name or id that must be unique in its list repeats
  model_dangling_reference = 401,     // a partitionId or updateOf that names nothing
  model_dimension_bounds = 402,       // a symbolic dimension whose min exceeds its max
  model_size_mismatch = 410,          // artifact bytes differ in number from the declared size
  model_digest_mismatch = 411,        // artifact bytes differ from the declared digest
  model_truncated = 412,              // the model bytes end inside a structure
  model_malformed = 413,              // the model's structure is invalid (wire type, offsets)
  model_format_mismatch = 414,        // the bytes are not of the declared format
  model_version_mismatch = 415,       // format version, IR version or opsets differ
  model_tensor_missing = 416,         // a declared input or output is not in the model
  model_tensor_undeclared = 417,      // a model input or output the descriptor does not list
  model_dtype_mismatch = 418,         // element types differ
  model_shape_mismatch = 419,         // rank or a static dimension differs
  model_external_data = 420,          // a file the graph keeps data in is no weights artifact
  model_tensor_order = 421,           // a declared tensor at another position than in the file
  model_quantization_mismatch = 422,  // scale, zero point or axis differ, or one side has none
  model_contents_mismatch = 423,      // a weights file's tensor count or metadata differ
  delivery_conflict = 430,            // a re-sent range disagrees with bytes already received
  delivery_out_of_range = 431,        // a chunk beyond the declared artifact size
  delivery_incomplete = 432,          // finished with bytes still missing
  delivery_base_missing = 433,        // an update whose base version is unknown or unverified
  delivery_finished = 434,            // data after the artifact was finished
  // 500..599: AI/ML intermediate data frames (AIDF, research/model-and-tensor.md section 7)
  frame_truncated = 500,        // fewer bytes than the header or frame_len needs
  bad_magic = 501,              // not "\x89AID" (frame) or 0xAF (fragment)
  unsupported_version = 502,    // a major version (frame) or layer version (fragment) not 1
  bad_header_size = 503,        // header_size outside [64, 256], not a multiple of 8
  frame_length_mismatch = 504,  // frame_len differs from the bytes given or reassembled
  unknown_critical_flag = 505,  // a critical flag bit this version does not know
  reserved_not_zero = 506,      // a reserved field or bit is set
  crc_mismatch = 507,           // CRC-32C over the frame does not match
  bad_tensor_count = 508,       // tensor_count of 0
  bad_tlv_area = 509,           // tlv_size not a multiple of 8 or over the limit
  bad_layout = 510,             // header, TLVs, descriptors and payload_offset do not fit
  nonzero_padding = 511,        // a padding byte is not zero (no hidden data)
  tlv_truncated = 512,          // a TLV runs past the end of the TLV area
  unknown_critical_tlv = 513,   // a critical TLV type this version does not know
  duplicate_tlv = 514,          // a singleton TLV appears twice
  bad_tlv_value = 515,          // a known TLV with a value of the wrong size or form
  bad_dtype = 516,              // an element type that is unknown or invalid in frames
  bad_rank = 517,               // rank over 8
  bad_dims = 518,               // a dimension of 0, or a non-zero one beyond the rank
  size_overflow = 519,          // a size product or sum overflows 64 bits
  length_mismatch = 520,        // decoded_len or stored_len disagrees with type and dims
  bad_offset = 521,             // a tensor offset misaligned, before the payload or past the end
  overlapping_tensors = 522,    // tensors out of offset order or overlapping
  gap_between_tensors = 523,    // a hole of 64 bytes or more, or bytes after the last tensor
  bad_codec = 524,              // an unregistered codec value
  bad_quantization = 525,       // quantization fields inconsistent with the type or rank
  bad_companion = 526,          // a scale/zero-point tensor inconsistent with its data tensor
  duplicate_tensor_id = 527,    // two descriptors with one tensor_id
  decompression_failed = 528,   // the codec failed, wanted more room or yielded less
  bad_fragment = 540,           // a fragment header field out of range
  inconsistent_fragment = 541,  // a fragment that contradicts the others of its frame
  config_mismatch = 550,        // config_id or partition_id not the negotiated ones
  profile_not_allowed = 551,    // a compression profile the configuration does not allow
  tensor_mismatch = 552,        // a tensor unlike the partition's (id, dtype, dims, bounds)
  buffer_too_small = 560,       // the caller's output buffer is too small
  // 600..699: negotiation (RFC 3264, RFC 3261/3262/3311/6337/6141, DESIGN.md section 8)
  invalid_state = 600,           // an event the state machine does not allow now (changes nothing)
  answer_media_count = 601,      // an answer with another number of m-lines than its offer
  answer_media_changed = 602,    // an answer m-line with another media type or proto
  answer_rejected_stream = 603,  // an answer accepting a stream the offer rejected (port 0)
  answer_formats = 604,  // an answer with no codec of the offer (other media: formats not offered)
  answer_direction = 605,      // an answer direction that does not mirror the offer
  answer_datachannel = 606,    // an answer dcmap not offered, or changed
  origin_changed = 607,        // o= username, session id or address changed in a dialog
  origin_version = 608,        // o= version not incremented by one on change, or skipped
  offer_media_removed = 609,   // a new offer with fewer m-lines than the session
  offer_media_replaced = 610,  // a new offer changing the media type of an active m-line
  missing_body = 611,          // a message that must carry an offer or answer has none
  unexpected_body = 612,       // a body where none may be, or a second, different answer
  capabilities_invalid = 613,  // local capabilities that cannot be used
  script_invalid = 614,        // an event script that cannot be run
  precondition_unsupported =
      615,  // mandatory preconditions this side cannot negotiate (RFC 3312 11: 420)
  answer_preconditions =
      616,              // an answer that drops or weakens the offer's preconditions (RFC 3312 5.1)
  answer_crypto = 617,  // an SRTP answer without exactly one offered crypto line (RFC 4568 5.1.3)
  precondition_failure = 618,  // preconditions that cannot be met (RFC 3312 11: 580)
  answer_configuration = 619,  // an a=acfg naming no offered configuration (RFC 5939 3.6.2)
  // 700..799: AI/ML control messages (docs/aiml-control.md)
  control_version = 700,            // envelope "v" other than 1
  control_type_syntax = 701,        // "type" is not urn:3gpp:aiml:v<N>:<name>
  control_type_version = 702,       // the type URN's version segment is not v1
  control_unknown_type = 703,       // a well-formed type URN this library does not know
  control_missing_re = 704,         // a response without "re"
  control_unexpected_re = 705,      // "re" on a message that starts a transaction
  control_message_too_large = 706,  // larger than the negotiated max-message-size
  control_error_code = 707,         // an error message with a code outside the registry
  control_uncorrelated = 708,       // a response whose "re" matches no outstanding request
  control_duplicate_id = 709,       // a request id already outstanding
  // 800..899: interworking (DESIGN.md section 12; the rule of the IWF design named in detail)
  iwf_invalid_state = 800,        // an answer without a pending offer, or an offer while one is
                                  // pending (glare: 491)
  iwf_missing_ice = 801,          // a WebRTC m-line without ice-ufrag/ice-pwd (488)
  iwf_missing_fingerprint = 802,  // a WebRTC m-line without a DTLS fingerprint (488)
  iwf_webrtc_transport = 803,     // a WebRTC proto other than UDP/TLS/RTP/SAVPF (488)
  iwf_no_codec = 804,             // no common or transcodable codec (488)
  iwf_answer_codec = 805,         // an answer choosing a payload type or codec not offered
  iwf_answer_bundle = 806,        // an answer BUNDLE group larger than the offer's
  iwf_dtls_role = 807,            // actpass in an answer, or equal DTLS roles
  iwf_ice_restart = 808,          // a browser ICE restart without new IWF credentials (500)
  iwf_preconditions = 809,        // required preconditions under strip or forbid (420/580)
  iwf_resources = 810,            // missing or unusable ports, credentials, fingerprint
  iwf_srtp = 811,                 // an SRTP-only IMS offer the policy cannot take (488)
  iwf_output = 813,               // an output that fails its own checks (a library bug)
  // 900..999: user interaction (DESIGN.md section 13; docs/user-interaction.md). A UE sees
  // only the coarse ack status of each (user_interaction::status_of), never the code.
  ui_version = 900,            // "v" other than 1
  ui_unknown_kind = 901,       // a "kind" this library does not know
  ui_limit = 902,              // a message, string or array over its limit
  ui_signature = 903,          // a token or signature that does not verify (or alg/kid)
  ui_not_home_issuer = 904,    // an offer whose issuer is not the subscriber's home network
  ui_not_predefined = 905,     // an offer unlike its registered template, or without one
  ui_expired = 906,            // an offer or token past its expiry
  ui_withdrawn = 907,          // a response to a withdrawn offer
  ui_duplicate = 908,          // a retransmitted response already accepted
  ui_unknown_reference = 909,  // an action or option id the offer does not have
  ui_cardinality = 910,        // too many or too few values, or a value outside its range
  ui_max_responses = 911,      // a response beyond the offer's maxResponses
  ui_consent_missing = 912,    // consent the offer requires is not given
  ui_opted_out = 913,          // the user opted out of the category or third party
  ui_rate_limited = 914,       // a token bucket is empty
  ui_window_full = 915,        // the replay window or bucket table has no free entry
  ui_binding = 916,            // a response not bound to its token (offer id, sender)
  ui_proposal_rejected = 917,  // a third-party proposal the policy refuses
  ui_exposure_denied = 918,    // an exposure consent or policy does not allow
  ui_clock = 919,              // a time in the future beyond the clock skew
  ui_channel = 920,            // an interaction data channel the answer rule refuses
  ui_transfer = 921,           // a transfer to a jurisdiction the policy does not allow
  ui_replay_mismatch = 922,    // an accepted response id sent again with other content
};

/// The name of a code as written in vectors and JSON ("line_order"); "unknown" if none.
[[nodiscard]] std::string_view to_string(errc code) noexcept;

/// A short English description of a code ("a line out of RFC 8866 order").
[[nodiscard]] std::string_view describe(errc code) noexcept;

/// std::error_code integration: make_error_code(errc) and the category "imsdp".
[[nodiscard]] std::error_category const& error_category() noexcept;
[[nodiscard]] inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/// Where something is in a text input. Offsets are bytes from the start; line and
/// column are 1-based (column counts bytes). A zero line means "no text position"
/// (binary inputs give only the offset; negotiation gives none).
struct position {
  std::size_t offset = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(position const&, position const&) = default;
};

enum class severity : std::uint8_t { note, warning, error };
[[nodiscard]] std::string_view to_string(severity s) noexcept;

/// A failure: code, position, span length, rule or attribute name, and for JSON inputs
/// the JSON pointer of the offending member.
struct error {
  errc code = errc::ok;
  position where{};
  std::uint32_t length = 0;
  std::string_view rule;  // ABNF rule, attribute or field name; static or owned by the input
  std::string path;       // JSON pointer ("/inputs/0/dtype") where the input is JSON
  std::string detail;     // extra words for the message, may be empty

  /// "line_order: a line out of RFC 8866 order (in rule 'attribute-field')"
  [[nodiscard]] std::string message() const;
  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code); }
};

/// An error with a code, a rule (static text) and optional words, without a position.
[[nodiscard]] inline error make_error(errc code, std::string_view rule, std::string detail = {}) {
  error e;
  e.code = code;
  e.rule = rule;
  e.detail = std::move(detail);
  return e;
}

/// An error of a JSON input: a code, the JSON pointer of the member and optional words.
[[nodiscard]] inline error make_json_error(errc code, std::string path, std::string detail = {}) {
  error e = make_error(code, {}, std::move(detail));
  e.path = std::move(path);
  return e;
}

/// A diagnostic kept beside a parsed value. `subject` views the input or static text (an
/// attribute name, a rule name); `detail` holds the extra words of an error or of a value
/// kept raw, and is empty (no allocation) for the usual notes and warnings.
struct diagnostic {
  errc code = errc::ok;
  imsdp::severity severity = severity::note;
  position where{};
  std::uint32_t length = 0;
  std::string_view subject;
  std::string detail;  // as error::detail, may be empty

  [[nodiscard]] std::string message() const;
  friend bool operator==(diagnostic const&, diagnostic const&) = default;
};

/// An error as a diagnostic of severity `s`: its rule is the subject, its detail kept.
[[nodiscard]] inline diagnostic to_diagnostic(error e, severity s = severity::error) {
  return diagnostic{e.code, s, e.where, e.length, e.rule, std::move(e.detail)};
}

}  // namespace imsdp

template <>
struct std::is_error_code_enum<imsdp::errc> : std::true_type {};
