// What a model file declares, read from its own bytes without a framework, and the
// comparison with a descriptor (DESIGN.md section 6.2; research/model-and-tensor.md
// sections 2 and 2.10).
//
// The readers are bounded: every length, count, offset and product is checked (64-bit,
// against the remaining input and imsdp::aiml::model::limits) before it is used, nothing
// is allocated from a declared size, and nothing recurses without a depth cap. Errors
// give the byte offset (error.where.offset, line 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/result.hpp>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace imsdp::aiml::model {

/// One dimension as the file states it: a value, or dynamic (with its symbol if named).
struct dimension_info {
  std::optional<std::int64_t> value;
  std::string symbol;
  friend bool operator==(dimension_info const&, dimension_info const&) = default;
};

/// What a graph input or output holds (ONNX TypeProto's value field; other formats:
/// tensors only).
enum class value_kind : std::uint8_t { tensor, sequence, map, optional, sparse_tensor, other };

[[nodiscard]] constexpr std::string_view to_string(value_kind k) noexcept {
  switch (k) {
    case value_kind::tensor:
      return "tensor";
    case value_kind::sequence:
      return "sequence";
    case value_kind::map:
      return "map";
    case value_kind::optional:
      return "optional";
    case value_kind::sparse_tensor:
      return "sparse tensor";
    case value_kind::other:
      return "value of another type";
  }
  return "tensor";
}

/// A graph input or output as the file declares it.
struct tensor_info {
  std::string name;
  value_kind kind = value_kind::tensor;
  std::optional<model::dtype> dtype;      // nullopt: a file type with no descriptor dtype
  std::optional<std::int64_t> type_code;  // the file's own code; nullopt: the file states none
  bool has_shape = false;                 // false: rank unknown
  std::vector<dimension_info> shape;
  /// tflite: the tensor's affine quantization (scale, zero_point; axis when per-axis);
  /// nullopt when it has no scale.
  std::optional<model::quantization> quantization;
  std::size_t offset = 0;  // where the tensor's record starts in the file
  friend bool operator==(tensor_info const&, tensor_info const&) = default;
};

struct model_info {
  format_name format = format_name::onnx;
  std::uint64_t size = 0;
  // Version facts; each is set for the formats that carry it.
  std::optional<std::uint64_t> ir_version;      // onnx
  std::vector<opset> opsets;                    // onnx
  std::optional<std::uint32_t> schema_version;  // tflite Model.version
  std::optional<std::string> pte_version;       // executorch "ET12"
  std::optional<std::uint32_t> gguf_version;    // gguf
  std::optional<std::string> nnef_version;      // nnef "1.0"
  std::optional<std::uint32_t> profile_idc;     // nnc general_profile_idc
  std::optional<std::string> topology_format;   // nnc NNR_TPL topology_storage_format
  /// True for formats whose file names its graph inputs and outputs (onnx, tflite; nnef
  /// names without types).
  bool has_graph = false;
  /// True for formats whose tensors state their quantization, so that a tensor without it
  /// is not quantized (tflite); elsewhere quantization is not a fact of the file.
  bool states_quantization = false;
  std::vector<tensor_info> inputs;
  std::vector<tensor_info> outputs;
  std::uint64_t tensor_count = 0;  // gguf, safetensors, nnef tensor file (1), nnc units
  /// safetensors: __metadata__; gguf: the key-value pairs whose value is a string (such as
  /// general.architecture).
  std::map<std::string, std::string> metadata;
  /// onnx: the files initializers keep their bytes in (TensorProto external_data
  /// "location", relative to the model's directory), each once, in file order. Models over
  /// 2 GB must use them (protobuf's limit).
  std::vector<std::string> external_data;
  friend bool operator==(model_info const&, model_info const&) = default;
};

/// Reads the structure of a model file of the given format. Errors: model_truncated,
/// model_malformed, model_format_mismatch, limit_exceeded,
/// unsupported (formats without a reader: coreml, openvino).
[[nodiscard]] result<model_info> inspect(format_name format, std::span<std::byte const> bytes,
                                         limits const& bounds = {});

