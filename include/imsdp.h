/* imsdp C API (C11): SDP with the IMS data-channel and AI/ML attributes, offer/answer
 * negotiation, AIDF intermediate-data frames and model checks, for C IMS stacks.
 *
 * The rules (docs/c-api.md):
 * - Handles are opaque. Every imsdp_X_new/parse/create has its imsdp_X_free; free(NULL) is
 *   a no-op. A handle is used by one thread at a time; distinct handles are independent.
 * - Functions that can fail return an int: IMSDP_OK (0) or an error code (the numbers of
 *   imsdp::errc, stable). When `err` is not NULL it is filled with the code, a message, the
 *   position (offset, 1-based line and column; 0 when the input is binary or JSON) and the
 *   rule or JSON pointer. On failure nothing is returned through the out parameters.
 * - No C++ exception crosses this API: an allocation failure is IMSDP_E_NOMEM, any other
 *   escaping exception IMSDP_E_INTERNAL.
 * - Strings the caller owns are returned as a NUL-terminated char* with its length and freed
 *   with imsdp_string_free. imsdp_view strings are borrowed: valid while their handle lives,
 *   not NUL-terminated.
 * - SRTP keys never appear in a message, a diagnostic or JSON; imsdp_sdp_serialize writes
 *   them (it is the SDP to send).
 */
#ifndef IMSDP_H
#define IMSDP_H

#include <stddef.h>
#include <stdint.h>

#if defined(IMSDP_BUILDING)
#define IMSDP_EXPORT __attribute__((visibility("default")))
#else
#define IMSDP_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions, errors, strings ------------------------------------------------------ */

#define IMSDP_VERSION_MAJOR 0
#define IMSDP_VERSION_MINOR 1
#define IMSDP_VERSION_PATCH 0

/* The library's version, "0.1.0". */
IMSDP_EXPORT const char* imsdp_version(void);

/* General codes (imsdp::errc 1..99); every code is listed in include/imsdp/error.hpp and
 * named by imsdp_error_name. */
#define IMSDP_OK 0
#define IMSDP_E_LIMIT 1            /* a configured limit was hit */
#define IMSDP_E_INVALID_ARGUMENT 2 /* a NULL handle, an index out of range, ... */
#define IMSDP_E_IO 3               /* a file could not be read */
#define IMSDP_E_NOT_FOUND 4        /* a looked-up element does not exist */
#define IMSDP_E_UNSUPPORTED 5
#define IMSDP_E_NOMEM 7    /* an allocation failed */
#define IMSDP_E_INTERNAL 8 /* a library bug: an unexpected exception, caught */

typedef struct imsdp_error {
  int code;          /* IMSDP_OK or an error code */
  size_t offset;     /* byte offset in the input */
  uint32_t line;     /* 1-based; 0: no text position */
  uint32_t column;   /* 1-based, in bytes */
  uint32_t length;   /* bytes of the offending span */
  char rule[64];     /* ABNF rule, attribute or field name; may be empty */
  char path[256];    /* JSON pointer of the offending member, for JSON inputs */
  char message[512]; /* "line_order: a line out of RFC 8866 order (in rule ...)" */
} imsdp_error;

/* The name of a code ("line_order") and its description; static strings. */
IMSDP_EXPORT const char* imsdp_error_name(int code);
IMSDP_EXPORT const char* imsdp_error_describe(int code);

/* A borrowed string: not NUL-terminated, valid while the handle it came from lives. */
typedef struct imsdp_view {
  const char* data;
  size_t size;
} imsdp_view;

/* Frees a string the library returned (NUL-terminated, its length given beside it). */
IMSDP_EXPORT void imsdp_string_free(char* s);

/* ---- SDP (RFC 8866) ----------------------------------------------------------------- */

typedef struct imsdp_sdp imsdp_sdp;

/* Parse options; zero-initialise and set what you need: 0 or NULL keeps the default. */
typedef struct imsdp_parse_options {
  const char* profile; /* "strict" (default), "jsep", "ims" or "lenient" */
  size_t max_input_bytes;
  size_t max_line_length;
  size_t max_lines;
  size_t max_media;
  size_t max_attributes;
  size_t max_formats;
  size_t max_diagnostics;
} imsdp_parse_options;

/* Parses a session description (the text is copied). options may be NULL. */
IMSDP_EXPORT int imsdp_sdp_parse(const char* text, size_t length,
                                 const imsdp_parse_options* options, imsdp_sdp** out,
                                 imsdp_error* err);
