// The C API of the SDP core (imsdp.h: parse, serialize, JSON, diagnostics, lint, typed
// access). Views point into the description the handle shares.
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/attributes.hpp>
#include <imsdp/lint.hpp>
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <memory>
#include <vector>

#include "capi/common.hpp"
#include "detail/json_reader.hpp"

using namespace imsdp;
using namespace imsdp::capi;

/// Diagnostics with the text their subjects view (lint keeps its own copy of the input).
struct imsdp_diagnostics {
  std::string text;
  std::vector<diagnostic> list;
};

namespace {

/// The section a C index names, or nullopt when out of range.
std::optional<sdp::section_view> section_of(imsdp_sdp const* s, std::size_t media) {
  if (s == nullptr) return std::nullopt;
  if (media == IMSDP_SESSION) return s->doc->session();
  if (media >= s->doc->media_count()) return std::nullopt;
  return s->doc->media(media);
}

std::optional<sdp::media_description> media_of(imsdp_sdp const* s, std::size_t media) {
  if (s == nullptr || media >= s->doc->media_count()) return std::nullopt;
  return s->doc->media(media);
}

/// A value of type T at the media level, else at the session level.
template <class T>
T const* inherited(imsdp_sdp const* s, std::size_t media) {
  auto const section = section_of(s, media);
  if (!section) return nullptr;
  if (auto const* v = section->find<T>()) return v;
  return media == IMSDP_SESSION ? nullptr : s->doc->session().find<T>();
}

/// The split configurations of a media description (a=dcsa-scoped to its control channels).
std::vector<aiml::split::configuration> splits_of(imsdp_sdp const* s, std::size_t media) {
  std::vector<aiml::split::configuration> out;
  if (s == nullptr || media >= s->doc->media_count()) return out;
  for (auto& set : aiml::split::configuration_sets(*s->doc))
    if (set.media_index == media)
      for (auto& c : set.configurations)
        out.push_back(std::move(c));
  return out;
}

void fill(imsdp_diagnostic* out, diagnostic const& d) noexcept {
  out->code = static_cast<int>(d.code);
  out->severity = static_cast<imsdp_severity>(d.severity);
  out->offset = d.where.offset;
  out->line = d.where.line;
  out->column = d.where.column;
  out->length = d.length;
  out->subject = view(d.subject);
  out->detail = view(d.detail);
}

int make(result<sdp::session_description> parsed, imsdp_sdp** out, imsdp_error* err) {
  if (!parsed) return fail(err, parsed.error());
  *out = new imsdp_sdp{std::make_shared<sdp::session_description const>(std::move(*parsed))};
  return IMSDP_OK;
}

}  // namespace

extern "C" {

int imsdp_sdp_parse(char const* text, std::size_t length, imsdp_parse_options const* options,
                    imsdp_sdp** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr || (text == nullptr && length != 0))
      return fail(err, errc::invalid_argument, "text");
    parse_options o;
    if (int const s = read_options(options, o, err); s != IMSDP_OK) return s;
    return make(sdp::parse(std::string_view(text, length), o), out, err);
  });
}

int imsdp_sdp_from_json(char const* json, std::size_t length, imsdp_parse_options const* options,
                        imsdp_sdp** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr || (json == nullptr && length != 0))
      return fail(err, errc::invalid_argument, "json");
    parse_options o;
    if (int const s = read_options(options, o, err); s != IMSDP_OK) return s;
    // Size, depth, duplicate keys; a syntax error with its line and column.
    auto const j = imsdp::detail::parse_strict(std::string_view(json, length),
                                               {o.limits.max_json_bytes, o.limits.max_json_depth});
    if (!j) return fail(err, j.error());
    return make(sdp::from_json(*j, o), out, err);
  });
}

void imsdp_sdp_free(imsdp_sdp* sdp) {
  delete sdp;
}

int imsdp_sdp_serialize(imsdp_sdp const* s, int form, char** out, std::size_t* length,
                        imsdp_error* err) {
  return guarded(err, [&] {
    if (s == nullptr) return fail(err, errc::invalid_argument, "sdp");
    if (form != IMSDP_SERIALIZE_EXACT && form != IMSDP_SERIALIZE_CANONICAL)
      return fail(err, errc::invalid_argument, "form");
    auto const text =
        form == IMSDP_SERIALIZE_EXACT ? sdp::serialize_exact(*s->doc) : sdp::serialize(*s->doc);
    return capi::give(text, out, length, err);
  });
}

