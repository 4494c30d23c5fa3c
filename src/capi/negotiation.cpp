// The C API of negotiation (imsdp.h): capabilities, answers and offers, the negotiated
// session, and the signalling machine driven by JSON events.

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>
#include <imsdp/negotiation/answer.hpp>
#include <imsdp/negotiation/json.hpp>
#include <imsdp/negotiation/signalling.hpp>
#include <memory>
#include <vector>

#include "capi/common.hpp"

using namespace imsdp;
using namespace imsdp::capi;

struct imsdp_caps {
  negotiation::capabilities caps;
};

struct imsdp_generated {
  imsdp_sdp sdp;
  std::vector<std::string> decisions;
};

struct imsdp_negotiator {
  negotiation::signalling_machine machine;
};

/// A step and a handle for every description its actions name (body, local, remote).
struct imsdp_step {
  negotiation::step step;
  std::vector<std::array<std::unique_ptr<imsdp_sdp>, 3>> bodies;
};

namespace {

negotiation::description shared(imsdp_sdp const* s) {
  return s == nullptr ? negotiation::description{} : s->doc;
}

int give_generated(result<negotiation::generated> g, imsdp_generated** out, imsdp_error* err) {
  if (!g) return fail(err, g.error());
  auto made = std::make_unique<imsdp_generated>();
  made->sdp.doc = std::move(g->sdp);
  for (auto const& d : g->decisions)
    made->decisions.push_back(negotiation::to_string(d));
  *out = made.release();
  return IMSDP_OK;
}

}  // namespace

extern "C" {

int imsdp_caps_from_json(char const* json, std::size_t length, imsdp_caps** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr || (json == nullptr && length != 0))
      return fail(err, errc::invalid_argument, "json");
    auto caps = negotiation::capabilities_from_json(std::string_view(json, length));
    if (!caps) return fail(err, caps.error());
    if (caps->sdes) caps->sdes->keys = key_source_of(nullptr, nullptr);
    *out = new imsdp_caps{std::move(*caps)};
    return IMSDP_OK;
  });
}

void imsdp_caps_free(imsdp_caps* caps) {
  delete caps;
}

void imsdp_caps_set_key_source(imsdp_caps* caps, imsdp_key_source source, void* context) {
  if (caps == nullptr || !caps->caps.sdes) return;
  caps->caps.sdes->keys = key_source_of(source, context);
}

int imsdp_answer(imsdp_sdp const* offer, imsdp_caps const* caps, imsdp_sdp const* current,
                 imsdp_sdp const* previous_offer, imsdp_generated** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (offer == nullptr || caps == nullptr || out == nullptr)
      return fail(err, errc::invalid_argument, "answer");
    return give_generated(negotiation::create_answer(*offer->doc, caps->caps, shared(current),
                                                     shared(previous_offer)),
                          out, err);
  });
}

int imsdp_offer(imsdp_caps const* caps, imsdp_generated** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (caps == nullptr || out == nullptr) return fail(err, errc::invalid_argument, "offer");
    return give_generated(negotiation::create_offer(caps->caps), out, err);
  });
}

imsdp_sdp const* imsdp_generated_sdp(imsdp_generated const* g) {
  return g == nullptr ? nullptr : &g->sdp;
}

std::size_t imsdp_generated_decision_count(imsdp_generated const* g) {
  return g == nullptr ? 0 : g->decisions.size();
}

imsdp_view imsdp_generated_decision(imsdp_generated const* g, std::size_t index) {
  if (g == nullptr || index >= g->decisions.size()) return {};
  return capi::view(g->decisions[index]);
}

void imsdp_generated_free(imsdp_generated* g) {
  delete g;
}

int imsdp_negotiated_json(imsdp_sdp const* local, imsdp_sdp const* remote, int local_offerer,
                          char** out, std::size_t* length, imsdp_error* err) {
  return guarded(err, [&] {
    if (local == nullptr || remote == nullptr)
      return fail(err, errc::invalid_argument, "negotiated");
    nlohmann::json j = negotiation::negotiated(*local->doc, *remote->doc, local_offerer != 0);
    return capi::give(j.dump(), out, length, err);
  });
}

