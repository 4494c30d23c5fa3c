// The example policy and keys of examples/ui/, and an offer and response built from them.
#pragma once

#include <doctest/doctest.h>

#include <imsdp/user_interaction/policy.hpp>
#include <string>

#include "support/files.hpp"
#include "support/why.hpp"

namespace imsdp::test::ui {

namespace ux = imsdp::user_interaction;

inline ux::policy example_policy() {
  auto p = ux::policy_from_json(read_file(source_dir() / "examples/ui/policy.json"));
  REQUIRE_MESSAGE(p, test::why(p));
  return *p;
}

inline ux::key_set example_keys() {
  auto k = ux::keys_from_json(read_file(source_dir() / "examples/ui/keys.json"));
  REQUIRE_MESSAGE(k, test::why(k));
  return std::move(*k);
}

inline ux::time_point at(char const* rfc3339) {
  auto t = ux::parse_time(rfc3339);
  REQUIRE(t);
  return *t;
}

/// The example policy and keys, and the clock of the examples.
struct example {
  ux::policy policy = example_policy();
  ux::key_set keys = example_keys();
  ux::time_point t0 = at("2026-05-01T10:00:00Z");
};

/// An offer of `tpl` to `subscriber` about `ref`, with nonce byte `n` repeated.
inline ux::offer make_offer(ux::policy const& p, ux::key_set const& keys, std::string tpl,
                            std::string subscriber, std::string ref, unsigned char n,
                            ux::time_point now, ux::subject_type type = ux::subject_type::call) {
  ux::offer_request req;
  req.id = "o-" + std::to_string(n);
  req.template_ref = std::move(tpl);
  req.subject = {type, std::move(ref)};
  req.subscriber = std::move(subscriber);
  req.nonce.fill(n);
  req.lang = "en";
  req.token_kid = "n1";
  req.sign_kid = "e1";
  auto o = ux::build_offer(p, req, keys, now);
  REQUIRE_MESSAGE(o, test::why(o));
  return *o;
}

/// A response to `o` with the given answers JSON (an array).
inline std::string make_response(ux::offer const& o, std::string const& id,
                                 std::string const& answers,
                                 char const* ts = "2026-05-01T10:00:41Z",
                                 std::string const& extra = "") {
  return R"({"v":1,"kind":"response","id":")" + id + R"(","offer":")" + o.id + R"(","ts":")" + ts +
         R"(","token":")" + o.token + R"(","answers":)" + answers + extra + "}";
}

}  // namespace imsdp::test::ui