int imsdp_sdp_to_json(imsdp_sdp const* s, char** out, std::size_t* length, imsdp_error* err) {
  return guarded(err, [&] {
    if (s == nullptr) return fail(err, errc::invalid_argument, "sdp");
    return capi::give(sdp::to_json(*s->doc).dump(), out, length, err);
  });
}

std::size_t imsdp_sdp_diagnostic_count(imsdp_sdp const* s) {
  return s == nullptr ? 0 : s->doc->diagnostics().size();
}

int imsdp_sdp_diagnostic(imsdp_sdp const* s, std::size_t index, imsdp_diagnostic* out) {
  if (s == nullptr || out == nullptr || index >= s->doc->diagnostics().size())
    return IMSDP_E_INVALID_ARGUMENT;
  fill(out, s->doc->diagnostics()[index]);
  return IMSDP_OK;
}

int imsdp_lint(char const* text, std::size_t length, imsdp_parse_options const* options,
               imsdp_diagnostics** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr || (text == nullptr && length != 0))
      return fail(err, errc::invalid_argument, "text");
    parse_options o;
    if (int const s = read_options(options, o, err); s != IMSDP_OK) return s;
    auto list = std::make_unique<imsdp_diagnostics>();
    list->text.assign(text, length);
    list->list = lint_all(list->text, o);
    *out = list.release();
    return IMSDP_OK;
  });
}

std::size_t imsdp_diagnostics_count(imsdp_diagnostics const* list) {
  return list == nullptr ? 0 : list->list.size();
}

int imsdp_diagnostics_get(imsdp_diagnostics const* list, std::size_t index, imsdp_diagnostic* out) {
  if (list == nullptr || out == nullptr || index >= list->list.size())
    return IMSDP_E_INVALID_ARGUMENT;
  fill(out, list->list[index]);
  return IMSDP_OK;
}

int imsdp_diagnostics_message(imsdp_diagnostics const* list, std::size_t index, char** out,
                              std::size_t* length) {
  return guarded(nullptr, [&] {
    if (list == nullptr || index >= list->list.size()) return IMSDP_E_INVALID_ARGUMENT;
    auto const& d = list->list[index];
    return capi::give(std::string(to_string(d.severity)) + ": " + d.message(), out, length,
                      nullptr);
  });
}

void imsdp_diagnostics_free(imsdp_diagnostics* list) {
  delete list;
}

std::size_t imsdp_sdp_media_count(imsdp_sdp const* s) {
  return s == nullptr ? 0 : s->doc->media_count();
}

imsdp_view imsdp_sdp_media_type(imsdp_sdp const* s, std::size_t media) {
  auto const m = media_of(s, media);
  return m ? view(m->media()) : imsdp_view{};
}

std::uint16_t imsdp_sdp_media_port(imsdp_sdp const* s, std::size_t media) {
  auto const m = media_of(s, media);
  return m ? m->port() : 0;
}

imsdp_view imsdp_sdp_media_proto(imsdp_sdp const* s, std::size_t media) {
  auto const m = media_of(s, media);
  return m ? view(m->proto()) : imsdp_view{};
}

std::size_t imsdp_sdp_format_count(imsdp_sdp const* s, std::size_t media) {
  auto const m = media_of(s, media);
  if (!m) return 0;
  std::size_t n = 0;
  for ([[maybe_unused]] auto f : m->formats())
    ++n;
  return n;
}

imsdp_view imsdp_sdp_format(imsdp_sdp const* s, std::size_t media, std::size_t index) {
  auto const m = media_of(s, media);
  if (!m) return {};
  std::size_t n = 0;
  for (auto f : m->formats())
    if (n++ == index) return view(f);
  return {};
}

