// What the subcommands of the imsdp program share: reading inputs, exit codes, and
// compiler-style diagnostics (FILE:LINE:COL: severity: message, the line, a caret).
#pragma once

#include <CLI/CLI.hpp>
#include <imsdp/error.hpp>
#include <imsdp/options.hpp>
#include <imsdp/result.hpp>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace imsdp::cli {

/// Exit codes (DESIGN.md section 9).
enum exit_code : int { ok = 0, invalid_input = 1, usage_or_io = 2 };

/// Each area adds its subcommands; a subcommand stores its exit code in `status`.
void add_sdp_commands(CLI::App& app, int& status);
void add_dc_commands(CLI::App& app, int& status);
void add_negotiation_commands(CLI::App& app, int& status);
void add_model_commands(CLI::App& app, int& status);
void add_control_commands(CLI::App& app, int& status);
void add_frame_commands(CLI::App& app, int& status);
void add_iwf_commands(CLI::App& app, int& status);
void add_ui_commands(CLI::App& app, int& status);

/// The whole content of a file, or of standard input for "-".
[[nodiscard]] result<std::string> read_input(std::string const& path);

/// Resolves --profile; prints an error and returns nullopt for an unknown name.
[[nodiscard]] std::optional<profile> profile_option(std::string const& name);

/// Writes one diagnostic as a compiler would: the location, the severity and message,
/// the offending line and a caret (with tildes for the span) under the column.
void print_diagnostic(std::ostream& out, std::string_view file, std::string_view text,
                      diagnostic const& d);

/// Text from an untrusted file made safe for a terminal: control bytes (ESC included), DEL
/// and bytes that are not UTF-8 become \xNN; valid UTF-8 and printable ASCII stay.
[[nodiscard]] std::string escaped(std::string_view text);

/// Writes an SDP the program made or read: its SRTP keys masked (sdp/secrets.hpp) unless
/// the user asked for them with --show-keys.
void print_sdp(std::ostream& out, std::string const& text, bool show_keys);
/// The program is the host: its SRTP keys come from OpenSSL's CSPRNG.
[[nodiscard]] bool random_key(std::span<std::uint8_t> out);

/// Adds --show-keys to a subcommand that prints SDP.
void add_show_keys(CLI::App& command, bool& show_keys);

/// Prints JSON as the program does: indented, then a line end. Bytes that are not UTF-8
/// (a description read under lenient may hold any) become U+FFFD instead of throwing.
void print_json(std::ostream& out, nlohmann::json const& j);

/// A diagnostic as JSON: {file, line, column, offset, length, severity, code, message}.
[[nodiscard]] nlohmann::json diagnostic_json(std::string_view file, diagnostic const& d);

}  // namespace imsdp::cli