/* Reads the JSON form (schemas/sdp/session-description.schema.json). */
IMSDP_EXPORT int imsdp_sdp_from_json(const char* json, size_t length,
                                     const imsdp_parse_options* options, imsdp_sdp** out,
                                     imsdp_error* err);
IMSDP_EXPORT void imsdp_sdp_free(imsdp_sdp* sdp);

#define IMSDP_SERIALIZE_EXACT 0     /* the parsed bytes, lossless */
#define IMSDP_SERIALIZE_CANONICAL 1 /* CRLF, RFC 8866 order, canonical spacing */
IMSDP_EXPORT int imsdp_sdp_serialize(const imsdp_sdp* sdp, int form, char** out, size_t* length,
                                     imsdp_error* err);
/* The JSON form; SRTP keys masked. */
IMSDP_EXPORT int imsdp_sdp_to_json(const imsdp_sdp* sdp, char** out, size_t* length,
                                   imsdp_error* err);

/* Diagnostics: what a parse accepted under a tolerance, unknown attributes, lint findings. */
typedef enum imsdp_severity { IMSDP_NOTE = 0, IMSDP_WARNING = 1, IMSDP_ERROR = 2 } imsdp_severity;
typedef struct imsdp_diagnostic {
  int code;
  imsdp_severity severity;
  size_t offset;
  uint32_t line;
  uint32_t column;
  uint32_t length;
  imsdp_view subject; /* the attribute or rule concerned */
  imsdp_view detail;  /* extra words, may be empty */
} imsdp_diagnostic;

IMSDP_EXPORT size_t imsdp_sdp_diagnostic_count(const imsdp_sdp* sdp);
IMSDP_EXPORT int imsdp_sdp_diagnostic(const imsdp_sdp* sdp, size_t index, imsdp_diagnostic* out);

/* A list of diagnostics (lint). */
typedef struct imsdp_diagnostics imsdp_diagnostics;
/* Every diagnostic of a text, as `imsdp lint`: the parse's, or each error line when the text
 * is invalid, then the cross-line rules of the SDP core and the data-channel area; in text
 * order. Succeeds whenever the list could be made (count the IMSDP_ERROR entries). */
IMSDP_EXPORT int imsdp_lint(const char* text, size_t length, const imsdp_parse_options* options,
                            imsdp_diagnostics** out, imsdp_error* err);
IMSDP_EXPORT size_t imsdp_diagnostics_count(const imsdp_diagnostics* list);
IMSDP_EXPORT int imsdp_diagnostics_get(const imsdp_diagnostics* list, size_t index,
                                       imsdp_diagnostic* out);
/* "error: line_order: ..." for entry `index`. */
IMSDP_EXPORT int imsdp_diagnostics_message(const imsdp_diagnostics* list, size_t index, char** out,
                                           size_t* length);
IMSDP_EXPORT void imsdp_diagnostics_free(imsdp_diagnostics* list);

/* ---- typed access: `media` is a media index, or IMSDP_SESSION for the session level --- */

#define IMSDP_SESSION SIZE_MAX

