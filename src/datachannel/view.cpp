// The data-channel view and its validation rules (RFC 8841, RFC 8864, TS 26.114 clause
// 6.2.10, TS 24.186; AI/ML split rules of DESIGN.md section 5).
#include <algorithm>
#include <imsdp/aiml/split/attribute.hpp>
#include <imsdp/datachannel/view.hpp>
#include <map>

namespace imsdp::datachannel {

channel const* association::find(std::uint16_t stream_id) const noexcept {
  for (auto const& c : channels)
    if (c.stream_id() == stream_id) return &c;
  return nullptr;
}

bool is_datachannel(sdp::media_description const& m) noexcept {
  auto const proto = m.proto();
  return m.media() == "application" &&
         (proto == "UDP/DTLS/SCTP" || proto == "TCP/DTLS/SCTP" || proto == "DTLS/SCTP");
}

association view(sdp::session_description const& doc, std::size_t media_index) {
  association a;
  a.media_index = media_index;
  auto const m = doc.media(media_index);
  a.legacy = m.proto() == "DTLS/SCTP";
  for (auto const& f : m.fields()) {
    auto const* attr = f.as_attribute();
    if (attr == nullptr) continue;
    if (auto const* port = attr->get<sctp_port>()) {
      a.sctp_port = port->port;
      a.sctp_port_given = true;
    } else if (auto const* size = attr->get<max_message_size>()) {
      a.max_message_size = size->bytes;
      a.max_message_size_given = true;
    } else if (auto const* map = attr->get<sctpmap>()) {
      a.sctp_port = map->port;
      a.sctp_port_given = true;
      a.legacy = true;
    } else if (auto const* channel_map = attr->get<dcmap>()) {
      a.channels.push_back(channel{channel_map, &f, {}, kind_of(channel_map->stream_id)});
    }
  }
  // Scoped attributes go to the first channel with their stream id (validate() reports
  // duplicates and dcsa lines without a channel).
  for (auto const& s : m.all<dcsa>()) {
    for (auto& c : a.channels) {
      if (c.stream_id() == s.stream_id) {
        c.scoped.push_back(&s);
        break;
      }
    }
  }
  return a;
}

std::vector<association> associations(sdp::session_description const& doc) {
  std::vector<association> out;
  for (std::size_t i = 0; i < doc.media_count(); ++i)
    if (is_datachannel(doc.media(i))) out.push_back(view(doc, i));
  return out;
}

namespace {

class checker {
 public:
  explicit checker(sdp::session_description const& doc) : doc_(doc) {}

  std::vector<diagnostic> run() {
    for (std::size_t i = 0; i < doc_.media_count(); ++i) {
      auto const m = doc_.media(i);
      if (is_datachannel(m)) {
        check_transport(m);
        check_association(view(doc_, i));
      } else {
        check_stray_attributes(m);
      }
    }
    check_bundled_stream_ids();
    return std::move(out_);
  }

 private:
  void report(errc code, severity s, sdp::field const& line, std::string_view part,
              std::string_view subject) {
    out_.push_back(diagnostic{
        code, s, line.position_of(part), static_cast<std::uint32_t>(part.size()), subject, {}});
  }

  // The view of the value of an attribute line (for positions).
  static std::string_view value_of(sdp::field const& f) { return f.as_attribute()->value; }

  // TS 26.114 clause 6.2.10: "m=application <port> UDP/DTLS/SCTP webrtc-datachannel".
  void check_transport(sdp::media_description const& m) {
    auto const& line = m.fields().front();
    auto const& mf = m.m();
    if (mf.proto == "DTLS/SCTP") {
      report(errc::dc_legacy_form, severity::warning, line, mf.proto, "proto");
      return;
    }
    if (mf.formats != "webrtc-datachannel")
      report(errc::dc_transport, severity::error, line, mf.formats.empty() ? mf.proto : mf.formats,
             "fmt");
    if (mf.proto == "TCP/DTLS/SCTP")
      report(errc::dc_transport, severity::note, line, mf.proto, "proto");
  }