int imsdp_negotiated_srtp_keys(imsdp_sdp const* local, imsdp_sdp const* remote, int local_offerer,
                               std::size_t media_index, char** send, std::size_t* send_length,
                               char** receive, std::size_t* receive_length, imsdp_error* err) {
  return guarded(err, [&] {
    if (local == nullptr || remote == nullptr)
      return fail(err, errc::invalid_argument, "negotiated");
    if (send == nullptr || receive == nullptr) return fail(err, errc::invalid_argument, "out");
    auto session = negotiation::negotiated(*local->doc, *remote->doc, local_offerer != 0);
    // The session's copies of the keys are wiped however this ends.
    struct wipe {
      negotiation::negotiated_session& s;
      ~wipe() {
        for (auto& stream : s.streams)
          if (stream.srtp)
            for (auto* key : {&stream.srtp->send_key_params, &stream.srtp->receive_key_params})
              OPENSSL_cleanse(key->data(), key->size());
      }
    } const wiped{session};
    if (media_index >= session.streams.size())
      return fail(err, errc::invalid_argument, "media_index");
    auto const& srtp = session.streams[media_index].srtp;
    if (!srtp) return fail(err, errc::not_found, "crypto");
    // Both or neither: the out parameters change only on success.
    char* sent = nullptr;
    char* received = nullptr;
    std::size_t sent_size = 0;
    std::size_t received_size = 0;
    if (int const r = give(srtp->send_key_params, &sent, &sent_size, err); r != IMSDP_OK) return r;
    if (int const r = give(srtp->receive_key_params, &received, &received_size, err);
        r != IMSDP_OK) {
      imsdp_secret_free(sent);
      return r;
    }
    *send = sent;
    *receive = received;
    if (send_length != nullptr) *send_length = sent_size;
    if (receive_length != nullptr) *receive_length = received_size;
    return IMSDP_OK;
  });
}

void imsdp_secret_free(char* secret) {
  if (secret == nullptr) return;
  OPENSSL_cleanse(secret, std::strlen(secret));
  std::free(secret);
}

int imsdp_negotiator_new(std::uint64_t seed, int lenient_origin, imsdp_negotiator** out) {
  return guarded(nullptr, [&] {
    if (out == nullptr) return IMSDP_E_INVALID_ARGUMENT;
    *out = new imsdp_negotiator{negotiation::signalling_machine(
        seed, lenient_origin != 0 ? negotiation::origin_policy::lenient
                                  : negotiation::origin_policy::rfc3264)};
    return IMSDP_OK;
  });
}

void imsdp_negotiator_free(imsdp_negotiator* n) {
  delete n;
}

char const* imsdp_negotiator_state(imsdp_negotiator const* n) {
  // The state names are string literals.
  return n == nullptr ? "" : negotiation::to_string(n->machine.state()).data();
}

int imsdp_negotiator_on(imsdp_negotiator* n, char const* event_json, std::size_t length,
                        imsdp_sdp const* body, imsdp_step** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (n == nullptr || out == nullptr || (event_json == nullptr && length != 0))
      return fail(err, errc::invalid_argument, "event");
    auto const e = negotiation::event_from_json(std::string_view(event_json, length), shared(body));
    if (!e) return fail(err, e.error());
    // The step handle is made before the machine moves, so a failed allocation changes nothing.
    auto made = std::make_unique<imsdp_step>();
    auto machine = n->machine;
    auto s = machine.on(*e);
    if (!s) return fail(err, s.error());
    for (auto const& a : s->actions) {
      auto& handles = made->bodies.emplace_back();
      std::size_t i = 0;
      for (auto const* d : {&a.body, &a.local, &a.remote}) {
        if (*d) handles[i] = std::make_unique<imsdp_sdp>(imsdp_sdp{*d});
        ++i;
      }
    }
    made->step = std::move(*s);
    n->machine = std::move(machine);
    *out = made.release();
    return IMSDP_OK;
  });
}

int imsdp_step_json(imsdp_step const* step, char** out, std::size_t* length) {
  return guarded(nullptr, [&] {
    if (step == nullptr) return IMSDP_E_INVALID_ARGUMENT;
    // A description is named as the trace names it: "v<o= session version>".
    auto const ref = [](negotiation::description const& d) -> nlohmann::json {
      if (!d) return nullptr;
      auto const* o = d->origin();
      return o == nullptr ? std::string("sdp") : "v" + std::to_string(o->session_version);
    };
    return capi::give(negotiation::step_json(step->step, ref).dump(), out, length, nullptr);
  });
}

std::size_t imsdp_step_action_count(imsdp_step const* step) {
  return step == nullptr ? 0 : step->step.actions.size();
}

imsdp_sdp const* imsdp_step_body(imsdp_step const* step, std::size_t index, int which) {
  if (step == nullptr || index >= step->bodies.size() || which < 0 || which > 2) return nullptr;
  return step->bodies[index][static_cast<std::size_t>(which)].get();
}

void imsdp_step_free(imsdp_step* step) {
  delete step;
}

}  // extern "C"