int imsdp_sdp_rtpmap(imsdp_sdp const* s, std::size_t media, unsigned payload_type,
                     imsdp_rtpmap* out) {
  auto const section = section_of(s, media);
  if (!section || out == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  auto const* r = section->find<sdp::rtpmap>(payload_type);
  if (r == nullptr) return IMSDP_E_NOT_FOUND;
  *out = {r->payload_type, view(r->encoding_name), r->clock_rate, view(r->encoding_parameters)};
  return IMSDP_OK;
}

int imsdp_sdp_fmtp(imsdp_sdp const* s, std::size_t media, char const* format,
                   imsdp_view* parameters) {
  auto const section = section_of(s, media);
  if (!section || format == nullptr || parameters == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  auto const* f = section->find<sdp::fmtp>(std::string_view(format));
  if (f == nullptr) return IMSDP_E_NOT_FOUND;
  *parameters = view(f->parameters);
  return IMSDP_OK;
}

imsdp_direction imsdp_sdp_direction(imsdp_sdp const* s, std::size_t media) {
  auto const section = section_of(s, media);
  if (!section) return IMSDP_SENDRECV;
  auto d = section->direction();
  if (!d && media != IMSDP_SESSION) d = s->doc->session().direction();
  return static_cast<imsdp_direction>(d.value_or(sdp::media_direction::sendrecv));
}

int imsdp_sdp_mid(imsdp_sdp const* s, std::size_t media, imsdp_view* out) {
  auto const m = media_of(s, media);
  if (!m || out == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  auto const* mid = m->find<sdp::mid>();
  if (mid == nullptr) return IMSDP_E_NOT_FOUND;
  *out = view(mid->value);
  return IMSDP_OK;
}

int imsdp_sdp_ice(imsdp_sdp const* s, std::size_t media, imsdp_view* ufrag, imsdp_view* pwd) {
  if (!section_of(s, media) || ufrag == nullptr || pwd == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  auto const* u = inherited<sdp::ice_ufrag>(s, media);
  auto const* p = inherited<sdp::ice_pwd>(s, media);
  if (u == nullptr || p == nullptr) return IMSDP_E_NOT_FOUND;
  *ufrag = view(u->value);
  *pwd = view(p->value);
  return IMSDP_OK;
}

int imsdp_sdp_fingerprint(imsdp_sdp const* s, std::size_t media, imsdp_view* hash,
                          imsdp_view* value) {
  if (!section_of(s, media) || hash == nullptr || value == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  auto const* f = inherited<sdp::fingerprint>(s, media);
  if (f == nullptr) return IMSDP_E_NOT_FOUND;
  *hash = view(f->hash_function);
  *value = view(f->value);
  return IMSDP_OK;
}

std::size_t imsdp_sdp_attribute_count(imsdp_sdp const* s, std::size_t media) {
  auto const section = section_of(s, media);
  return section ? section->attributes().size() : 0;
}

int imsdp_sdp_attribute(imsdp_sdp const* s, std::size_t media, std::size_t index, imsdp_view* name,
                        imsdp_view* value, int* has_value) {
  auto const section = section_of(s, media);
  if (!section || name == nullptr || value == nullptr || has_value == nullptr)
    return IMSDP_E_INVALID_ARGUMENT;
  std::size_t n = 0;
  for (auto const& a : section->attributes()) {
    if (n++ != index) continue;
    *name = view(a.name);
    *has_value = a.has_value ? 1 : 0;
    *value = view(a.value);
    return IMSDP_OK;
  }
  return IMSDP_E_INVALID_ARGUMENT;
}

std::size_t imsdp_sdp_dc_channel_count(imsdp_sdp const* s, std::size_t media) {
  auto const m = media_of(s, media);
  return m ? m->all<datachannel::dcmap>().size() : 0;
}

int imsdp_sdp_dc_channel(imsdp_sdp const* s, std::size_t media, std::size_t index,
                         imsdp_dc_channel* out) {
  auto const m = media_of(s, media);
  if (!m || out == nullptr) return IMSDP_E_INVALID_ARGUMENT;
  std::size_t n = 0;
  auto const opt = [](std::optional<std::uint16_t> v) { return v ? std::int32_t{*v} : -1; };
  for (auto const& d : m->all<datachannel::dcmap>()) {
    if (n++ != index) continue;
    *out = {d.stream_id,
            view(d.label ? d.label->text : std::string_view()),
            view(d.subprotocol ? d.subprotocol->text : std::string_view()),
            d.is_ordered() ? 1 : 0,
            opt(d.max_retr),
            opt(d.max_time),
            opt(d.priority)};
    return IMSDP_OK;
  }
  return IMSDP_E_INVALID_ARGUMENT;
}

std::size_t imsdp_sdp_split_count(imsdp_sdp const* s, std::size_t media) {
  try {
    return splits_of(s, media).size();
  } catch (...) {  // out of memory: none can be read either
    return 0;
  }
}

int imsdp_sdp_split(imsdp_sdp const* s, std::size_t media, std::size_t index, unsigned* cfg_id,
                    char** value, std::size_t* length) {
  return guarded(nullptr, [&] {
    auto const list = splits_of(s, media);
    if (cfg_id == nullptr || index >= list.size()) return IMSDP_E_INVALID_ARGUMENT;
    *cfg_id = list[index].cfg_id;
    return capi::give(list[index].value(), value, length, nullptr);
  });
}

}  // extern "C"