  // Data-channel attributes on an m-line that is not a data channel.
  void check_stray_attributes(sdp::media_description const& m) {
    for (auto const& f : m.fields()) {
      auto const* a = f.as_attribute();
      if (a == nullptr) continue;
      if (a->get<dcmap>() || a->get<dcsa>() || a->get<sctp_port>() || a->get<max_message_size>() ||
          a->get<sctpmap>())
        report(errc::dc_not_a_datachannel, severity::error, f, a->name, "attribute-name");
    }
  }

  void check_association(association const& a) {
    auto const m = doc_.media(a.media_index);
    // RFC 8864 section 5.1: one dcmap per stream id.
    for (std::size_t i = 0; i < a.channels.size(); ++i) {
      auto const& c = a.channels[i];
      for (std::size_t j = 0; j < i; ++j) {
        if (a.channels[j].stream_id() == c.stream_id()) {
          report(errc::dc_duplicate_stream_id, severity::error, *c.line, stream_id_text(*c.line),
                 "dcmap-stream-id");
          break;
        }
      }
      // TS 24.186: bootstrap channels carry the "http" subprotocol.
      if (c.kind == channel_kind::bootstrap && c.subprotocol() != "http")
        report(errc::dc_bootstrap, severity::error, *c.line, value_of(*c.line), "subprotocol");
      if (c.kind == channel_kind::other)
        report(errc::dc_stream_plan, severity::warning, *c.line, stream_id_text(*c.line),
               "dcmap-stream-id");
    }
    // RFC 8864 section 5.2: a dcsa refers to a channel of its m-section.
    for (auto it = m.all<dcsa>().begin(); it != m.all<dcsa>().end(); ++it) {
      if (a.find(it->stream_id) == nullptr)
        report(errc::dc_dcsa_without_dcmap, severity::error, it.line(), stream_id_text(it.line()),
               "dcmap-stream-id");
    }
    // TS 24.186: 3gpp-req-app binds a channel; 3gpp-bdc-used-by belongs to remote bootstrap.
    for (auto it = m.all<req_app_3gpp>().begin(); it != m.all<req_app_3gpp>().end(); ++it) {
      if (it->stream_id && a.find(*it->stream_id) == nullptr)
        report(errc::dc_unknown_reference, severity::error, it.line(), value_of(it.line()),
               "3gpp-req-app");
    }
    bool const remote_bootstrap = a.find(100) != nullptr || a.find(110) != nullptr;
    for (auto it = m.all<bdc_used_by_3gpp>().begin(); it != m.all<bdc_used_by_3gpp>().end(); ++it)
      if (!remote_bootstrap)
        report(errc::dc_unknown_reference, severity::warning, it.line(), value_of(it.line()),
               "3gpp-bdc-used-by");
    check_split(a, m);
  }

  // DESIGN.md section 5: split configurations live on the control channel.
  void check_split(association const& a, sdp::media_description const& m) {
    using aiml::split::aiml_split_3gpp;
    using aiml::split::placement;
    // Outside dcsa, a split configuration has no control channel.
    for (auto it = m.all<aiml_split_3gpp>().begin(); it != m.all<aiml_split_3gpp>().end(); ++it)
      report(errc::split_not_on_control_channel, severity::error, it.line(),
             it.line().as_attribute()->name, "3gpp-aiml-split");
    for (auto const& c : a.channels) {
      std::vector<std::pair<aiml_split_3gpp const*, sdp::field const*>> configs;
      for (auto const* s : c.scoped) {
        if (auto const* cfg = s->get<aiml_split_3gpp>()) configs.emplace_back(cfg, line_of(m, s));
      }
      if (configs.empty()) continue;
      auto const sub = c.subprotocol();
      if (sub != "3gpp-aiml" && sub != "3gpp-ai") {
        for (auto const& [cfg, line] : configs)
          report(errc::split_not_on_control_channel, severity::error, *line, value_of(*line),
                 "3gpp-aiml-split");
        continue;
      }
      for (std::size_t i = 0; i < configs.size(); ++i) {
        auto const& [cfg, line] = configs[i];
        for (std::size_t j = 0; j < i; ++j)
          if (configs[j].first->cfg_id == cfg->cfg_id) {
            report(errc::split_duplicate_cfg_id, severity::error, *line, cfg_id_text(*line),
                   "cfg-id");
            break;
          }
        if (cfg->placement == placement::split) {
          // At idc=..., or at the placement when the parameter is absent.
          auto const idc_text = cfg->idc ? cfg->parameter("idc") : placement_text(*line);
          auto const* idc = cfg->idc ? a.find(*cfg->idc) : nullptr;
          if (idc == nullptr) {
            report(errc::split_idc_missing, severity::error, *line, idc_text, "idc");
          } else if (idc->subprotocol() != "3gpp-aiml-idata") {
            report(errc::split_idc_subprotocol, severity::error, *line, idc_text, "idc");
          }
        }
        if (cfg->placement == placement::seq) {
          for (auto step : cfg->step_list()) {
            unsigned id = 0;
            for (char ch : step)
              id = id * 10 + static_cast<unsigned>(ch - '0');
            if (id == cfg->cfg_id) {
              report(errc::split_self_step, severity::error, *line, step, "steps");
            } else if (std::none_of(configs.begin(), configs.end(), [id](auto const& other) {
                         return other.first->cfg_id == id;
                       })) {
              report(errc::split_unknown_step, severity::error, *line, step, "steps");
            }
          }
        }
      }
    }
  }

