// imsdp dc: the data channels and AI/ML split configurations of each data-channel
// m-section, as a table or as JSON.
#include <fmt/format.h>

#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

struct dc_options {
  std::string profile = "lenient";
  std::string file;
  bool json = false;
};

std::string reliability(datachannel::dcmap const& m) {
  if (m.max_retr) return fmt::format("max-retr {}", *m.max_retr);
  if (m.max_time) return fmt::format("max-time {} ms", *m.max_time);
  return "reliable";
}

template <class T>
std::string or_dash(std::optional<T> const& v) {
  return v ? fmt::format("{}", *v) : "-";
}

std::string or_dash(std::string const& v) {
  return v.empty() ? "-" : v;
}

std::string joined(std::vector<std::string> const& list) {
  return list.empty() ? "-" : fmt::format("{}", fmt::join(list, ","));
}

int run_dc(dc_options const& o) {
  auto const p = profile_option(o.profile);
  if (!p) return usage_or_io;
  auto text = read_input(o.file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  auto const doc = sdp::parse(*text, *p);
  if (!doc) {
    print_diagnostic(std::cerr, o.file, *text, to_diagnostic(doc.error()));
    return invalid_input;
  }
  auto const associations = datachannel::associations(*doc);
  auto const sets = aiml::split::configuration_sets(*doc);
  auto const problems = datachannel::validate(*doc);
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (auto const& a : associations) {
      nlohmann::json j{{"media", a.media_index},
                       {"sctpPort", a.sctp_port},
                       {"maxMessageSize", a.max_message_size},
                       {"legacy", a.legacy}};
      nlohmann::json channels = nlohmann::json::array();
      for (auto const& c : a.channels) {
        nlohmann::json channel = *c.map;
        channel["kind"] = to_string(c.kind);
        nlohmann::json scoped = nlohmann::json::array();
        for (auto const* s : c.scoped)
          scoped.push_back(*s);
        channel["scoped"] = std::move(scoped);
        channels.push_back(std::move(channel));
      }
      j["channels"] = std::move(channels);
      nlohmann::json configs = nlohmann::json::array();
      for (auto const& set : sets) {
        if (set.media_index != a.media_index) continue;
        nlohmann::json entry{{"controlStream", set.control_stream}};
        for (auto const& c : set.configurations)
          entry["configurations"].push_back(c);
        configs.push_back(std::move(entry));
      }
      j["splitConfigurations"] = std::move(configs);
      out.push_back(std::move(j));
    }
    nlohmann::json diagnostics = nlohmann::json::array();
    for (auto const& d : problems)
      diagnostics.push_back(diagnostic_json(o.file, d));
    print_json(std::cout, nlohmann::json{{"associations", out}, {"diagnostics", diagnostics}});
  } else {
    if (associations.empty()) std::cout << o.file << ": no data-channel m-section\n";
    for (auto const& a : associations) {
      auto const m = doc->media(a.media_index);
      std::cout << fmt::format(
          "m-section {}: m={} {} {} {}  sctp-port {}{}  max-message-size {}{}\n", a.media_index,
          m.media(), m.port(), m.proto(), m.m().formats, a.sctp_port,
          a.sctp_port_given ? "" : " (default)",
          a.max_message_size == 0 ? std::string("unlimited") : std::to_string(a.max_message_size),
          a.max_message_size_given ? "" : " (default)");
      std::cout << fmt::format("  {:<7} {:<12} {:<14} {:<18} {:<8} {:<16} {:<8} {}\n", "stream",
                               "kind", "label", "subprotocol", "ordered", "reliability", "priority",
                               "scoped attributes");
      for (auto const& c : a.channels) {
        // Scoped attributes by name, with a count when one name repeats.
        std::vector<std::pair<std::string_view, int>> names;
        for (auto const* s : c.scoped) {
          if (!names.empty() && names.back().first == s->inner_name) {
            ++names.back().second;
          } else {
            names.emplace_back(s->inner_name, 1);
          }
        }
        std::string scoped;
        for (auto const& [name, count] : names)
          scoped += fmt::format("{}{}{}", scoped.empty() ? "" : ", ", name,
                                count > 1 ? fmt::format(" x{}", count) : "");
        std::cout << fmt::format(
            "  {:<7} {:<12} {:<14} {:<18} {:<8} {:<16} {:<8} {}\n", c.stream_id(),
            to_string(c.kind), c.map->label ? c.map->label->decoded() : "-",
            or_dash(c.subprotocol()), c.map->is_ordered() ? "yes" : "no", reliability(*c.map),
            or_dash(c.map->priority), scoped.empty() ? "-" : scoped);
      }
      for (auto const& set : sets) {
        if (set.media_index != a.media_index) continue;
        std::cout << fmt::format("  AI/ML split configurations on stream {}:\n",
                                 set.control_stream);
        std::cout << fmt::format(
            "    {:<4} {:<9} {:<28} {:<6} {:<6} {:<6} {:<12} {:<6} {:<6} {:<6} {:<5} {:<5} {}\n",
            "cfg", "placement", "task", "part", "idc", "fmt", "cmp", "ul", "dl", "lat", "acc", "q",
            "steps");
        for (auto const& c : set.configurations) {
          std::vector<std::string> steps;
          for (auto s : c.steps)
            steps.push_back(std::to_string(s));
          std::cout << fmt::format(
              "    {:<4} {:<9} {:<28} {:<6} {:<6} {:<6} {:<12} {:<6} {:<6} {:<6} {:<5} {:<5} {}\n",
              c.cfg_id, to_string(c.placement), or_dash(c.task), or_dash(c.part), or_dash(c.idc),
              or_dash(c.fmt), joined(c.compression), or_dash(c.ul_kbps), or_dash(c.dl_kbps),
              or_dash(c.latency_ms), or_dash(c.accuracy), or_dash(c.q), joined(steps));
        }
      }
    }
    for (auto const& d : problems)
      print_diagnostic(std::cout, o.file, *text, d);
  }
  bool const errors = std::any_of(problems.begin(), problems.end(), [](diagnostic const& d) {
    return d.severity == severity::error;
  });
  return errors ? invalid_input : ok;
}

}  // namespace

void add_dc_commands(CLI::App& app, int& status) {
  auto o = std::make_shared<dc_options>();
  auto* dc = app.add_subcommand("dc", "Show the data channels and AI/ML split configurations");
  dc->add_option("--profile", o->profile, "strict, jsep, ims or lenient")->capture_default_str();
  dc->add_flag("--json", o->json, "JSON instead of a table");
  dc->add_option("file", o->file, "SDP file, or - for standard input")->required();
  dc->callback([o, &status] { status = run_dc(*o); });
}

}  // namespace imsdp::cli
