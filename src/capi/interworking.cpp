// The C API of the WebRTC <-> IMS interworking function (imsdp.h; docs/interworking.md):
// a call's policy and state, translations, and the commit once the SDP is sent.
#include <imsdp/interworking/json.hpp>
#include <imsdp/interworking/translate.hpp>
#include <memory>

#include "capi/common.hpp"

using namespace imsdp;
using namespace imsdp::capi;

struct imsdp_iwf {
  interworking::policy policy;
  interworking::call_state state;
};

struct imsdp_translation {
  interworking::translation t;
  imsdp_sdp sdp;
};

extern "C" {

int imsdp_iwf_new(char const* policy_json, std::size_t policy_length, char const* state_json,
                  std::size_t state_length, imsdp_iwf** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr) return fail(err, errc::invalid_argument, "out");
    auto made = std::make_unique<imsdp_iwf>(
        imsdp_iwf{interworking::default_policy(), interworking::call_state{}});
    if (policy_json != nullptr) {
      auto p = interworking::policy_from_json(std::string_view(policy_json, policy_length));
      if (!p) return fail(err, p.error());
      made->policy = std::move(*p);
    }
    // The SDES keys of the IMS leg (ims.srtp=sdes): OpenSSL's CSPRNG until the host sets
    // its own source (imsdp_iwf_set_key_source).
    made->policy.ims.sdes.keys = key_source_of(nullptr, nullptr);
    if (state_json != nullptr) {
      auto s = interworking::state_from_json(std::string_view(state_json, state_length));
      if (!s) return fail(err, s.error());
      made->state = std::move(*s);
    }
    *out = made.release();
    return IMSDP_OK;
  });
}

void imsdp_iwf_free(imsdp_iwf* iwf) {
  delete iwf;
}

void imsdp_iwf_set_key_source(imsdp_iwf* iwf, imsdp_key_source source, void* context) {
  if (iwf != nullptr) iwf->policy.ims.sdes.keys = key_source_of(source, context);
}

int imsdp_iwf_state_json(imsdp_iwf const* iwf, char** out, std::size_t* length, imsdp_error* err) {
  return guarded(err, [&] {
    if (iwf == nullptr) return fail(err, errc::invalid_argument, "iwf");
    return give(interworking::state_to_json(iwf->state).dump(), out, length, err);
  });
}

int imsdp_iwf_translate(imsdp_iwf const* iwf, int towards, imsdp_sdp const* sdp,
                        char const* resources_json, std::size_t resources_length,
                        imsdp_translation** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (iwf == nullptr || sdp == nullptr || out == nullptr ||
        (towards != IMSDP_TO_IMS && towards != IMSDP_TO_WEBRTC))
      return fail(err, errc::invalid_argument, "translate");
    interworking::media_resources resources;
    if (resources_json != nullptr) {
      auto r =
          interworking::resources_from_json(std::string_view(resources_json, resources_length));
      if (!r) return fail(err, r.error());
      resources = std::move(*r);
    }
    auto t = towards == IMSDP_TO_IMS
                 ? interworking::to_ims(*sdp->doc, iwf->policy, iwf->state, resources)
                 : interworking::to_webrtc(*sdp->doc, iwf->policy, iwf->state, resources);
    if (!t) return fail(err, t.error());
    auto made = std::make_unique<imsdp_translation>();
    made->sdp.doc = t->sdp;
    made->t = std::move(*t);
    *out = made.release();
    return IMSDP_OK;
  });
}

imsdp_sdp const* imsdp_translation_sdp(imsdp_translation const* t) {
  return t == nullptr ? nullptr : &t->sdp;
}

int imsdp_translation_json(imsdp_translation const* t, char** out, std::size_t* length) {
  return guarded(nullptr, [&] {
    if (t == nullptr) return IMSDP_E_INVALID_ARGUMENT;
    nlohmann::json explanation = nlohmann::json::array();
    for (auto const& d : t->t.explanation)
      explanation.push_back(negotiation::to_string(d));
    nlohmann::json const j{
        {"disposition", to_string(t->t.what)},   {"towards", to_string(t->t.towards)},
        {"supported", t->t.sip.supported},       {"alertingAllowed", t->t.sip.alerting_allowed},
        {"explanation", std::move(explanation)}, {"plan", interworking::plan_to_json(t->t.plan)}};
    return give(j.dump(), out, length, nullptr);
  });
}

int imsdp_iwf_commit(imsdp_iwf* iwf, imsdp_translation const* t) {
  return guarded(nullptr, [&] {
    if (iwf == nullptr || t == nullptr) return IMSDP_E_INVALID_ARGUMENT;
    iwf->state = t->t.next;
    return IMSDP_OK;
  });
}

void imsdp_translation_free(imsdp_translation* t) {
  delete t;
}

}  // extern "C"