  // TS 23.228 DC multiplexing: m-sections bundled together share one SCTP association, so
  // a stream id may appear once across them.
  void check_bundled_stream_ids() {
    for (auto const& g : doc_.session().all<sdp::group>()) {
      if (g.semantics != "BUNDLE") continue;
      std::map<std::uint16_t, bool> seen;
      for (std::size_t i = 0; i < doc_.media_count(); ++i) {
        auto const m = doc_.media(i);
        auto const* id = m.find<sdp::mid>();
        if (!is_datachannel(m) || id == nullptr) continue;
        auto const tags = g.tag_list();
        if (std::find(tags.begin(), tags.end(), id->value) == tags.end()) continue;
        for (auto it = m.all<dcmap>().begin(); it != m.all<dcmap>().end(); ++it) {
          auto const [at, inserted] = seen.emplace(it->stream_id, true);
          (void)at;
          if (!inserted && !duplicate_in_section(m, it->stream_id))
            report(errc::dc_duplicate_stream_id, severity::error, it.line(),
                   stream_id_text(it.line()), "dcmap-stream-id");
        }
      }
    }
  }

  static bool duplicate_in_section(sdp::media_description const& m, std::uint16_t id) {
    std::size_t n = 0;
    for (auto const& map : m.all<dcmap>())
      n += map.stream_id == id ? 1 : 0;
    return n > 1;  // already reported by check_association
  }

  static sdp::field const* line_of(sdp::media_description const& m, dcsa const* s) {
    for (auto const& f : m.fields())
      if (auto const* a = f.as_attribute(); a != nullptr && a->get<dcsa>() == s) return &f;
    return &m.fields().front();
  }

  // The digits at the start of the attribute value (the stream id).
  static std::string_view stream_id_text(sdp::field const& f) {
    auto const v = value_of(f);
    return v.substr(0, std::min(v.find(' '), v.size()));
  }

  // The cfg-id of "dcsa:<id> 3gpp-aiml-split:<cfg-id> ...".
  static std::string_view cfg_id_text(sdp::field const& f) {
    auto const v = value_of(f);
    auto const colon = v.find(':');
    if (colon == std::string_view::npos) return v;
    auto const rest = v.substr(colon + 1);
    return rest.substr(0, std::min(rest.find(' '), rest.size()));
  }

  // The placement of "dcsa:<id> 3gpp-aiml-split:<cfg-id> <placement> ...".
  static std::string_view placement_text(sdp::field const& f) {
    auto const id = cfg_id_text(f);
    auto const v = value_of(f);
    auto const start = static_cast<std::size_t>(id.data() + id.size() - v.data()) + 1;
    if (start >= v.size()) return id;
    auto const rest = v.substr(start);
    return rest.substr(0, std::min(rest.find(' '), rest.size()));
  }

  sdp::session_description const& doc_;
  std::vector<diagnostic> out_;
};

}  // namespace

std::vector<diagnostic> validate(sdp::session_description const& doc) {
  return checker(doc).run();
}

}  // namespace imsdp::datachannel
