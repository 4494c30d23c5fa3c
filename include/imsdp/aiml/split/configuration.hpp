// AI/ML split configurations for offer/answer (DESIGN.md section 5): an owned, editable
// configuration, the sets offered per control channel, the pure function that computes
// an answer from an offered set and local capabilities, and the check of a received answer.
//
// Offer/answer rules (DESIGN.md section 5):
//  1. The offer lists a set; ue and nw are the complete on-device and in-network ones.
//  2. The answer repeats the subset it accepts with the same cfg-id and placement. It may
//     narrow (lower ul/dl, higher lat, fewer cmp profiles) but never widen, and never adds a
//     cfg-id. The first accepted line is the initially active configuration.
//  3. A split configuration needs its idc channel offered and accepted in the same
//     m-section with subprotocol 3gpp-aiml-idata; a seq is accepted only if every step is.
//     A stateful one (state=, docs/aidf.md "Stateful sequences") keeps state=: with
//     "reliable" its idc channel must be ordered and reliable, since nothing recovers a lost
//     step; with "resume" any channel will do, as the sequence-ack/-resume exchange of the
//     control channel recovers lost steps. fec=G (docs/aidf.md "Parity") asks the sender of
//     intermediate data to add a parity fragment per G data fragments; the answer keeps it
//     unchanged or drops it (the answerer takes no parity), never adds or changes it.
//  4. No accepted line: AI/ML processing is off.
//  5. Switching at run time is a control message (split-select), not SDP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/split/attribute.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/error.hpp>
#include <imsdp/sdp/session_description.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace imsdp::aiml::split {

/// One configuration with owned values (task and model URNs decoded).
struct configuration {
  std::uint8_t cfg_id = 0;
  split::placement placement = split::placement::ue;
  std::string task;  // "urn:3gpp:aiml:task:asr"
  std::string model;
  std::string part;                      // partition (split point) id
  std::optional<std::uint16_t> idc;      // stream id of the intermediate-data channel
  std::string fmt;                       // "aidf1"
  std::vector<std::string> compression;  // cmp profiles, in preference order
  std::optional<std::uint32_t> ul_kbps;
  std::optional<std::uint32_t> dl_kbps;
  std::optional<std::uint32_t> latency_ms;
  std::optional<std::uint16_t> accuracy;  // per mille
  std::vector<std::uint8_t> steps;        // seq only
  std::string q;                          // qvalue as written, empty if absent
  std::string state;                      // "reliable", "resume"; empty: stateless
  std::optional<std::uint16_t> fec;       // parity: data fragments per parity fragment
  std::vector<std::pair<std::string, std::string>> extensions;  // name, value as written

  /// From a parsed attribute.
  [[nodiscard]] static configuration from(aiml_split_3gpp const& a);
  /// The attribute value ("1 split task=...;..."), canonical parameter order.
  [[nodiscard]] std::string value() const;
  friend bool operator==(configuration const&, configuration const&) = default;
};

/// The configurations offered on one control channel.
struct configuration_set {
  std::size_t media_index = 0;
  std::uint16_t control_stream = 0;
  std::vector<configuration> configurations;  // in line order
};

/// Every control channel's set, in m-line and line order.
[[nodiscard]] std::vector<configuration_set> configuration_sets(
    sdp::session_description const& doc);

/// What this endpoint can do (the answerer's side of the intersection).
struct capabilities {
  std::vector<std::string> tasks;             // task URNs this endpoint runs
  std::vector<split::placement> placements;   // placements it supports
  std::vector<std::string> compression;       // profiles it supports ("none", "fp16", ...)
  std::vector<std::string> formats{"aidf1"};  // intermediate data formats
  std::vector<std::string> models;            // model URNs; empty: any
  std::vector<std::string> partitions;        // partition ids; empty: any
  std::optional<std::uint32_t> max_ul_kbps;   // the most intermediate data it accepts
  std::optional<std::uint32_t> max_dl_kbps;
  std::optional<std::uint32_t> min_latency_ms;  // the best latency it can meet
  /// The state= modes it runs (docs/aidf.md "Stateful sequences").
  std::vector<std::string> states{"reliable", "resume"};
  /// Whether it takes parity fragments (fec=, docs/aidf.md "Parity"); without, the answer
  /// drops fec= and the sender sends none.
  bool parity = true;
};

/// An intermediate-data channel (subprotocol 3gpp-aiml-idata) the answer accepts.
struct idata_channel {
  std::uint16_t stream_id = 0;
  bool reliable = false;  // ordered, no max-retr and no max-time (RFC 8864): state=reliable
};
[[nodiscard]] inline idata_channel idata_of(datachannel::channel const& c) noexcept {
  return {c.stream_id(), c.map->is_ordered() && c.map->reliable()};
}

/// Why a configuration was accepted, narrowed or refused (one line of --explain).
struct decision {
  std::uint8_t cfg_id = 0;
  bool accepted = false;
  std::string reason;
};

struct answer_result {
  std::vector<configuration> accepted;  // answer order; the first is initially active
  std::vector<decision> decisions;      // one per offered configuration, in offer order
};

/// Computes the answer's configurations from an offered set (rules 1-4). `idata` are the
/// channels the answer accepts with subprotocol 3gpp-aiml-idata in the same m-section.
/// Pure: same inputs, same output.
[[nodiscard]] answer_result answer(std::span<configuration const> offered,
                                   capabilities const& local, std::span<idata_channel const> idata);

/// Checks a received answer against the offer (rules 2 and 3); one error per violation
/// (error.rule names the parameter, error.detail the cfg-id).
[[nodiscard]] std::vector<error> check_answer(std::span<configuration const> offered,
                                              std::span<configuration const> answered,
                                              std::span<idata_channel const> idata);

}  // namespace imsdp::aiml::split