IMSDP_EXPORT size_t imsdp_sdp_media_count(const imsdp_sdp* sdp);
/* m=<media> <port> <proto> <fmt>... (RFC 8866 5.14); empty views for a bad index. */
IMSDP_EXPORT imsdp_view imsdp_sdp_media_type(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT uint16_t imsdp_sdp_media_port(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT imsdp_view imsdp_sdp_media_proto(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT size_t imsdp_sdp_format_count(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT imsdp_view imsdp_sdp_format(const imsdp_sdp* sdp, size_t media, size_t index);

/* a=rtpmap (RFC 8866 6.6) of a payload type: IMSDP_E_NOT_FOUND when absent. */
typedef struct imsdp_rtpmap {
  unsigned payload_type;
  imsdp_view encoding_name; /* "opus" */
  uint32_t clock_rate;
  imsdp_view encoding_parameters; /* channels; may be empty */
} imsdp_rtpmap;
IMSDP_EXPORT int imsdp_sdp_rtpmap(const imsdp_sdp* sdp, size_t media, unsigned payload_type,
                                  imsdp_rtpmap* out);
/* a=fmtp (RFC 8866 6.15) of a format: its parameters as written. */
IMSDP_EXPORT int imsdp_sdp_fmtp(const imsdp_sdp* sdp, size_t media, const char* format,
                                imsdp_view* parameters);

typedef enum imsdp_direction {
  IMSDP_SENDRECV = 0,
  IMSDP_SENDONLY = 1,
  IMSDP_RECVONLY = 2,
  IMSDP_INACTIVE = 3
} imsdp_direction;
/* The direction of a media description (its own, else the session's, else sendrecv). */
IMSDP_EXPORT imsdp_direction imsdp_sdp_direction(const imsdp_sdp* sdp, size_t media);

/* a=mid (RFC 9143); IMSDP_E_NOT_FOUND when absent. */
IMSDP_EXPORT int imsdp_sdp_mid(const imsdp_sdp* sdp, size_t media, imsdp_view* out);
/* a=ice-ufrag and a=ice-pwd (RFC 8839): the media level's, else the session's. */
IMSDP_EXPORT int imsdp_sdp_ice(const imsdp_sdp* sdp, size_t media, imsdp_view* ufrag,
                               imsdp_view* pwd);
/* The first a=fingerprint (RFC 8122): the media level's, else the session's. */
IMSDP_EXPORT int imsdp_sdp_fingerprint(const imsdp_sdp* sdp, size_t media, imsdp_view* hash,
                                       imsdp_view* value);

/* Every a= line of a section, typed or not. */
IMSDP_EXPORT size_t imsdp_sdp_attribute_count(const imsdp_sdp* sdp, size_t media);
/* has_value is 0 for a flag ("a=rtcp-mux"). */
IMSDP_EXPORT int imsdp_sdp_attribute(const imsdp_sdp* sdp, size_t media, size_t index,
                                     imsdp_view* name, imsdp_view* value, int* has_value);

/* a=dcmap channels of a data-channel m-line (RFC 8864 5.1). */
typedef struct imsdp_dc_channel {
  uint16_t stream_id;
  imsdp_view label;       /* as written, %HH escapes kept; may be empty */
  imsdp_view subprotocol; /* as written; may be empty */
  int ordered;            /* 1 unless ordered=false */
  int32_t max_retr;       /* -1: absent */
  int32_t max_time;       /* milliseconds; -1: absent */
  int32_t priority;       /* -1: absent */
} imsdp_dc_channel;
IMSDP_EXPORT size_t imsdp_sdp_dc_channel_count(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT int imsdp_sdp_dc_channel(const imsdp_sdp* sdp, size_t media, size_t index,
                                      imsdp_dc_channel* out);

/* a=3gpp-aiml-split configurations of a media description (DESIGN.md section 5): the
 * canonical value of each ("1 split task=...;model=...;..."), in line order. */
IMSDP_EXPORT size_t imsdp_sdp_split_count(const imsdp_sdp* sdp, size_t media);
IMSDP_EXPORT int imsdp_sdp_split(const imsdp_sdp* sdp, size_t media, size_t index, unsigned* cfg_id,
                                 char** value, size_t* length);

/* ---- negotiation (RFC 3264, RFC 3312, RFC 4568, DESIGN.md section 8) ------------------ */

typedef struct imsdp_caps imsdp_caps;
/* Local capabilities from JSON (schemas/negotiation/capabilities.schema.json). */
IMSDP_EXPORT int imsdp_caps_from_json(const char* json, size_t length, imsdp_caps** out,
                                      imsdp_error* err);
IMSDP_EXPORT void imsdp_caps_free(imsdp_caps* caps);
/* Where SDES keys come from: fill `n` bytes, return 1 on success. By default OpenSSL's
 * RAND_bytes; NULL restores it. No effect on capabilities without "sdes". */
typedef int (*imsdp_key_source)(void* context, uint8_t* out, size_t n);
IMSDP_EXPORT void imsdp_caps_set_key_source(imsdp_caps* caps, imsdp_key_source source,
                                            void* context);

/* A generated offer or answer: the SDP and one explanation line per decision. */
typedef struct imsdp_generated imsdp_generated;
/* The answer to `offer`. current (our current local description) and previous_offer (the
 * peer's previous offer) may be NULL. */
IMSDP_EXPORT int imsdp_answer(const imsdp_sdp* offer, const imsdp_caps* caps,
                              const imsdp_sdp* current, const imsdp_sdp* previous_offer,
                              imsdp_generated** out, imsdp_error* err);
/* An initial offer. */
IMSDP_EXPORT int imsdp_offer(const imsdp_caps* caps, imsdp_generated** out, imsdp_error* err);
/* The SDP (borrowed: valid while the imsdp_generated lives). */
IMSDP_EXPORT const imsdp_sdp* imsdp_generated_sdp(const imsdp_generated* g);
IMSDP_EXPORT size_t imsdp_generated_decision_count(const imsdp_generated* g);
IMSDP_EXPORT imsdp_view imsdp_generated_decision(const imsdp_generated* g, size_t index);
IMSDP_EXPORT void imsdp_generated_free(imsdp_generated* g);

/* The negotiated session of a local and a remote description, as JSON
 * (schemas/negotiation/session.schema.json): codecs, ports, directions, channels, SRTP
 * suite (keys masked), for the host to drive its media. */
IMSDP_EXPORT int imsdp_negotiated_json(const imsdp_sdp* local, const imsdp_sdp* remote,
                                       int local_offerer, char** out, size_t* length,
                                       imsdp_error* err);
/* The SDES-SRTP keys of m-line `media_index` of that session, which the JSON leaves out
 * (RFC 4568 6.1: each side sends with the key of its own a=crypto line): the key-params
 * this side encrypts with and those it decrypts with, as written after the suite
 * ("inline:<base64 key||salt>[|lifetime][|MKI:length]", several joined by ';').
 * IMSDP_E_NOT_FOUND when the m-line negotiated no SDES-SRTP, IMSDP_E_INVALID_ARGUMENT
 * when there is no such m-line. Free both with imsdp_secret_free. */
IMSDP_EXPORT int imsdp_negotiated_srtp_keys(const imsdp_sdp* local, const imsdp_sdp* remote,
                                            int local_offerer, size_t media_index, char** send,
                                            size_t* send_length, char** receive,
                                            size_t* receive_length, imsdp_error* err);
/* Overwrites a secret returned by this API with zeros, then frees it (NULL: nothing). */
IMSDP_EXPORT void imsdp_secret_free(char* secret);

/* The signalling machine of one SIP dialog (RFC 3261, 3262, 3311, 6337), sans I/O. */
typedef struct imsdp_negotiator imsdp_negotiator;
/* seed: glare delays (SplitMix64); lenient_origin: accept the peer's o= version jumps. */
IMSDP_EXPORT int imsdp_negotiator_new(uint64_t seed, int lenient_origin, imsdp_negotiator** out);
IMSDP_EXPORT void imsdp_negotiator_free(imsdp_negotiator* n);
/* "stable", "have-local-offer", ... */
IMSDP_EXPORT const char* imsdp_negotiator_state(const imsdp_negotiator* n);

/* What an accepted event did: the state after it and the actions, in order. */
typedef struct imsdp_step imsdp_step;
/* Applies an event, given as JSON (docs/c-api.md):
 *   {"event":"offer","via":"INVITE|UPDATE|PRACK|2xx|reliable-18x"}  body: the offer
 *   {"event":"invite"} {"event":"pranswer"} {"event":"answer","reliable":false}
 *   {"event":"accept"} {"event":"alert"} {"event":"rollback"} {"event":"close"}
 *   {"event":"reject","status":488,"method":"INVITE|UPDATE"}
 *   {"event":"request","method":"INVITE|UPDATE|PRACK|ACK|BYE|CANCEL"}  body: its SDP or NULL
 *   {"event":"response","method":"INVITE","status":183,"reliable":true,"retryAfter":5}
 * `body` may be NULL and is shared, not copied. On error the machine is unchanged. */
IMSDP_EXPORT int imsdp_negotiator_on(imsdp_negotiator* n, const char* event_json, size_t length,
                                     const imsdp_sdp* body, imsdp_step** out, imsdp_error* err);
/* {"state":..., "actions":[{"action":"send","method":"INVITE","role":"offer","body":"v2",
 *  "trace":"send INVITE offer=v2"}, ...], "refused":{"code","message"}}. Descriptions are
 * named "v<o= version>", never inlined (keys); imsdp_step_body gives them. */
IMSDP_EXPORT int imsdp_step_json(const imsdp_step* step, char** out, size_t* length);
IMSDP_EXPORT size_t imsdp_step_action_count(const imsdp_step* step);
/* The descriptions of action `index`: which is 0 for `body`, 1 for `local`, 2 for
 * `remote`. NULL when the action has none. Borrowed from the step. */
IMSDP_EXPORT const imsdp_sdp* imsdp_step_body(const imsdp_step* step, size_t index, int which);
IMSDP_EXPORT void imsdp_step_free(imsdp_step* step);

/* ---- WebRTC <-> IMS interworking (docs/interworking.md) ------------------------------ */

/* One call through the interworking function: its policy and its call state. */
typedef struct imsdp_iwf imsdp_iwf;
/* policy_json (schemas/interworking/policy.schema.json) NULL: the default policy;
 * state_json (state.schema.json, as imsdp_iwf_state_json wrote it) NULL: a new call. */
IMSDP_EXPORT int imsdp_iwf_new(const char* policy_json, size_t policy_length,
                               const char* state_json, size_t state_length, imsdp_iwf** out,
                               imsdp_error* err);
IMSDP_EXPORT void imsdp_iwf_free(imsdp_iwf* iwf);
/* Where the SDES keys of the IMS leg come from (policy ims.srtp "sdes"): as
 * imsdp_caps_set_key_source; by default OpenSSL's RAND_bytes. */
IMSDP_EXPORT void imsdp_iwf_set_key_source(imsdp_iwf* iwf, imsdp_key_source source, void* context);
/* The call state as JSON (it holds no key: SDES keys are masked, and such a state is
 * refused by imsdp_iwf_new; an SDES call keeps its state in the imsdp_iwf). */
IMSDP_EXPORT int imsdp_iwf_state_json(const imsdp_iwf* iwf, char** out, size_t* length,
                                      imsdp_error* err);

#define IMSDP_TO_IMS 0    /* the SDP came from the WebRTC side */
#define IMSDP_TO_WEBRTC 1 /* the SDP came from the IMS side */
typedef struct imsdp_translation imsdp_translation;
/* Translates an offer or answer towards the other side. resources_json
 * (resources.schema.json: the media function's ports, ICE credentials, fingerprint) may be
 * NULL for an answer. The call state does not change: imsdp_iwf_commit does, once the SDP
 * is sent. */
IMSDP_EXPORT int imsdp_iwf_translate(const imsdp_iwf* iwf, int towards, const imsdp_sdp* sdp,
                                     const char* resources_json, size_t resources_length,
                                     imsdp_translation** out, imsdp_error* err);
/* The SDP to send (borrowed from the translation). */
IMSDP_EXPORT const imsdp_sdp* imsdp_translation_sdp(const imsdp_translation* t);
/* {"disposition":"forward"|"answer-locally","towards":"ims"|"webrtc","supported":[...],
 *  "alertingAllowed":true,"explanation":[...],"plan":{...}} */
IMSDP_EXPORT int imsdp_translation_json(const imsdp_translation* t, char** out, size_t* length);
/* The call state after the translation becomes the call's. */
IMSDP_EXPORT int imsdp_iwf_commit(imsdp_iwf* iwf, const imsdp_translation* t);
IMSDP_EXPORT void imsdp_translation_free(imsdp_translation* t);

/* ---- AIDF intermediate-data frames (docs/aidf.md) ----------- */

/* One tensor to encode, or one decoded tensor (zero-copy: `data` points into the frame). */
typedef struct imsdp_tensor {
  uint16_t tensor_id;
  uint8_t dtype; /* the AIDF element type code (docs/aidf.md) */
  uint8_t rank;
  uint32_t dims[8];
  uint8_t codec;        /* 0: raw */
  uint64_t decoded_len; /* set by the caller for a compressed tensor; computed for raw */
  const void* data;
  size_t size;
} imsdp_tensor;

typedef struct imsdp_frame_info {
  uint32_t frame_seq;
  uint16_t config_id;
  uint16_t partition_id;
  uint16_t stream_ref; /* 0xFFFF: none */
  uint32_t flags;      /* IMSDP_FRAME_CRC32C, IMSDP_FRAME_INDEPENDENT, ... */
  uint32_t rtp_ts;
  uint32_t rtp_duration;
  uint64_t capture_ntp;
} imsdp_frame_info;
#define IMSDP_FRAME_CRC32C 0x1u
#define IMSDP_FRAME_INDEPENDENT 0x2u

/* The encoded size of a frame, then the frame itself into `out` (*written set). */
IMSDP_EXPORT int imsdp_frame_encoded_size(const imsdp_frame_info* info, const imsdp_tensor* tensors,
                                          size_t count, size_t* size, imsdp_error* err);
IMSDP_EXPORT int imsdp_frame_encode(const imsdp_frame_info* info, const imsdp_tensor* tensors,
                                    size_t count, void* out, size_t capacity, size_t* written,
                                    imsdp_error* err);

/* A validated frame viewing the caller's bytes, which must outlive it. */
typedef struct imsdp_frame imsdp_frame;
IMSDP_EXPORT int imsdp_frame_decode(const void* bytes, size_t size, imsdp_frame** out,
                                    imsdp_error* err);
IMSDP_EXPORT void imsdp_frame_free(imsdp_frame* frame);
IMSDP_EXPORT void imsdp_frame_get_info(const imsdp_frame* frame, imsdp_frame_info* out);
IMSDP_EXPORT size_t imsdp_frame_tensor_count(const imsdp_frame* frame);
IMSDP_EXPORT int imsdp_frame_tensor(const imsdp_frame* frame, size_t index, imsdp_tensor* out);

/* Fragments (7.1): how many messages a frame needs under the peer's max-message-size
 * (0: no limit; without interleaving messages stay at 16 KiB), then each message. */
IMSDP_EXPORT int imsdp_fragment_count(size_t frame_size, uint64_t max_message_size,
                                      int interleaving, size_t* count, size_t* max_message,
                                      imsdp_error* err);
IMSDP_EXPORT int imsdp_fragment_write(const void* frame, size_t frame_size,
                                      uint64_t max_message_size, int interleaving,
                                      uint32_t frame_seq, size_t index, void* out, size_t capacity,
                                      size_t* written, imsdp_error* err);

/* Reassembly in any order, memory bounded (default limits). `now_ms` is a monotonic clock. */
typedef struct imsdp_reassembler imsdp_reassembler;
IMSDP_EXPORT int imsdp_reassembler_new(imsdp_reassembler** out);
IMSDP_EXPORT void imsdp_reassembler_free(imsdp_reassembler* r);
#define IMSDP_FRAGMENT_INCOMPLETE 0
#define IMSDP_FRAGMENT_COMPLETE 1
#define IMSDP_FRAGMENT_DUPLICATE 2
#define IMSDP_FRAGMENT_STALE 3
/* Takes one message; *status is one of IMSDP_FRAGMENT_*. When complete, *frame and
 * *frame_size give the frame, valid until the next push. */
IMSDP_EXPORT int imsdp_reassembler_push(imsdp_reassembler* r, const void* message, size_t size,
                                        uint64_t now_ms, int* status, const void** frame,
                                        size_t* frame_size, imsdp_error* err);

/* ---- AI/ML models (docs/aiml-model.md) ------------------------------------------------ */

/* Checks a model file's bytes against artifact `artifact` of a descriptor (JSON): size,
 * digest, format, I/O. `report` (may be NULL) receives a line per fact verified, not
 * checked or mismatched, whether or not the check passes; the first mismatch is the error. */
IMSDP_EXPORT int imsdp_model_check(const char* descriptor_json, size_t json_length, size_t artifact,
                                   const void* bytes, size_t size, char** report,
                                   size_t* report_length, imsdp_error* err);

/* imsdp_model_check on the file at `path`, which is never read into memory: it is mapped,
 * hashed in windows and only its structure parsed, so a 5 GiB checkpoint takes tens of MiB.
 * A file that cannot be opened is IMSDP_E_IO. */
IMSDP_EXPORT int imsdp_model_check_file(const char* descriptor_json, size_t json_length,
                                        size_t artifact, const char* path, char** report,
                                        size_t* report_length, imsdp_error* err);

/* A streaming size and digest check of one artifact (chunks in order). */
typedef struct imsdp_digest imsdp_digest;
/* algorithm: "sha-256", "sha-384" or "sha-512"; expected_hex: the declared digest. */
IMSDP_EXPORT int imsdp_digest_new(uint64_t size, const char* algorithm, const char* expected_hex,
                                  imsdp_digest** out, imsdp_error* err);
IMSDP_EXPORT int imsdp_digest_update(imsdp_digest* d, const void* chunk, size_t size,
                                     imsdp_error* err);
/* IMSDP_OK only when every byte arrived and the digest matches. */
IMSDP_EXPORT int imsdp_digest_finish(imsdp_digest* d, imsdp_error* err);
IMSDP_EXPORT void imsdp_digest_free(imsdp_digest* d);

#ifdef __cplusplus
}
#endif

#endif /* IMSDP_H */
