// The AI/ML model descriptor (DESIGN.md section 6.1; research/model-and-tensor.md section
// 8), its limits, and its strict JSON form (schemas/aiml/model-descriptor.schema.json).
//
// Reading is strict: bounded size, depth, array and string lengths; duplicate keys, unknown
// members (except under "extensions"), non-integral or out-of-range integers are errors,
// and every error names the JSON pointer of the offending member (error.path).
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/dtype.hpp>
#include <imsdp/result.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace imsdp::aiml::model {

/// Tensor element types (research 3.6), shared with the intermediate-data frames.
using aiml::dtype;

/// Bounds for reading descriptors and model files. Every count, length and size of an
/// untrusted input is checked against these before memory is committed for it.
struct limits {
  // Descriptor JSON (research section 8.2: document <= 256 KiB, depth <= 16).
  std::size_t max_descriptor_bytes = 256u << 10;
  std::size_t max_json_depth = 16;
  // An Optimum-style Llama decoder has 67 inputs and 65 outputs (hidden state plus two KV
  // tensors per layer); 512 each fits 250 layers. Sharded checkpoints have up to ~200 files.
  std::size_t max_io_tensors = 512;  // inputs, and outputs, of one descriptor
  std::size_t max_artifacts = 256;
  // Model files.
  std::uint64_t max_model_bytes = std::uint64_t{1} << 32;  // an artifact or file (4 GiB)
  std::size_t max_rank = 8;                                // dimensions of one tensor
  std::size_t max_graph_tensors = 1024;                    // inputs plus outputs of a graph
  std::size_t max_quantization_params = 1u << 16;          // scales of the graph's I/O, in all
  std::size_t max_name_bytes = 4096;                       // one tensor or metadata name
  std::size_t max_header_bytes = 16u << 20;                // safetensors JSON header
  std::size_t max_header_tensors = 1u << 20;               // GGUF / safetensors tensor entries
  std::size_t max_metadata_entries = 1u << 16;             // GGUF key-value pairs
  std::size_t max_array_depth = 4;                         // GGUF nested arrays
  std::size_t max_units = 1u << 20;                        // MPEG NNC units
  std::uint32_t max_alignment = 1u << 16;                  // GGUF general.alignment
  // Delivery.
  std::size_t max_ranges = 4096;  // disjoint received ranges tracked per artifact
  std::size_t max_versions = 64;  // versions tracked per model
};

enum class digest_algorithm : std::uint8_t { sha_256, sha_384, sha_512 };
[[nodiscard]] std::string_view to_string(digest_algorithm a) noexcept;
/// Bytes of a digest of that algorithm (32, 48, 64).
[[nodiscard]] std::size_t digest_bytes(digest_algorithm a) noexcept;

/// An algorithm-tagged digest; `value` is lowercase hex of digest_bytes(alg) bytes.
struct digest {
  digest_algorithm alg = digest_algorithm::sha_256;
  std::string value;
  friend bool operator==(digest const&, digest const&) = default;
};

enum class format_name : std::uint8_t {
  onnx,
  tflite,
  nnef,
  nnc,
  executorch,
  gguf,
  safetensors,
  coreml,
  openvino
};
[[nodiscard]] std::string_view to_string(format_name f) noexcept;

/// ONNX opset_import entry; "" is the default ai.onnx domain.
struct opset {
  std::string domain;
  std::uint64_t version = 0;
  friend bool operator==(opset const&, opset const&) = default;
};

/// format{name, ...}: each format has its own version members (research section 8.1);
/// a member of another format is an unknown member.
struct model_format {
  format_name name = format_name::onnx;
  std::optional<std::uint32_t> ir_version;             // onnx (required), openvino
  std::vector<opset> opsets;                           // onnx (required, >= 1 entry)
  std::optional<std::uint32_t> schema_version;         // tflite: Model.version
  std::optional<std::string> min_runtime_version;      // tflite
  std::optional<std::string> nnef_version;             // nnef: "1.0"
  std::optional<std::uint32_t> profile_idc;            // nnc: general_profile_idc
  std::optional<std::string> topology_format;          // nnc: nnef, onnx, pytorch, tensorflow
  std::optional<std::string> pte_version;              // executorch: "ET12"
  std::vector<std::string> delegates;                  // executorch backend ids
  std::optional<std::uint32_t> gguf_version;           // gguf
  std::optional<std::uint32_t> specification_version;  // coreml
  friend bool operator==(model_format const&, model_format const&) = default;
};

enum class artifact_role : std::uint8_t { full, head, tail, weights, topology, aux, update };
[[nodiscard]] std::string_view to_string(artifact_role r) noexcept;

/// How the artifact travels when it is not sent as is (MPEG NNC, zstd, ...): the size
/// and digest of the encoded bytes.
struct encoding {
  std::string codec;  // nnc, zstd, gzip, deflate
  std::uint64_t size = 0;
  model::digest digest;
  friend bool operator==(encoding const&, encoding const&) = default;
};

