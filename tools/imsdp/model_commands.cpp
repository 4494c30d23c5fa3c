// imsdp model check | fmt (DESIGN.md section 9; docs/aiml-model.md).
#include <filesystem>
#include <fstream>
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>
#include <iostream>
#include <memory>
#include <vector>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

namespace model = aiml::model;

struct model_options {
  std::string descriptor;
  std::vector<std::string> files;
};

/// "FILE: error: <code>: <description> at <pointer>: <detail> (byte N)"
void print_error(std::string_view file, error const& e, bool binary) {
  std::cout << file;
  if (!binary && e.where.line != 0) std::cout << ':' << e.where.line << ':' << e.where.column;
  std::cout << ": error: " << to_string(e.code) << ": " << escaped(e.message());
  if (binary) std::cout << " (byte " << e.where.offset << ')';
  std::cout << '\n';
}

std::optional<model::descriptor> load_descriptor(std::string const& file, int& status) {
  auto text = read_input(file);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  auto d = model::read_descriptor(*text);
  if (!d) {
    print_error(file, d.error(), false);
    status = invalid_input;
    return std::nullopt;
  }
  return std::move(*d);
}

/// Size, digest, format and I/O of one model file (the file size is checked against the
/// limit before it is read).
int check_artifact(model::descriptor const& d, std::size_t index, std::string const& file) {
  std::error_code ec;
  auto const size = std::filesystem::file_size(file, ec);
  model::limits const bounds;
  if (!ec && size > bounds.max_model_bytes) {
    std::cerr << "imsdp: " << file << " is larger than " << bounds.max_model_bytes << " bytes\n";
    return usage_or_io;
  }
  std::ifstream in(file, std::ios::binary);
  std::vector<std::byte> bytes(ec ? 0 : static_cast<std::size_t>(size));
  if (ec || !in ||
      !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    std::cerr << "imsdp: cannot read " << file << '\n';
    return usage_or_io;
  }
  auto const report = model::check_artifact(d, index, bytes, bounds);
  for (auto const& line : report.verified)
    std::cout << file << ": " << escaped(line) << " verified\n";
  for (auto const& line : report.not_checked)
    std::cout << file << ": " << escaped(line) << " not checked\n";
  for (auto const& e : report.mismatches)
    print_error(file, e, true);
  return report.ok() ? ok : invalid_input;
}

int run_check(model_options const& o) {
  int status = ok;
  auto const d = load_descriptor(o.descriptor, status);
  if (!d) return status;
  std::cout << o.descriptor << ": descriptor valid (" << d->model_id << " " << d->version << ", "
            << d->artifacts.size() << " artifact" << (d->artifacts.size() == 1 ? "" : "s") << ")\n";
  if (o.files.size() > d->artifacts.size()) {
    std::cerr << "imsdp: " << o.files.size() << " model files for " << d->artifacts.size()
              << " artifacts (files are matched to artifacts in order)\n";
    return usage_or_io;
  }
  for (std::size_t i = 0; i < o.files.size(); ++i) {
    int const s = check_artifact(*d, i, o.files[i]);
    if (s > status) status = s;
  }
  return status;
}

}  // namespace

void add_model_commands(CLI::App& app, int& status) {
  auto* model_cmd = app.add_subcommand("model", "AI/ML model descriptors and model files");
  model_cmd->require_subcommand(1);

  auto check_options = std::make_shared<model_options>();
  auto* check = model_cmd->add_subcommand(
      "check", "Validate a descriptor, and model files (one per artifact, in order) against it");
  check
      ->add_option("descriptor", check_options->descriptor,
                   "Descriptor JSON, or - for standard input")
      ->required();
  check->add_option("files", check_options->files,
                    "Model files: size, digest, format, inputs and outputs");
  check->callback([o = check_options, &status] { status = run_check(*o); });

  auto fmt_options = std::make_shared<model_options>();
  auto* fmt = model_cmd->add_subcommand("fmt", "Print a descriptor in canonical JSON");
  fmt->add_option("descriptor", fmt_options->descriptor, "Descriptor JSON, or - for standard input")
      ->required();
  fmt->callback([o = fmt_options, &status] {
    if (auto const d = load_descriptor(o->descriptor, status))
      std::cout << model::write_descriptor(*d) << '\n';
  });
}

}  // namespace imsdp::cli
