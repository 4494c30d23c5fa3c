// The user interaction targets (tests/vectors/README.md).
//
//   ui-message: json_case.hpp's y_/n_ check over read()/write().
//   ui-offer:   an offer built from examples/ui (template, subject, subscriber, nonce, "at",
//               slots),
//               then changed by "patch" (RFC 6902) and checked by validate_offer ("errors":
//               [{code, path}], in order) and, for "verify" {at, home?}, by verify_offer
//               ("verifyError": {code, path}).
//   ui-guard:   "offers" built as above, then "steps" through one guard: a response to offer
//               k ({at, sender, offer, id, answers, text?, token?}) or raw {"response": TEXT},
//               a {withdraw: k, at}, a {tick: at}; each response step names the errc it must
//               give ("reason", "ok" for accepted) and optionally "status" and "retryAfter".
#include <fstream>
#include <imsdp/user_interaction/guard.hpp>
#include <sstream>
#include <string>

#include "conformance/json_case.hpp"
#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

namespace ux = user_interaction;

std::string read_file(std::string const& relative);

struct fixture {
  ux::policy policy;
  ux::key_set keys;
};

std::string load(fixture& f, json const& test) {
  auto const policy = ux::policy_from_json(read_file("examples/ui/policy.json"));
  auto keys = ux::keys_from_json(read_file("examples/ui/keys.json"));
  if (!policy || !keys) return "examples/ui/policy.json or keys.json does not read";
  f.policy = *policy;
  f.keys = std::move(*keys);
  if (test.contains("policy")) {
    // RFC 7396 merge patch on the example policy
    auto doc = json::parse(read_file("examples/ui/policy.json"));
    doc.merge_patch(test["policy"]);
    auto const patched = ux::policy_from_json(doc.dump());
    if (!patched) return "the patched policy does not read: " + patched.error().message();
    f.policy = *patched;
  }
  return {};
}

result<ux::offer> build(fixture const& f, json const& spec, std::size_t index) {
  ux::offer_request req;
  req.id = spec.value("id", "o-" + std::to_string(index));
  req.template_ref = spec.value("template", "qf-call@2");
  auto const subject = spec.value("subject", std::string("call:c-1"));
  req.subject = {
      ux::subject_type_from(subject.substr(0, subject.find(':'))).value_or(ux::subject_type::call),
      subject.substr(subject.find(':') + 1)};
  req.subscriber = spec.value("subscriber", "ps-1");
  req.nonce.fill(static_cast<unsigned char>(spec.value("nonce", index + 1)));
  req.lang = "en";
  auto const slots = spec.value("slots", json::object());
  for (auto const& [name, value] : slots.items())
    req.slots[name] = value.get<std::string>();
  req.token_kid = "n1";
  req.sign_kid = "e1";
  return ux::build_offer(f.policy, req, f.keys,
                         *ux::parse_time(spec.value("at", "2026-05-01T10:00:00Z")));
}

std::string expect_error(error const& e, json const& expected, std::string const& what) {
  auto const code = std::string(to_string(e.code));
  if (code != expected.value("code", std::string()))
    return what + ": " + code + " at " + e.path + " (" + e.detail + "), expected " +
           expected.dump();
  if (expected.contains("path") && e.path != expected["path"].get<std::string>())
    return what + ": at " + e.path + ", expected " + expected["path"].get<std::string>();
  return {};
}

}  // namespace

std::string check_ui_message_case(json const& test) {
  return check_case(
      test, [](std::string const& text) { return ux::read(text); },
      [](ux::message const& m) { return ux::write(m); });
}

