// imsdp model check | fmt | inspect | describe (DESIGN.md section 9; docs/aiml-model.md).
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

/// A model file's bytes, refused above the model size limit before they are read.
std::optional<std::vector<std::byte>> read_model(std::string const& file, int& status) {
  std::error_code ec;
  auto const size = std::filesystem::file_size(file, ec);
  model::limits const bounds;
  if (!ec && size > bounds.max_model_bytes) {
    std::cerr << "imsdp: " << file << " is larger than " << bounds.max_model_bytes << " bytes\n";
    status = usage_or_io;
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::vector<std::byte> bytes(ec ? 0 : static_cast<std::size_t>(size));
  if (ec || !in ||
      !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) {
    std::cerr << "imsdp: cannot read " << file << '\n';
    status = usage_or_io;
    return std::nullopt;
  }
  return bytes;
}

/// Size, digest, format and I/O of one model file.
int check_artifact(model::descriptor const& d, std::size_t index, std::string const& file) {
  auto const report = model::check_artifact_file(d, index, file.c_str());
  if (!report.mismatches.empty() && report.mismatches.front().code == errc::io_error) {
    std::cerr << "imsdp: cannot read " << escaped(report.mismatches.front().detail) << '\n';
    return usage_or_io;
  }
  for (auto const& line : report.verified)
    std::cout << file << ": " << escaped(line) << " verified\n";
  for (auto const& line : report.not_checked)
    std::cout << file << ": " << escaped(line) << " not checked\n";
  for (auto const& e : report.mismatches)
    print_error(file, e, true);
  return report.ok() ? ok : invalid_input;
}

/// The format named by --format, else by the file's extension.
std::optional<model::format_name> format_of(std::string const& file, std::string const& name) {
  using model::format_name;
  constexpr std::pair<std::string_view, format_name> extensions[] = {
      {".onnx", format_name::onnx},      {".tflite", format_name::tflite},
      {".gguf", format_name::gguf},      {".safetensors", format_name::safetensors},
      {".pte", format_name::executorch}, {".nnef", format_name::nnef},
      {".nnr", format_name::nnc}};
  for (auto f : {format_name::onnx, format_name::tflite, format_name::nnef, format_name::nnc,
                 format_name::executorch, format_name::gguf, format_name::safetensors,
                 format_name::coreml, format_name::openvino}) {
    if (!name.empty() && name == model::to_string(f)) return f;
  }
  if (!name.empty()) {
    std::cerr << "imsdp: unknown format '" << name << "'\n";
    return std::nullopt;
  }
  auto const ext = std::filesystem::path(file).extension().string();
  for (auto const& [e, f] : extensions)
    if (ext == e) return f;
  std::cerr << "imsdp: cannot tell the format of " << file << " from its name: use --format\n";
  return std::nullopt;
}

// "[1,80,T]" with "?" for a dynamic dimension the file does not name.
std::string shape_text(model::tensor_info const& t) {
  if (!t.has_shape) return "(no shape)";
  std::string out = "[";
  for (auto const& d : t.shape) {
    if (out.size() > 1) out += ',';
    out += d.value && *d.value >= 0 ? std::to_string(*d.value)
                                    : (d.symbol.empty() ? std::string("?") : escaped(d.symbol));
  }
  return out + ']';
}

std::string dtype_text(model::tensor_info const& t) {
  if (t.kind != model::value_kind::tensor) return std::string(model::to_string(t.kind));
  if (t.dtype) return std::string(to_string(*t.dtype));
  return t.type_code ? "type " + std::to_string(*t.type_code) : "?";
}

nlohmann::json tensor_json(model::tensor_info const& t) {
  nlohmann::json shape = nullptr;
  if (t.has_shape) {
    shape = nlohmann::json::array();
    for (auto const& d : t.shape) {
      if (d.value && *d.value >= 0) {
        shape.push_back(*d.value);
      } else {
        shape.push_back(d.symbol.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.symbol));
      }
    }
  }
  nlohmann::json j{{"name", t.name}, {"kind", model::to_string(t.kind)}, {"shape", shape}};
  j["dtype"] = t.dtype ? nlohmann::json(to_string(*t.dtype)) : nlohmann::json(nullptr);
  if (t.type_code) j["typeCode"] = *t.type_code;
  return j;
}

struct inspect_options {
  std::string file;
  std::string format;
  bool json = false;
};

