// imsdp control check | fmt (docs/aiml-control.md).
#include <imsdp/aiml/control/message.hpp>
#include <iostream>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

namespace control = aiml::control;

struct control_options {
  std::string file;
  std::size_t max_message_size = control::limits{}.max_message_bytes;
};

std::optional<control::message> load_message(control_options const& o, int& status) {
  auto text = read_input(o.file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  control::limits bounds;
  bounds.max_message_bytes = o.max_message_size;
  auto m = control::read_message(*text, bounds);
  if (!m) {
    auto const& e = m.error();
    std::cout << o.file;
    if (e.where.line != 0) std::cout << ':' << e.where.line << ':' << e.where.column;
    std::cout << ": error: " << to_string(e.code) << ": " << e.message() << '\n';
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*m);
}

void add_file_options(CLI::App* cmd, control_options& o) {
  cmd->add_option("file", o.file, "Control message JSON, or - for standard input")->required();
  cmd->add_option("--max-message-size", o.max_message_size,
                  "The peer's a=max-message-size in bytes (RFC 8841)")
      ->capture_default_str();
}

}  // namespace

void add_control_commands(CLI::App& app, int& status) {
  auto* control_cmd = app.add_subcommand("control", "3gpp-aiml control messages");
  control_cmd->require_subcommand(1);

  auto check_options = std::make_shared<control_options>();
  auto* check = control_cmd->add_subcommand("check", "Validate a control message");
  add_file_options(check, *check_options);
  check->callback([o = check_options, &status] {
    if (auto const m = load_message(*o, status))
      std::cout << o->file << ": valid " << control::to_string(m->type()) << " message (id "
                << m->id << (m->re ? ", re " + *m->re : std::string()) << ")\n";
  });

  auto fmt_options = std::make_shared<control_options>();
  auto* fmt = control_cmd->add_subcommand("fmt", "Print a control message in canonical JSON");
  add_file_options(fmt, *fmt_options);
  fmt->callback([o = fmt_options, &status] {
    auto const m = load_message(*o, status);
    if (!m) return;
    control::limits bounds;
    bounds.max_message_bytes = o->max_message_size;
    auto const text = control::write_message(*m, bounds);
    if (!text) {
      std::cout << o->file << ": error: " << to_string(text.error().code) << ": "
                << text.error().message() << '\n';
      status = invalid_input;
      return;
    }
    std::cout << *text << '\n';
  });
}

}  // namespace imsdp::cli