std::string check_ui_offer_case(json const& test) {
  fixture f;
  if (auto why = load(f, test); !why.empty()) return why;
  auto const built = build(f, test.value("offer", json::object()), 0);
  if (test.contains("buildError")) {
    if (built) return "built";
    return expect_error(built.error(), test["buildError"], "build");
  }
  if (!built) return "does not build: " + built.error().message();
  auto doc = json::parse(ux::write(*built));
  if (test.contains("patch")) {
    try {
      doc = doc.patch(test["patch"]);
    } catch (json::exception const& e) {
      return std::string("patch does not apply: ") + e.what();
    }
  }
  auto const text = doc.dump();
  auto const read = ux::read(text);
  if (!read) return expect_error(read.error(), test.value("readError", json::object()), "read");
  if (test.contains("readError")) return "read";
  auto const errors = ux::validate_offer(std::get<ux::offer>(*read), f.policy);
  auto const expected = test.value("errors", json::array());
  if (errors.size() != expected.size()) {
    std::string got;
    for (auto const& e : errors)
      got += std::string(to_string(e.code)) + " " + e.path + "; ";
    return "validate_offer gave " + std::to_string(errors.size()) + " errors (" + got +
           "), expected " + expected.dump();
  }
  for (std::size_t i = 0; i < errors.size(); ++i)
    if (auto why = expect_error(errors[i], expected[i], "error " + std::to_string(i)); !why.empty())
      return why;
  if (test.contains("verify")) {
    auto const& v = test["verify"];
    auto const verified = ux::verify_offer(text, f.keys, v.value("home", f.policy.home_network),
                                           *ux::parse_time(v.value("at", "2026-05-01T10:00:10Z")));
    if (test.contains("verifyError")) {
      if (verified) return "verified";
      return expect_error(verified.error(), test["verifyError"], "verify");
    }
    if (!verified) return "does not verify: " + verified.error().message();
  }
  return {};
}

std::string check_ui_guard_case(json const& test) {
  fixture f;
  if (auto why = load(f, test); !why.empty()) return why;
  std::vector<ux::offer> offers;
  for (auto const& spec : test.value("offers", json::array())) {
    auto o = build(f, spec, offers.size());
    if (!o)
      return "offer " + std::to_string(offers.size()) + " does not build: " + o.error().message();
    offers.push_back(std::move(*o));
  }
  ux::guard g(f.policy);
  ux::context const ctx{f.policy, f.keys};
  std::size_t step_no = 0;
  for (auto const& step : test.at("steps")) {
    auto const where = "step " + std::to_string(step_no++);
    auto const at = ux::parse_time(step.value("at", "2026-05-01T10:00:41Z"));
    if (!at) return where + ": bad \"at\"";
    if (step.contains("tick")) {
      g.tick(*ux::parse_time(step["tick"].get<std::string>()));
      continue;
    }
    if (step.contains("withdraw")) {
      auto const& o = offers.at(step["withdraw"].get<std::size_t>());
      auto const payload = ux::jws_verify(f.keys, ux::key_use::token, o.token, *at);
      if (!payload) return where + ": the offer's token does not verify";
      auto const nonce = json::parse(*payload)["nonce"].get<std::string>();
      if (!g.withdraw(nonce, o.expires, *at)) return where + ": withdraw failed";
      continue;
    }
    std::string text;
    if (step.contains("response")) {
      text = step["response"].is_string() ? step["response"].get<std::string>()
                                          : step["response"].dump();
    } else {
      auto const& o = offers.at(step.at("offer").get<std::size_t>());
      json r{{"v", 1},
             {"kind", "response"},
             {"id", step.value("id", "r-1")},
             {"offer", step.value("offerId", o.id)},
             {"ts", step.value("at", "2026-05-01T10:00:41Z")},
             {"token", step.value("token", o.token)},
             {"answers", step.at("answers")}};
      if (step.contains("text")) r["text"] = step["text"];
      text = r.dump();
    }
    auto const v = g.decide(text, step.value("sender", "ps-1"), ctx, *at);
    auto const reason = std::string(to_string(v.reason));
    auto const expected = step.value("reason", std::string("ok"));
    if (reason != expected) return where + ": " + reason + ", expected " + expected;
    if (step.contains("pointer") && v.where.view() != step["pointer"].get<std::string>())
      return where + ": at '" + std::string(v.where.view()) + "', expected " +
             step["pointer"].dump();
    if (step.contains("status") &&
        std::string(ux::to_string(v.status)) != step["status"].get<std::string>())
      return where + ": status " + std::string(ux::to_string(v.status));
    if (step.contains("retryAfter") && v.retry_after != step["retryAfter"].get<std::uint32_t>())
      return where + ": retryAfter " + std::to_string(v.retry_after);
  }
  return {};
}

namespace {

std::string read_file(std::string const& relative) {
  std::ifstream in(std::string(IMSDP_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

}  // namespace imsdp::conformance
