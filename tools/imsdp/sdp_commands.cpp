// imsdp parse | lint | echo | fmt (DESIGN.md section 9).
#include <algorithm>
#include <imsdp/lint.hpp>
#include <imsdp/sdp/json.hpp>
#include <imsdp/sdp/parse.hpp>
#include <imsdp/sdp/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

struct sdp_options {
  std::string profile = "strict";
  std::vector<std::string> files;
  bool json = false;
  bool warnings = false;
  bool show_keys = false;
};

/// Parses one input for parse/echo/fmt; prints the error like lint does.
std::optional<sdp::session_description> load(std::string const& file,
                                             std::string const& profile_name, int& status) {
  auto const p = profile_option(profile_name);
  if (!p) {
    status = usage_or_io;
    return std::nullopt;
  }
  auto text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  parse_options options;
  options.profile = *p;
  auto doc = sdp::parse(*text, options);
  if (!doc) {
    print_diagnostic(std::cerr, file, *text, to_diagnostic(doc.error()));
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*doc);
}

int run_lint(sdp_options const& o) {
  auto const p = profile_option(o.profile);
  if (!p) return usage_or_io;
  int status = ok;
  nlohmann::json report = nlohmann::json::array();
  for (auto const& file : o.files) {
    auto text = read_input(file);
    if (!text) {
      std::cerr << "imsdp: " << text.error().message() << '\n';
      status = usage_or_io;
      continue;
    }
    parse_options options;
    options.profile = *p;
    auto const diagnostics = lint_all(*text, options);
    std::size_t errors = 0;
    std::size_t hidden_notes = 0;
    for (auto const& d : diagnostics) {
      if (d.severity == severity::error) ++errors;
      if (d.severity == severity::note && !o.warnings) {
        ++hidden_notes;
        continue;
      }
      if (o.json) {
        report.push_back(diagnostic_json(file, d));
      } else {
        print_diagnostic(std::cout, file, *text, d);
      }
    }
    if (!o.json) {
      std::cout << file << ": " << (errors == 0 ? "valid" : "invalid") << " under the " << p->name
                << " profile (" << errors << " error" << (errors == 1 ? "" : "s") << ", "
                << diagnostics.size() - errors << " other diagnostic"
                << (diagnostics.size() - errors == 1 ? "" : "s")
                << (hidden_notes == 0   ? ""
                    : hidden_notes == 1 ? "; 1 note shown with --notes"
                                        : "; notes shown with --notes")
                << ")\n";
    }
    if (errors != 0 && status == ok) status = invalid_input;
  }
  if (o.json) print_json(std::cout, report);
  return status;
}

}  // namespace

void add_sdp_commands(CLI::App& app, int& status) {
  auto const profile_help = "strict, jsep, ims or lenient";

  auto parse_options = std::make_shared<sdp_options>();
  auto* parse = app.add_subcommand("parse", "Print the JSON form of an SDP");
  parse->add_option("--profile", parse_options->profile, profile_help)->capture_default_str();
  parse->add_option("file", parse_options->files, "SDP file, or - for standard input")
      ->required()
      ->expected(1);
  parse->callback([o = parse_options, &status] {
    auto doc = load(o->files.front(), o->profile, status);
    if (doc) print_json(std::cout, sdp::to_json(*doc));
  });

  auto lint_options = std::make_shared<sdp_options>();
  auto* lint = app.add_subcommand("lint", "Report errors and deviations as a compiler would");
  lint->add_option("--profile", lint_options->profile, profile_help)->capture_default_str();
  lint->add_flag("--json", lint_options->json, "Diagnostics as a JSON array");
  lint->add_flag("--notes", lint_options->warnings,
                 "Also print notes (unknown attributes, line endings)");
  lint->add_option("files", lint_options->files, "SDP files, or - for standard input")->required();
  lint->callback([o = lint_options, &status] { status = run_lint(*o); });

  // echo and fmt accept what real endpoints send unless told otherwise.
  auto echo_options = std::make_shared<sdp_options>();
  echo_options->profile = "lenient";
  auto* echo = app.add_subcommand("echo", "Write the SDP back losslessly (equals the input)");
  echo->add_option("--profile", echo_options->profile, profile_help)->capture_default_str();
  echo->add_option("file", echo_options->files, "SDP file, or - for standard input")
      ->required()
      ->expected(1);
  add_show_keys(*echo, echo_options->show_keys);
  echo->callback([o = echo_options, &status] {
    auto doc = load(o->files.front(), o->profile, status);
    if (doc) print_sdp(std::cout, sdp::serialize_exact(*doc), o->show_keys);
  });

  auto fmt_options = std::make_shared<sdp_options>();
  fmt_options->profile = "lenient";
  auto* fmt = app.add_subcommand("fmt", "Write the SDP in canonical form (CRLF, RFC order)");
  fmt->add_option("--profile", fmt_options->profile, profile_help)->capture_default_str();
  fmt->add_option("file", fmt_options->files, "SDP file, or - for standard input")
      ->required()
      ->expected(1);
  add_show_keys(*fmt, fmt_options->show_keys);
  fmt->callback([o = fmt_options, &status] {
    auto doc = load(o->files.front(), o->profile, status);
    if (doc) print_sdp(std::cout, sdp::serialize(*doc), o->show_keys);
  });
}

}  // namespace imsdp::cli
