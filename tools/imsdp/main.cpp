// imsdp: parse, lint, echo and format SDP; more areas add their subcommands.
#include <iostream>

#include "cli.hpp"

int main(int argc, char** argv) {
  CLI::App app{"imsdp: SDP with IMS data channels and AI/ML split inferencing"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "imsdp 0.1.0");
  int status = imsdp::cli::ok;
  imsdp::cli::add_sdp_commands(app, status);
  imsdp::cli::add_dc_commands(app, status);
  imsdp::cli::add_negotiation_commands(app, status);
  imsdp::cli::add_iwf_commands(app, status);
  imsdp::cli::add_ui_commands(app, status);
  imsdp::cli::add_model_commands(app, status);
  imsdp::cli::add_control_commands(app, status);
  imsdp::cli::add_frame_commands(app, status);
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    int const code = app.exit(e);
    return code == 0 ? 0 : imsdp::cli::usage_or_io;
  }
  return status;
}