/// The outcome of comparing a descriptor with a file: what matched, and every mismatch
/// (each with the descriptor's JSON pointer in path and the file offset in where.offset).
struct check_report {
  std::vector<std::string> verified;
  std::vector<std::string> not_checked;  // facts the file does not state (no shape, no type)
  std::vector<error> mismatches;
  [[nodiscard]] bool ok() const noexcept { return mismatches.empty(); }
};

/// Compares artifact `artifact_index` of `d` with what its file declares: the format's
/// version members, and the inputs and outputs that the artifact's role implies (full:
/// inputs and outputs; head: inputs and the partition's intermediate tensors; tail: the
/// intermediate tensors and outputs). Names, dtypes, ranks, static dimensions and
/// symbolic bounds must agree; a static file dimension must lie within a symbolic
/// dimension's bounds, and a dynamic file dimension may be pinned by a static one.
[[nodiscard]] check_report compare(descriptor const& d, std::size_t artifact_index,
                                   model_info const& info);

/// Checks the bytes of artifact `artifact_index` of `d`: size and digest, then, for the
/// roles whose file is a model (full, head, tail), the format and I/O as compare() does.
/// "size N" and the digest algorithm are in `verified` when they match; every failure is a
/// mismatch with its descriptor pointer in path (a file the format reader refuses ends the
/// check with that error).
[[nodiscard]] check_report check_artifact(descriptor const& d, std::size_t artifact_index,
                                          std::span<std::byte const> bytes,
                                          limits const& bounds = {});

/// inspect() on the file at `path`, mapped read-only as check_artifact_file does (so
/// without max_model_bytes). Errors: inspect()'s, and io_error.
[[nodiscard]] result<model_info> inspect_file(format_name format, char const* path,
                                              limits const& bounds = {});

/// A weights artifact for the file at `path`: its size and SHA-256, read as
/// check_artifact_file reads (describing an ONNX model's external data). Errors: io_error.
[[nodiscard]] result<artifact> describe_weights(char const* path, std::string uri);

/// check_artifact on the file at `path`, which is never read into memory whole: the digest
/// reads it 8 MiB at a time, and the format reader sees it mapped read-only and touches only
/// the structure it parses (a GGUF or safetensors header, an ONNX graph). A 5 GiB checkpoint
/// is checked in under 64 MiB of resident memory. max_model_bytes does not apply, since
/// nothing is allocated from the file's size. A file that cannot be opened or mapped is an
/// io_error mismatch. The file must not be cut short while it is checked (a mapped file that
/// shrinks under a reader raises SIGBUS).
[[nodiscard]] check_report check_artifact_file(descriptor const& d, std::size_t artifact_index,
                                               char const* path, limits const& bounds = {});

/// What `describe` cannot know from the file: the descriptor's identity and the artifact's
/// name.
struct describe_options {
  std::string model_id;  // empty: "urn:x-imsdp:model:<first 16 hex digits of the SHA-256>"
  std::string version = "1.0.0";
  std::string task;  // empty: no task member
  std::string uri;   // the artifact's uri (the file name)
  /// The max given to each dynamic dimension, lowered where a tensor's largest size would
  /// pass 2^64 bits (symbolic dimensions need bounds, research section 8.1).
  std::uint64_t dynamic_max = 65536;
};

/// A descriptor skeleton for a model file with a graph (onnx, tflite): the format facts,
/// one full artifact (size, SHA-256), and the inputs and outputs as the file declares them,
/// dynamic dimensions made symbolic ({dim, max}; the file's name where it is an identifier).
/// Errors: what inspect() refuses; unsupported for a format without a graph, or a graph
/// value a descriptor cannot state (a sequence, map or optional; a complex or undefined
/// element type), with the file offset.
[[nodiscard]] result<descriptor> describe(format_name format, std::span<std::byte const> bytes,
                                          describe_options const& options = {},
                                          limits const& bounds = {});

}  // namespace imsdp::aiml::model
