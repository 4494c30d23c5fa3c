// The keys and policy the user interaction fuzz targets share (fixed, so their corpora can
// hold valid tokens and signed offers): an HS256 token key, an EdDSA offer key and two
// templates with small tables, so the guard's limits are reached quickly.
#pragma once

#include <imsdp/user_interaction/policy.hpp>

namespace fuzz_ui {

namespace ux = imsdp::user_interaction;

inline ux::key_set const& keys() {
  static ux::key_set const k = *ux::keys_from_json(R"({"keys":[
    {"kid":"n1","alg":"HS256","use":"token","secret":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"},
    {"kid":"e1","alg":"EdDSA","use":"offer","secret":"ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM"}]})");
  return k;
}

inline ux::policy const& policy() {
  static ux::policy const p = *ux::policy_from_json(R"({
    "homeNetwork":"ims.example",
    "templates":[
      {"ref":"qf@1","category":"quality-feedback","subjects":["call"],
       "prompts":[{"lang":"en","title":"How was it?"}],
       "actions":[{"aid":"q","type":"rating","scale":"acr5"},
                  {"aid":"i","type":"multi","max":2,"options":[{"oid":"a"},{"oid":"b"},{"oid":"c"}]}],
       "freeText":true,"maxResponses":3,"ttl":60},
      {"ref":"as@1","category":"ai-assist","subjects":["conference"],
       "prompts":[{"lang":"en","title":"Assist?"}],
       "actions":[{"aid":"a","type":"assist","options":[{"oid":"summarize"}]}],
       "consent":{"purpose":"ai-assist","required":true},"ttl":60}],
    "categories":{"quality-feedback":{"subscriber":{"rate":1,"per":10,"burst":2},
                                      "target":{"rate":1,"per":5,"burst":3}}},
    "global":{"rate":5,"per":1,"burst":8},
    "replayWindow":{"capacity":32,"grace":5},
    "bucketCapacity":32,
    "tokenCacheCapacity":8})");
  return p;
}

inline ux::time_point epoch() {
  return *ux::parse_time("2026-05-01T10:00:00Z");
}

}  // namespace fuzz_ui