/// What a weights file holds (role weights), compared with the file when stated: its
/// format (safetensors or gguf), its tensor count, and metadata entries that must be in the
/// file with these values (safetensors __metadata__; GGUF string values such as
/// general.architecture).
struct weights_contents {
  format_name format = format_name::safetensors;
  std::optional<std::uint64_t> tensor_count;
  std::map<std::string, std::string> metadata;
  friend bool operator==(weights_contents const&, weights_contents const&) = default;
};

/// One deliverable file. Sizes are integers <= 2^53 - 1 (JSON number safety).
struct artifact {
  artifact_role role = artifact_role::full;
  std::optional<std::uint32_t> partition_id;  // head and tail: the partition they split at
  std::string uri;
  std::uint64_t size = 0;
  model::digest digest;
  std::optional<model::encoding> encoding;
  /// role update: the model version this artifact updates (adaptive delivery).
  std::optional<std::string> update_of;
  /// role weights: what the file holds.
  std::optional<weights_contents> contents;
  friend bool operator==(artifact const&, artifact const&) = default;
};

/// A symbolic dimension with its bounds; `max` is required so receivers can bound
/// buffers (research section 8.1).
struct symbolic_dim {
  std::string name;
  std::optional<std::uint64_t> min;  // absent: 0
  std::uint64_t max = 1;
  friend bool operator==(symbolic_dim const&, symbolic_dim const&) = default;
};
using dimension = std::variant<std::uint64_t, symbolic_dim>;

/// Affine quantization of a tensor: real = scale * (q - zeroPoint), per tensor or per axis.
struct quantization {
  std::vector<double> scale;
  std::vector<std::int64_t> zero_point;
  std::optional<std::uint32_t> axis;
  friend bool operator==(quantization const&, quantization const&) = default;
};

/// The media stream a tensor is bound to (SDP mid).
struct media_binding {
  std::string mid;
  std::optional<std::string> kind;  // audio, video, text, application
  friend bool operator==(media_binding const&, media_binding const&) = default;
};

struct tensor {
  std::string name;
  std::optional<std::uint32_t> tensor_id;  // partitions: the AIDF tensor_id
  model::dtype dtype = model::dtype::float32;
  std::vector<dimension> shape;
  std::optional<std::string> layout;  // "NCHW": 1..8 capital letters, one per dimension
  std::optional<model::quantization> quantization;
  std::optional<media_binding> media;
  friend bool operator==(tensor const&, tensor const&) = default;
};

struct compression_profile {
  std::uint32_t id = 0;
  std::string codec;  // none, fp16, affine-int8, zstd, affine-int8+zstd, ...
  std::optional<std::int64_t> level;
  friend bool operator==(compression_profile const&, compression_profile const&) = default;
};

struct rate_range {
  std::optional<std::uint64_t> min;
  std::optional<std::uint64_t> max;
  friend bool operator==(rate_range const&, rate_range const&) = default;
};

struct partition {
  std::uint32_t partition_id = 0;
  std::optional<std::string> cut;
  std::vector<tensor> intermediate;
  std::vector<compression_profile> compression_profiles;
  std::optional<double> head_gmacs;         // headCost.gmacs
  std::optional<rate_range> expected_kbps;  // expectedKbps{min, max}
  friend bool operator==(partition const&, partition const&) = default;
};

struct requirements {
  std::vector<std::string> accelerators;  // npu, gpu, cpu, dsp
  std::optional<std::uint64_t> memory_bytes;
  std::vector<std::string> delegates;
  friend bool operator==(requirements const&, requirements const&) = default;
};

/// Detached signature over the RFC 8785 canonical descriptor (research section 8.1).
struct signature {
  std::string format;  // jws-detached
  std::string value;   // base64url
  friend bool operator==(signature const&, signature const&) = default;
};

struct descriptor {
  std::string descriptor_version = "1.0";
  std::string model_id;  // urn:...
  std::string version;
  std::optional<std::string> task;  // urn:...
  model_format format;
  std::vector<artifact> artifacts;
  std::vector<tensor> inputs;
  std::vector<tensor> outputs;
  std::vector<model::partition> partitions;
  std::optional<model::requirements> requirements;
  std::optional<model::signature> signature;
  std::optional<std::map<std::string, std::string>> metadata;
  /// The "extensions" object as compact JSON text, members sorted; unknown members live
  /// here only.
  std::optional<std::string> extensions;
  friend bool operator==(descriptor const&, descriptor const&) = default;
};

/// Reads a descriptor. Never throws (bad_alloc aside); errors carry error.path.
[[nodiscard]] result<descriptor> read_descriptor(std::string_view json_text,
                                                 limits const& bounds = {});

/// Writes the canonical JSON form: compact, members sorted by name, absent optionals
/// omitted. read_descriptor(write_descriptor(d)) == d.
[[nodiscard]] std::string write_descriptor(descriptor const& d);

/// The partition with that id, or nullptr.
[[nodiscard]] partition const* find_partition(descriptor const& d, std::uint32_t id) noexcept;

}  // namespace imsdp::aiml::model