/// The format facts and the signature (name, dtype, shape with symbolic dims).
int run_inspect(inspect_options const& o) {
  auto const format = format_of(o.file, o.format);
  if (!format) return usage_or_io;
  auto const info = model::inspect_file(*format, o.file.c_str());
  if (!info && info.error().code == errc::io_error) {
    std::cerr << "imsdp: cannot read " << escaped(info.error().detail) << '\n';
    return usage_or_io;
  }
  if (!info) {
    print_error(o.file, info.error(), true);
    return invalid_input;
  }
  std::vector<std::pair<std::string, std::string>> facts;
  if (info->ir_version) facts.emplace_back("irVersion", std::to_string(*info->ir_version));
  for (auto const& op : info->opsets)
    facts.emplace_back("opset " + (op.domain.empty() ? std::string("ai.onnx") : op.domain),
                       std::to_string(op.version));
  if (info->schema_version)
    facts.emplace_back("schemaVersion", std::to_string(*info->schema_version));
  if (info->pte_version) facts.emplace_back("pteVersion", *info->pte_version);
  if (info->gguf_version) facts.emplace_back("ggufVersion", std::to_string(*info->gguf_version));
  if (info->nnef_version) facts.emplace_back("nnefVersion", *info->nnef_version);
  if (info->profile_idc) facts.emplace_back("profileIdc", std::to_string(*info->profile_idc));
  if (info->topology_format) facts.emplace_back("topologyFormat", *info->topology_format);
  if (info->tensor_count != 0) facts.emplace_back("tensors", std::to_string(info->tensor_count));
  if (o.json) {
    nlohmann::json j{{"format", model::to_string(info->format)},
                     {"size", info->size},
                     {"hasGraph", info->has_graph},
                     {"facts", nlohmann::json::object()},
                     {"inputs", nlohmann::json::array()},
                     {"outputs", nlohmann::json::array()}};
    for (auto const& [k, v] : facts)
      j["facts"][k] = v;
    if (!info->external_data.empty()) j["externalData"] = info->external_data;
    for (auto const& t : info->inputs)
      j["inputs"].push_back(tensor_json(t));
    for (auto const& t : info->outputs)
      j["outputs"].push_back(tensor_json(t));
    print_json(std::cout, j);
    return ok;
  }
  std::cout << escaped(o.file) << ": " << model::to_string(info->format) << ", " << info->size
            << " bytes";
  for (auto const& [k, v] : facts)
    std::cout << ", " << k << ' ' << escaped(v);
  for (auto const& file : info->external_data)
    std::cout << ", external data " << escaped(file);
  std::cout << '\n';
  if (!info->has_graph) {
    std::cout << "(the format states no graph inputs and outputs)\n";
    return ok;
  }
  // A table: role, name, dtype, shape; columns as wide as their widest cell.
  std::vector<std::array<std::string, 4>> rows{{"", "name", "dtype", "shape"}};
  for (auto const& t : info->inputs)
    rows.push_back({"input", escaped(t.name), dtype_text(t), shape_text(t)});
  for (auto const& t : info->outputs)
    rows.push_back({"output", escaped(t.name), dtype_text(t), shape_text(t)});
  std::array<std::size_t, 4> width{};
  for (auto const& r : rows)
    for (std::size_t c = 0; c < 4; ++c)
      width[c] = std::max(width[c], r[c].size());
  for (auto const& r : rows) {
    std::string line;
    for (std::size_t c = 0; c < 4; ++c)
      line += r[c] + std::string(c + 1 < 4 ? width[c] - r[c].size() + 2 : 0, ' ');
    std::cout << line << '\n';
  }
  return ok;
}

struct describe_options {
  std::string file;
  std::string format;
  model::describe_options describe;
};

/// A descriptor skeleton on standard output; what to edit on standard error.
int run_describe(describe_options o) {
  int status = ok;
  auto const format = format_of(o.file, o.format);
  if (!format) return usage_or_io;
  auto const bytes = read_model(o.file, status);
  if (!bytes) return status;
  o.describe.uri = std::filesystem::path(o.file).filename().string();
  auto d = model::describe(*format, *bytes, o.describe);
  if (!d) {
    print_error(o.file, d.error(), true);
    return invalid_input;
  }
  // ONNX external data: each file next to the model becomes a weights artifact.
  if (auto const info = model::inspect(*format, *bytes)) {
    for (auto const& location : info->external_data) {
      auto const path = std::filesystem::path(o.file).parent_path() / location;
      auto weights = model::describe_weights(path.c_str(), location);
      if (weights) {
        d->artifacts.push_back(std::move(*weights));
      } else {
        std::cerr << "imsdp: " << escaped(weights.error().detail)
                  << ": add the weights artifact of " << escaped(location) << '\n';
      }
    }
  }
  print_json(std::cout, nlohmann::json::parse(model::write_descriptor(*d)));
  bool symbolic = false;
  for (auto const* list : {&d->inputs, &d->outputs})
    for (auto const& t : *list)
      for (auto const& dim : t.shape)
        symbolic |= std::holds_alternative<model::symbolic_dim>(dim);
  if (symbolic)
    std::cerr << "imsdp: dynamic dimensions got max " << o.describe.dynamic_max
              << " (less where a tensor would pass 2^64 bits): set your bounds\n";
  if (o.describe.model_id.empty())
    std::cerr << "imsdp: modelId is " << d->model_id << ": give yours with --id\n";
  return ok;
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

  auto inspect_options_ = std::make_shared<inspect_options>();
  auto* inspect = model_cmd->add_subcommand(
      "inspect", "What a model file takes and gives: format facts, inputs and outputs");
  inspect->add_option("model", inspect_options_->file, "Model file")->required();
  inspect->add_option("--format", inspect_options_->format,
                      "onnx, tflite, gguf, safetensors, executorch, nnef, nnc (default: from "
                      "the file name)");
  inspect->add_flag("--json", inspect_options_->json, "JSON instead of a table");
  inspect->callback([o = inspect_options_, &status] { status = run_inspect(*o); });

  auto describe_options_ = std::make_shared<describe_options>();
  auto* describe = model_cmd->add_subcommand(
      "describe", "Write a descriptor skeleton for a model file (size, SHA-256, format, I/O)");
  describe->add_option("model", describe_options_->file, "Model file (onnx or tflite)")->required();
  describe->add_option("--format", describe_options_->format, "as for inspect");
  describe->add_option("--id", describe_options_->describe.model_id, "modelId URN");
  describe->add_option("--task", describe_options_->describe.task, "task URN");
  describe->add_option("--version", describe_options_->describe.version, "model version")
      ->capture_default_str();
  describe
      ->add_option("--dynamic-max", describe_options_->describe.dynamic_max,
                   "the max of each dynamic dimension")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{4294967295}));
  describe->callback([o = describe_options_, &status] { status = run_describe(*o); });

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
