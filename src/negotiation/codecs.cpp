// Codec matching: static payload types, AMR/AMR-WB, EVS and H.264 parameter rules.
#include "negotiation/codecs.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <charconv>
#include <imsdp/detail/append.hpp>
#include <imsdp/detail/split.hpp>
#include <imsdp/sdp/attributes/rtp.hpp>
#include <limits>

#include "detail/ascii.hpp"

namespace imsdp::negotiation::detail {

using imsdp::detail::iequals;

namespace {

// RFC 3551 section 6, table 4 and 5.
struct static_payload {
  unsigned payload_type;
  std::string_view name;
  std::uint32_t clock_rate;
  std::uint32_t channels;
};
constexpr static_payload static_payloads[] = {
    {0, "PCMU", 8000, 1},   {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1},  {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
    {10, "L16", 44100, 2},  {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
    {14, "MPA", 90000, 1},  {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1},  {25, "CelB", 90000, 1}, {26, "JPEG", 90000, 1}, {28, "nv", 90000, 1},
    {31, "H261", 90000, 1}, {32, "MPV", 90000, 1},  {33, "MP2T", 90000, 1}, {34, "H263", 90000, 1},
};

template <class T>
std::optional<T> number(std::string_view text) {
  T value{};
  auto const r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (r.ec != std::errc{} || r.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string_view> parameter(std::optional<std::string_view> parameters,
                                          std::string_view name) {
  if (!parameters) return std::nullopt;
  for (auto part : imsdp::detail::split(*parameters, ';')) {
    auto const p = sdp::split_parameter(part);
    if (iequals(p.name, name)) return p.value;
  }
  return std::nullopt;
}

// The parameters with `name` set to `value` (replaced in place, or appended).
std::string with_parameter(std::optional<std::string_view> parameters, std::string_view name,
                           std::string_view value) {
  std::string out;
  bool replaced = false;
  auto const add = [&](std::string_view n, std::string_view v) {
    if (!out.empty()) out += ';';
    out += n;
    if (!v.empty()) {
      out += '=';
      out += v;
    }
  };
  if (parameters)
    for (auto part : imsdp::detail::split(*parameters, ';')) {
      auto const p = sdp::split_parameter(part);
      if (p.name.empty()) continue;
      if (iequals(p.name, name)) {
        add(name, value);
        replaced = true;
      } else {
        add(p.name, p.value);
      }
    }
  if (!replaced) add(name, value);
  return out;
}

// The parameters without those `drop` names, names renamed by `rename`.
template <class Drop, class Rename>
std::string rewritten(std::optional<std::string_view> parameters, Drop drop, Rename rename) {
  std::string out;
  if (parameters)
    for (auto part : imsdp::detail::split(*parameters, ';')) {
      auto const p = sdp::split_parameter(part);
      if (p.name.empty() || drop(p.name)) continue;
      if (!out.empty()) out += ';';
      out += rename(p.name);
      if (!p.value.empty()) {
        out += '=';
        out += p.value;
      }
    }
  return out;
}

// A set of modes (bit m: mode m, m < 10) as a mode-set value: "0,2,4".
std::string joined(unsigned modes) {
  std::string out;
  for (unsigned m = 0; modes >> m != 0; ++m)
    if ((modes >> m & 1u) != 0) {
      if (!out.empty()) out += ',';
      out += static_cast<char>('0' + m);
    }
  return out;
}

codec_match refuse(std::string why) {
  return {false, std::nullopt, std::move(why)};
}

std::optional<std::string> offered_fmtp(offered_format const& f) {
  if (!f.parameters) return std::nullopt;
  return std::string(*f.parameters);
}

// The AMR parameters the answer depends on (RFC 4867 section 8.1), read in one pass over
// the fmtp; the first occurrence of a name counts, as parameter() reads it.
struct amr_parameters {
  std::optional<std::string_view> octet_align;
  std::optional<std::string_view> robust_sorting;
  std::optional<std::string_view> interleaving;
  std::optional<std::string_view> mode_set;
};

amr_parameters amr_parameters_of(std::optional<std::string_view> parameters) {
  amr_parameters a;
  if (!parameters) return a;
  for (auto part : imsdp::detail::split(*parameters, ';')) {
    auto const p = sdp::split_parameter(part);
    auto* const slot = iequals(p.name, "octet-align")      ? &a.octet_align
                       : iequals(p.name, "robust-sorting") ? &a.robust_sorting
                       : iequals(p.name, "interleaving")   ? &a.interleaving
                       : iequals(p.name, "mode-set")       ? &a.mode_set
                                                           : nullptr;
    if (slot != nullptr && !*slot) *slot = p.value;
  }
  return a;
}

// RFC 4867 section 8.3.1: octet-align must match; robust sorting and interleaving are not
// supported; the answer's mode-set is the intersection of both sides.
codec_match match_amr(offered_format const& f, codec const& local, unsigned modes,
                      match_detail detail) {
  auto const p = amr_parameters_of(f.parameters);
  bool const octet_aligned = p.octet_align == std::string_view("1");
  if (local.octet_align && *local.octet_align != octet_aligned)
    return refuse(octet_aligned ? "octet-aligned mode not supported"
                                : "bandwidth-efficient mode not supported");
  if (p.robust_sorting == std::string_view("1") || p.interleaving)
    return refuse("robust sorting and interleaving are not supported");
  // Modes as bit sets: AMR has modes 0 to 7, AMR-WB 0 to 8.
  unsigned offered = 0;
  if (p.mode_set) {
    for (auto m : imsdp::detail::split(*p.mode_set, ','))
      if (auto v = number<unsigned>(m); v && *v < modes) offered |= 1u << *v;
  } else {
    offered = (1u << modes) - 1;
  }
  unsigned supported = 0;
  for (auto m : local.mode_set)
    if (m < modes) supported |= 1u << m;
  unsigned const common = local.mode_set.empty() ? offered : offered & supported;
  if (common == 0) return refuse("no common mode in mode-set");
  if (detail == match_detail::verdict) return {true, std::nullopt, {}};
  codec_match r{true, offered_fmtp(f), "accepted"};
  if (p.mode_set || common != offered) {
    r.fmtp = with_parameter(f.parameters, "mode-set", joined(common));
    if (common != offered) r.reason += ", mode-set narrowed to " + joined(common);
  }
  return r;
}

// A range of ordered values, "lo-hi" or a single value, as the texts of its ends.
struct range {
  std::string_view low;
  std::string_view high;
};

range parse_range(std::string_view text) {
  auto const dash = text.find('-');
  if (dash == std::string_view::npos) return {text, text};
  return {text.substr(0, dash), text.substr(dash + 1)};
}

// The intersection of two ranges under an order given by `rank`; nullopt when empty.
template <class Rank>
std::optional<range> intersect(range a, range b, Rank rank) {
  auto const la = rank(a.low), ha = rank(a.high), lb = rank(b.low), hb = rank(b.high);
  if (!la || !ha || !lb || !hb) return std::nullopt;
  range r{*la >= *lb ? a.low : b.low, *ha <= *hb ? a.high : b.high};
  if (*rank(r.low) > *rank(r.high)) return std::nullopt;
  return r;
}

std::string render(range r) {
  std::string out(r.low);
  if (r.high != r.low) {
    out += '-';
    out += r.high;
  }
  return out;
}

std::optional<double> bitrate_rank(std::string_view v) {
  return number<double>(v);
}

std::optional<double> bandwidth_rank(std::string_view v) {
  constexpr std::string_view order[] = {"nb", "wb", "swb", "fb"};
  for (std::size_t i = 0; i < std::size(order); ++i)
    if (iequals(order[i], v)) return static_cast<double>(i);
  return std::nullopt;
}

// TS 26.445 annex A.3: br and bw ranges are intersected. br-send, br-recv, bw-send and
// bw-recv are stated from the SDP author's side (annex A.3.2), so the answer swaps them:
// what the offerer sends is what the answerer receives. Where the offer uses only the
// directional forms, those are narrowed and no br or bw is added beside them.
codec_match match_evs(offered_format const& f, codec const& local) {
  codec_match r{true, offered_fmtp(f), "accepted"};
  auto const swap = [](std::string_view name) -> std::string_view {
    for (auto const& [a, b] : {std::pair<std::string_view, std::string_view>{"br-send", "br-recv"},
                               {"bw-send", "bw-recv"}}) {
      if (iequals(name, a)) return b;
      if (iequals(name, b)) return a;
    }
    return name;
  };
  std::string parameters = rewritten(
      f.parameters, [](std::string_view) { return false; }, swap);
  bool changed = parameters != f.parameters.value_or("");
  auto const narrow = [&](std::string_view name, std::string const& mine, auto rank,
                          std::string_view all) -> bool {
    auto const theirs = parameter(parameters, name);
    if (mine.empty()) return true;
    auto const common = intersect(parse_range(theirs.value_or(all)), parse_range(mine), rank);
    if (!common) return false;
    auto const text = render(*common);  // before `parameters`, which it may view, changes
    parameters = with_parameter(parameters, name, text);
    changed = true;
    r.reason += ", " + std::string(name) + "=" + text;
    return true;
  };
  // The names to narrow for one quantity: the plain one, or the directional ones given.
  auto const names = [&](std::string_view plain) {
    std::vector<std::string> out;
    auto const send = std::string(plain) + "-send";
    auto const recv = std::string(plain) + "-recv";
    if (parameter(parameters, plain) ||
        (!parameter(parameters, send) && !parameter(parameters, recv)))
      out.emplace_back(plain);
    for (auto const& n : {send, recv})
      if (parameter(parameters, n)) out.push_back(n);
    return out;
  };
  for (auto const& name : names("br"))
    if (!narrow(name, local.bitrates, bitrate_rank, "5.9-128"))
      return refuse("no common bit rate (" + name + ")");
  for (auto const& name : names("bw"))
    if (!narrow(name, local.bandwidths, bandwidth_rank, "nb-fb"))
      return refuse("no common audio bandwidth (" + name + ")");
  if (changed) r.fmtp = parameters;
  return r;
}

// RFC 6184 section 8.1: profile_idc, profile-iop and level_idc as hex.
std::string_view h264_profile(unsigned idc, unsigned iop) {
  switch (idc) {
    case 0x42:
      return (iop & 0x40) != 0 ? "constrained-baseline" : "baseline";
    case 0x4d:
      return "main";
    case 0x58:
      return "extended";
    case 0x64:
      return "high";
    default:
      return "";
  }
}

// RFC 6184 section 8.2.2: packetization-mode must be supported, the profile too (a
// constrained-baseline stream decodes as baseline, main or high); the level may be
// lowered to the local maximum.
codec_match match_h264(offered_format const& f, codec const& local, match_detail detail) {
  auto const mode = parameter(f.parameters, "packetization-mode").value_or("0");
  auto const mode_value = number<unsigned>(mode);
  if (!mode_value || std::find(local.packetization_modes.begin(), local.packetization_modes.end(),
                               *mode_value) == local.packetization_modes.end())
    return refuse("packetization-mode " + std::string(mode) + " not supported");
  auto const pli = parameter(f.parameters, "profile-level-id").value_or("420010");
  unsigned value = 0;
  auto const parsed = std::from_chars(pli.data(), pli.data() + pli.size(), value, 16);
  if (pli.size() != 6 || parsed.ec != std::errc{} || parsed.ptr != pli.data() + pli.size())
    return refuse("malformed profile-level-id " + std::string(pli));
  unsigned const idc = value >> 16;
  unsigned const iop = (value >> 8) & 0xff;
  unsigned const level = value & 0xff;
  auto const profile = h264_profile(idc, iop);
  if (!local.profiles.empty()) {
    auto const supports = [&](std::string_view p) {
      return std::find(local.profiles.begin(), local.profiles.end(), p) != local.profiles.end();
    };
    bool const ok =
        supports(profile) || (profile == "constrained-baseline" &&
                              (supports("baseline") || supports("main") || supports("high")));
    if (profile.empty() || !ok)
      return refuse("profile " +
                    (profile.empty() ? std::string(pli.substr(0, 4)) : std::string(profile)) +
                    " not supported");
  }
  if (detail == match_detail::verdict) return {true, std::nullopt, {}};
  // Sections 8.1 and 8.2.2: sprop-* describe the sender's own parameter sets and max-*
  // the receiver's limits, so the answer states ours (the local fmtp's), never the
  // offerer's.
  auto const theirs = [](std::string_view name) {
    return name.starts_with("sprop-") || name.starts_with("max-");
  };
  auto const same = [](std::string_view name) { return name; };
  std::string parameters = rewritten(f.parameters, theirs, same);
  auto const ours = rewritten(
      local.fmtp, [&](std::string_view name) { return !name.starts_with("max-"); }, same);
  if (!ours.empty()) parameters += (parameters.empty() ? "" : ";") + ours;
  codec_match r{true, parameters, "accepted"};
  if (local.max_level && level > *local.max_level) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string lowered(pli.substr(0, 4));
    lowered += hex[(*local.max_level >> 4) & 15];
    lowered += hex[*local.max_level & 15];
    r.fmtp = with_parameter(parameters, "profile-level-id", lowered);
    r.reason += ", level lowered to " + std::to_string(*local.max_level);
  }
  if (!f.parameters && parameters.empty()) r.fmtp.reset();
  return r;
}

}  // namespace

bool is_helper(std::string_view encoding_name) noexcept {
  static constexpr std::string_view helpers[] = {"telephone-event", "rtx",     "red",
                                                 "ulpfec",          "flexfec", "CN"};
  return std::any_of(std::begin(helpers), std::end(helpers),
                     [&](std::string_view name) { return iequals(encoding_name, name); });
}

void append_encoding(std::string& out, std::string_view name, std::uint32_t clock_rate,
                     std::uint32_t channels) {
  out += name;
  out += '/';
  imsdp::detail::append_number(out, clock_rate);
  if (channels > 1) {
    out += '/';
    imsdp::detail::append_number(out, channels);
  }
}

std::string offered_format::label() const {
  std::string out;
  out.reserve(encoding_name.size() + payload_type.size() + 32);  // one allocation
  append_encoding(out, encoding_name, clock_rate, channels);
  out += " (pt ";
  out += payload_type;
  out += ')';
  return out;
}

namespace {

// An offered format from its rtpmap (else the static table) and fmtp parameters.
std::optional<offered_format> make_format(std::string_view payload_type, unsigned pt,
                                          sdp::rtpmap const* map,
                                          std::optional<std::string_view> parameters) {
  offered_format f;
  f.payload_type = payload_type;
  f.number = static_cast<std::uint8_t>(pt);
  if (map != nullptr) {
    f.encoding_name = map->encoding_name;
    f.clock_rate = map->clock_rate;
    f.encoding_parameters = map->encoding_parameters;
    if (!map->encoding_parameters.empty())
      f.channels = number<std::uint32_t>(map->encoding_parameters).value_or(1);
  } else {
    auto const s = std::find_if(std::begin(static_payloads), std::end(static_payloads),
                                [&](static_payload const& p) { return p.payload_type == pt; });
    if (s == std::end(static_payloads)) return std::nullopt;
    f.encoding_name = s->name;
    f.clock_rate = s->clock_rate;
    f.channels = s->channels;
  }
  f.parameters = parameters;
  return f;
}

}  // namespace

std::optional<offered_format> encoding_of(sdp::media_description const& m,
                                          std::string_view payload_type) {
  auto const pt = number<unsigned>(payload_type);
  if (!pt || *pt > 127) return std::nullopt;
  return make_format(payload_type, *pt, m.find<sdp::rtpmap>(*pt), std::nullopt);
}

format_resolver::format_resolver(sdp::media_description const& m) : m_(m) {
  for (auto const& a : m.attributes()) {
    if (auto const* r = a.get<sdp::rtpmap>()) {
      if (r->payload_type < maps_.size() && maps_[r->payload_type] == nullptr)
        maps_[r->payload_type] = r;
    } else if (auto const* f = a.get<sdp::fmtp>()) {
      if (auto const pt = number<unsigned>(f->format); pt && *pt < fmtps_.size() && !fmtps_[*pt])
        fmtps_[*pt] = f;
    }
  }
}

std::optional<offered_format> format_resolver::resolve(std::string_view payload_type) const {
  auto const pt = number<unsigned>(payload_type);
  if (!pt || *pt > 127) return std::nullopt;
  auto const* params = fmtps_[*pt];
  // The fmtp is found by the format as written: "000" and "0" differ (lenient input).
  if (params != nullptr && params->format != payload_type)
    params = m_.find<sdp::fmtp>(payload_type);
  return make_format(
      payload_type, *pt, maps_[*pt],
      params != nullptr ? std::optional<std::string_view>(params->parameters) : std::nullopt);
}

std::vector<offered_format> resolve_all(sdp::media_description const& m) {
  format_resolver const formats(m);
  std::vector<offered_format> out;
  out.reserve(m.formats().size());  // at most limits::max_formats
  // A payload type listed twice under lenient ("0" and "000", found by the negotiation
  // fuzzer) is one format: an answer maps each payload type once (RFC 8866 6.6).
  std::bitset<128> seen;
  for (auto const payload_type : m.formats())
    if (auto f = formats.resolve(payload_type); f && !seen.test(f->number)) {
      seen.set(f->number);
      out.push_back(*f);
    }
  return out;
}

bool same_encoding(offered_format const& a, offered_format const& b) noexcept {
  return iequals(a.encoding_name, b.encoding_name) && a.clock_rate == b.clock_rate &&
         a.channels == b.channels;
}

codec exact_codec(offered_format const& f) {
  codec c;
  c.name = std::string(f.encoding_name);
  c.clock_rate = f.clock_rate;
  c.channels = f.channels;
  if (iequals(f.encoding_name, "AMR") || iequals(f.encoding_name, "AMR-WB")) {
    c.octet_align = parameter(f.parameters, "octet-align") == std::string_view("1");
  } else if (iequals(f.encoding_name, "H264")) {
    auto const mode = number<unsigned>(parameter(f.parameters, "packetization-mode").value_or("0"));
    c.packetization_modes = {mode.value_or(0)};
    auto const pli = parameter(f.parameters, "profile-level-id").value_or("420010");
    unsigned value = 0;
    auto const parsed = std::from_chars(pli.data(), pli.data() + pli.size(), value, 16);
    if (pli.size() == 6 && parsed.ec == std::errc{} && parsed.ptr == pli.data() + pli.size())
      if (auto const profile = h264_profile(value >> 16, (value >> 8) & 0xff); !profile.empty())
        c.profiles = {std::string(profile)};
  }
  return c;
}

codec_match match(offered_format const& f, codec const& local, match_detail detail) {
  if (!iequals(f.encoding_name, local.name)) return refuse("other codec");
  if (local.clock_rate != 0 && local.clock_rate != f.clock_rate)
    return refuse("clock rate " + std::to_string(f.clock_rate) + " not supported");
  if (local.channels != 0 && local.channels != f.channels)
    return refuse(std::to_string(f.channels) + " channels not supported");
  if (iequals(f.encoding_name, "AMR")) return match_amr(f, local, 8, detail);
  if (iequals(f.encoding_name, "AMR-WB")) return match_amr(f, local, 9, detail);
  // EVS: the verdict is the intersection of the ranges, which builds the answer's fmtp.
  if (iequals(f.encoding_name, "EVS")) return match_evs(f, local);
  if (iequals(f.encoding_name, "H264")) return match_h264(f, local, detail);
  if (detail == match_detail::verdict) return {true, std::nullopt, {}};
  codec_match r{true, offered_fmtp(f), "accepted"};
  if (!local.fmtp.empty()) r.fmtp = local.fmtp;
  return r;
}

}  // namespace imsdp::negotiation::detail
