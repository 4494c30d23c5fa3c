// AI/ML split configurations: conversion from the attribute, canonical value, the answer
// function and the answer check (DESIGN.md section 5).
#include <algorithm>
#include <charconv>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/datachannel/view.hpp>

namespace imsdp::aiml::split {
namespace {

std::string decode(std::string_view quoted) {
  return datachannel::quoted_value{quoted}.decoded();
}

// Re-escape for a quoted-visible-string: '"', '%' and bytes outside %x20-7E (RFC 8864).
void append_quoted(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  out += '"';
  for (char ch : text) {
    auto const u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '%' || u < 0x20 || u > 0x7e) {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

bool contains(std::vector<std::string> const& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The parameter names the grammar knows; anything else is an extension.
constexpr std::string_view known_parameters[] = {"task",  "model", "part",  "idc", "fmt",
                                                 "cmp",   "ul",    "dl",    "lat", "acc",
                                                 "steps", "q",     "state", "fec"};

idata_channel const* find_idata(std::span<idata_channel const> idata,
                                std::optional<std::uint16_t> stream) {
  if (!stream) return nullptr;
  auto const it = std::find_if(idata.begin(), idata.end(),
                               [&](idata_channel const& c) { return c.stream_id == *stream; });
  return it == idata.end() ? nullptr : &*it;
}

}  // namespace

configuration configuration::from(aiml_split_3gpp const& a) {
  configuration c;
  c.cfg_id = a.cfg_id;
  c.placement = a.placement;
  c.task = decode(a.task);
  c.model = decode(a.model);
  c.part = a.part;
  c.idc = a.idc;
  c.fmt = a.fmt;
  if (!a.cmp.empty())
    for (auto p : a.compression_profiles())
      c.compression.emplace_back(p);
  c.ul_kbps = a.ul;
  c.dl_kbps = a.dl;
  c.latency_ms = a.lat;
  c.accuracy = a.acc;
  if (!a.steps.empty())
    for (auto s : a.step_list()) {
      unsigned id = 0;
      std::from_chars(s.data(), s.data() + s.size(), id);
      c.steps.push_back(static_cast<std::uint8_t>(id));
    }
  c.q = a.q;
  c.state = a.state;
  c.fec = a.fec;
  if (!a.parameters.empty())
    for_each_parameter(a.parameters, [&](std::string_view p) {
      auto const eq = p.find('=');
      auto const name = p.substr(0, eq);
      if (std::find(std::begin(known_parameters), std::end(known_parameters), name) ==
          std::end(known_parameters))
        c.extensions.emplace_back(name, p.substr(eq + 1));
    });
  return c;
}

std::string configuration::value() const {
  std::string out;
  imsdp::detail::append_number(out, unsigned{cfg_id});
  out += ' ';
  out += to_string(placement);
  char separator = ' ';
  auto const name = [&](std::string_view n) {
    out += separator;
    separator = ';';
    out += n;
    out += '=';
  };
  if (!task.empty()) {
    name("task");
    append_quoted(out, task);
  }
  if (!model.empty()) {
    name("model");
    append_quoted(out, model);
  }
  if (!part.empty()) {
    name("part");
    out += part;
  }
  if (idc) {
    name("idc");
    imsdp::detail::append_number(out, unsigned{*idc});
  }
  if (!fmt.empty()) {
    name("fmt");
    out += fmt;
  }
  if (!compression.empty()) {
    name("cmp");
    for (std::size_t i = 0; i < compression.size(); ++i) {
      if (i > 0) out += ',';
      out += compression[i];
    }
  }
  auto const number = [&](std::string_view n, auto const& v) {
    if (!v) return;
    name(n);
    imsdp::detail::append_number(out, unsigned{*v});
  };
  number("ul", ul_kbps);
  number("dl", dl_kbps);
  number("lat", latency_ms);
  number("acc", accuracy);
  if (!steps.empty()) {
    name("steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (i > 0) out += ',';
      imsdp::detail::append_number(out, unsigned{steps[i]});
    }
  }
  if (!q.empty()) {
    name("q");
    out += q;
  }
  if (!state.empty()) {
    name("state");
    out += state;
  }
  number("fec", fec);
  for (auto const& [n, v] : extensions) {
    name(n);
    out += v;
  }
  return out;
}

std::vector<configuration_set> configuration_sets(sdp::session_description const& doc) {
  std::vector<configuration_set> sets;
  for (auto const& a : datachannel::associations(doc)) {
    for (auto const& c : a.channels) {
      configuration_set set;
      set.media_index = a.media_index;
      set.control_stream = c.stream_id();
      for (auto const* s : c.scoped)
        if (auto const* cfg = s->get<aiml_split_3gpp>())
          set.configurations.push_back(configuration::from(*cfg));
      if (!set.configurations.empty()) sets.push_back(std::move(set));
    }
  }
  return sets;
}

answer_result answer(std::span<configuration const> offered, capabilities const& local,
                     std::span<idata_channel const> idata) {
  answer_result result;
  auto const refuse = [&](configuration const& c, std::string why) {
    result.decisions.push_back({c.cfg_id, false, std::move(why)});
  };
  // Rules 1-3 for ue, nw and split; seq configurations are decided once their steps are.
  std::vector<configuration> kept;
  std::vector<std::uint8_t> seen;
  for (auto const& offer : offered) {
    if (std::find(seen.begin(), seen.end(), offer.cfg_id) != seen.end()) {
      refuse(offer, "cfg-id offered twice");
      continue;
    }
    seen.push_back(offer.cfg_id);
    if (offer.placement == placement::seq) {
      result.decisions.push_back({offer.cfg_id, true, "sequence: decided by its steps"});
      kept.push_back(offer);
      continue;
    }
    if (std::find(local.placements.begin(), local.placements.end(), offer.placement) ==
        local.placements.end()) {
      refuse(offer, "placement " + std::string(to_string(offer.placement)) + " not supported");
      continue;
    }
    if (!offer.task.empty() && !contains(local.tasks, offer.task)) {
      refuse(offer, "task " + offer.task + " not supported");
      continue;
    }
    if (!offer.model.empty() && !local.models.empty() && !contains(local.models, offer.model)) {
      refuse(offer, "model " + offer.model + " not available");
      continue;
    }
    if (!offer.part.empty() && !local.partitions.empty() &&
        !contains(local.partitions, offer.part)) {
      refuse(offer, "partition " + offer.part + " not supported");
      continue;
    }
    if (!offer.fmt.empty() && !contains(local.formats, offer.fmt)) {
      refuse(offer, "format " + offer.fmt + " not supported");
      continue;
    }
    auto const* channel = find_idata(idata, offer.idc);
    if (offer.placement == placement::split && channel == nullptr) {
      refuse(offer, "its idc channel is not accepted as 3gpp-aiml-idata");
      continue;
    }
    if (!offer.state.empty() && !contains(local.states, offer.state)) {
      refuse(offer, "state=" + offer.state + " not supported");
      continue;
    }
    if (offer.state == "reliable" && channel != nullptr && !channel->reliable) {
      refuse(offer, "state=reliable needs an ordered, reliable idc channel");
      continue;
    }
    configuration a = offer;
    std::string how = "accepted";
    if (a.fec && !local.parity) {
      a.fec.reset();
      how += ", fec dropped (no parity fragments here)";
    }
    // Narrow, never widen: cmp to the profiles both support, in the offer's order.
    if (!offer.compression.empty()) {
      a.compression.clear();
      for (auto const& p : offer.compression)
        if (contains(local.compression, p)) a.compression.push_back(p);
      if (a.compression.empty()) {
        refuse(offer, "no common compression profile");
        continue;
      }
      if (a.compression.size() != offer.compression.size()) how += ", cmp narrowed";
    }
    auto const lower = [&](std::optional<std::uint32_t>& v, std::optional<std::uint32_t> limit,
                           char const* what) {
      if (limit && v && *v > *limit) {
        v = limit;
        how += std::string(", ") + what + " lowered";
      }
    };
    lower(a.ul_kbps, local.max_ul_kbps, "ul");
    lower(a.dl_kbps, local.max_dl_kbps, "dl");
    if (local.min_latency_ms && a.latency_ms && *a.latency_ms < *local.min_latency_ms) {
      a.latency_ms = local.min_latency_ms;
      how += ", lat raised";
    }
    result.decisions.push_back({offer.cfg_id, true, std::move(how)});
    kept.push_back(std::move(a));
  }
  // Rule 3: a seq is accepted only if every step is (steps never name a seq's own id).
  for (std::size_t i = 0; i < kept.size(); ++i) {
    auto const& c = kept[i];
    if (c.placement != placement::seq) continue;
    bool complete = !c.steps.empty();
    for (auto step : c.steps) {
      complete = complete && step != c.cfg_id &&
                 std::any_of(kept.begin(), kept.end(), [step](configuration const& k) {
                   return k.cfg_id == step && k.placement != placement::seq;
                 });
    }
    for (auto& d : result.decisions) {
      if (d.cfg_id == c.cfg_id && d.accepted && d.reason.starts_with("sequence")) {
        d.accepted = complete;
        d.reason = complete ? "accepted: every step is accepted" : "a step is not accepted";
      }
    }
  }
  for (auto& c : kept) {
    bool const ok =
        std::any_of(result.decisions.begin(), result.decisions.end(),
                    [&](decision const& d) { return d.cfg_id == c.cfg_id && d.accepted; });
    if (ok) result.accepted.push_back(std::move(c));
  }
  return result;
}

std::vector<error> check_answer(std::span<configuration const> offered,
                                std::span<configuration const> answered,
                                std::span<idata_channel const> idata) {
  std::vector<error> errors;
  auto const fail = [&](errc code, configuration const& c, char const* rule, std::string why) {
    errors.push_back(make_error(code, rule, "cfg-id " + std::to_string(c.cfg_id) + ": " + why));
  };
  for (std::size_t i = 0; i < answered.size(); ++i) {
    auto const& a = answered[i];
    for (std::size_t j = 0; j < i; ++j)
      if (answered[j].cfg_id == a.cfg_id)
        fail(errc::split_duplicate_cfg_id, a, "cfg-id", "repeated");
    auto const o = std::find_if(offered.begin(), offered.end(),
                                [&](configuration const& c) { return c.cfg_id == a.cfg_id; });
    if (o == offered.end()) {
      fail(errc::split_answer_added, a, "cfg-id", "not in the offer");
      continue;
    }
    // Rule 2: same placement and identity; narrowing only.
    if (a.placement != o->placement) fail(errc::split_answer_changed, a, "placement", "changed");
    if (a.task != o->task) fail(errc::split_answer_changed, a, "task", "changed");
    if (a.model != o->model) fail(errc::split_answer_changed, a, "model", "changed");
    if (a.part != o->part) fail(errc::split_answer_changed, a, "part", "changed");
    if (a.idc != o->idc) fail(errc::split_answer_changed, a, "idc", "changed");
    if (a.fmt != o->fmt) fail(errc::split_answer_changed, a, "fmt", "changed");
    if (a.steps != o->steps) fail(errc::split_answer_changed, a, "steps", "changed");
    if (a.state != o->state) fail(errc::split_answer_changed, a, "state", "changed");
    if (a.fec && a.fec != o->fec)
      fail(errc::split_answer_changed, a, "fec", o->fec ? "changed" : "not in the offer");
    auto const widened = [&](std::optional<std::uint32_t> answer_value,
                             std::optional<std::uint32_t> offer_value, char const* rule) {
      if (answer_value && offer_value && *answer_value > *offer_value)
        fail(errc::split_answer_widened, a, rule, "raised above the offer");
    };
    widened(a.ul_kbps, o->ul_kbps, "ul");
    widened(a.dl_kbps, o->dl_kbps, "dl");
    if (a.latency_ms && o->latency_ms && *a.latency_ms < *o->latency_ms)
      fail(errc::split_answer_widened, a, "lat", "lowered below the offer");
    for (auto const& p : a.compression)
      if (!contains(o->compression, p))
        fail(errc::split_answer_widened, a, "cmp", "profile " + p + " not offered");
    // Rule 3.
    auto const* channel = find_idata(idata, a.idc);
    if (a.placement == placement::split && channel == nullptr)
      fail(errc::split_answer_idc, a, "idc", "its channel is not accepted as 3gpp-aiml-idata");
    if (a.state == "reliable" && channel != nullptr && !channel->reliable)
      fail(errc::split_answer_idc, a, "state", "state=reliable on a channel that may lose");
    if (a.placement == placement::seq)
      for (auto step : a.steps)
        if (std::none_of(answered.begin(), answered.end(),
                         [step](configuration const& c) { return c.cfg_id == step; }))
          fail(errc::split_answer_incomplete, a, "steps",
               "step " + std::to_string(step) + " not accepted");
  }
  return errors;
}

}  // namespace imsdp::aiml::split
