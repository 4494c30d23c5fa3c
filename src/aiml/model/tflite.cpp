// TFLite / LiteRT: a bounded FlatBuffer reader for the "TFL3" schema (research/
// model-and-tensor.md section 2.3; tflite schema.fbs field order). Reads Model.version and
// subgraphs[0] inputs/outputs (Tensor name, type, shape, shape_signature, quantization). Every
// offset, vtable and vector is checked against the buffer as the FlatBuffers Verifier does.
#include <array>
#include <cmath>

#include "aiml/model/byte_reader.hpp"
#include "aiml/model/formats.hpp"

namespace imsdp::aiml::model::detail {
namespace {

using bytes_view = std::span<std::byte const>;

std::uint32_t u32_at(bytes_view b, std::size_t at) {
  return byte_reader::load<std::uint32_t>(b.data() + at);
}

// A table: its position and its vtable, both checked.
struct table {
  std::size_t position = 0;
  std::size_t vtable = 0;
  std::uint16_t vtable_size = 0;
  std::uint16_t table_size = 0;
};

class flatbuffer {
 public:
  explicit flatbuffer(bytes_view bytes) : bytes_(bytes) {}

  result<table> table_at(std::size_t position) const {
    if (position > bytes_.size() || bytes_.size() - position < 4)
      return file_error(errc::model_truncated, position, "table outside the buffer");
    auto const soffset = static_cast<std::int32_t>(u32_at(bytes_, position));
    auto const vtable = static_cast<std::int64_t>(position) - soffset;
    if (vtable < 0 || static_cast<std::uint64_t>(vtable) + 4 > bytes_.size())
      return file_error(errc::model_malformed, position, "vtable outside the buffer");
    table t;
    t.position = position;
    t.vtable = static_cast<std::size_t>(vtable);
    t.vtable_size = byte_reader::load<std::uint16_t>(bytes_.data() + t.vtable);
    t.table_size = byte_reader::load<std::uint16_t>(bytes_.data() + t.vtable + 2);
    if (t.vtable_size < 4 || t.vtable_size % 2 != 0 || t.vtable + t.vtable_size > bytes_.size() ||
        t.table_size < 4 || position + t.table_size > bytes_.size())
      return file_error(errc::model_malformed, t.vtable, "vtable sizes out of bounds");
    return t;
  }

  // Position of field `index` inside the table, 0 if absent; the field's `width` bytes
  // must lie inside the table.
  result<std::size_t> field(table const& t, unsigned index, std::size_t width) const {
    std::size_t const entry = 4 + 2 * std::size_t{index};
    if (entry + 2 > t.vtable_size) return std::size_t{0};
    auto const voffset = byte_reader::load<std::uint16_t>(bytes_.data() + t.vtable + entry);
    if (voffset == 0) return std::size_t{0};
    if (std::size_t{voffset} + width > t.table_size)
      return file_error(errc::model_malformed, t.position, "field outside its table");
    return t.position + voffset;
  }

  template <class T>
  result<T> scalar(table const& t, unsigned index, T fallback) const {
    auto const at = field(t, index, sizeof(T));
    if (!at) return at.error();
    if (*at == 0) return fallback;
    return byte_reader::load<T>(bytes_.data() + *at);
  }

  // The target of an offset field, 0 if the field is absent.
  result<std::size_t> target(table const& t, unsigned index) const {
    auto const at = field(t, index, 4);
    if (!at) return at.error();
    if (*at == 0) return std::size_t{0};
    return follow(*at);
  }

  result<std::size_t> follow(std::size_t at) const {
    std::uint64_t const to = std::uint64_t{at} + u32_at(bytes_, at);
    if (to + 4 > bytes_.size())
      return file_error(errc::model_malformed, at, "offset outside the buffer");
    return static_cast<std::size_t>(to);
  }

  struct vector {
    std::size_t data = 0;  // first element
    std::uint32_t length = 0;
  };
  // A vector of `width`-byte elements at `position`; its elements lie inside the buffer.
  result<vector> vector_at(std::size_t position, std::size_t width) const {
    vector v{position + 4, u32_at(bytes_, position)};
    if (std::uint64_t{v.length} * width > bytes_.size() - v.data)
      return file_error(errc::model_malformed, position, "vector longer than the buffer");
    return v;
  }

  // A string: a byte vector followed by a NUL.
  result<std::string_view> string_at(std::size_t position, limits const& bounds) const {
    auto const v = vector_at(position, 1);
    if (!v) return v.error();
    if (v->data + v->length >= bytes_.size() || bytes_[v->data + v->length] != std::byte{0})
      return file_error(errc::model_malformed, position, "string without its NUL");
    if (v->length > bounds.max_name_bytes)
      return file_error(errc::limit_exceeded, position, "name too long");
    return as_text(bytes_.subspan(v->data, v->length));
  }

  [[nodiscard]] bytes_view bytes() const noexcept { return bytes_; }

 private:
  bytes_view bytes_;
};

// TensorType (schema.fbs) -> descriptor dtype.
std::optional<dtype> dtype_from_tflite(std::int64_t code) {
  constexpr std::array<std::pair<int, dtype>, 18> map{{
      {0, dtype::float32},
      {1, dtype::float16},
      {2, dtype::int32},
      {3, dtype::uint8},
      {4, dtype::int64},
      {6, dtype::boolean},
      {7, dtype::int16},
      {9, dtype::int8},
      {10, dtype::float64},
      {12, dtype::uint64},
      {15, dtype::uint32},
      {16, dtype::uint16},
      {17, dtype::int4},
      {18, dtype::bfloat16},
      {19, dtype::int2},
      {20, dtype::uint4},
      {21, dtype::float8e4m3fn},
      {22, dtype::float8e5m2},
  }};
  for (auto const& [c, t] : map)
    if (c == code) return t;
  return std::nullopt;
}

// Reads a [int] vector of dimensions (shape, shape_signature).
result<std::vector<std::int32_t>> int_vector(flatbuffer const& fb, std::size_t position,
                                             limits const& bounds) {
  auto const v = fb.vector_at(position, 4);
  if (!v) return v.error();
  if (v->length > bounds.max_rank)
    return file_error(errc::limit_exceeded, position,
                      "rank above " + std::to_string(bounds.max_rank));
  std::vector<std::int32_t> out;
  for (std::uint32_t i = 0; i < v->length; ++i)
    out.push_back(static_cast<std::int32_t>(u32_at(fb.bytes(), v->data + 4 * std::size_t{i})));
  return out;
}

// QuantizationParameters: min = 0, max = 1, scale = 2 ([float]), zero_point = 3 ([long]),
// details = 4/5, quantized_dimension = 6. Parameters without a scale (min/max only) leave
// the tensor unquantized.
result<std::optional<quantization>> read_quantization(flatbuffer const& fb, std::size_t position,
                                                      limits const& bounds) {
  auto const t = fb.table_at(position);
  if (!t) return t.error();
  auto const scale_at = fb.target(*t, 2);
  auto const zero_at = fb.target(*t, 3);
  auto const axis = fb.scalar<std::int32_t>(*t, 6, 0);
  if (!scale_at) return scale_at.error();
  if (!zero_at) return zero_at.error();
  if (!axis) return axis.error();
  using none = std::optional<quantization>;
  if (*scale_at == 0) return none();
  auto const scales = fb.vector_at(*scale_at, 4);
  if (!scales) return scales.error();
  if (scales->length == 0) return none();
  if (scales->length > bounds.max_quantization_params)
    return file_error(errc::limit_exceeded, *scale_at, "too many quantization parameters");
  quantization q;
  for (std::uint32_t i = 0; i < scales->length; ++i) {
    auto const at = scales->data + 4 * std::size_t{i};
    auto const scale = byte_reader::load<float>(fb.bytes().data() + at);
    // real = scale * (q - zero_point): a scale is a finite number >= 0.
    if (!std::isfinite(scale) || scale < 0)
      return file_error(errc::model_malformed, at,
                        "quantization scale is not a finite number >= 0");
    q.scale.push_back(scale);
  }
  if (*zero_at != 0) {
    auto const zeros = fb.vector_at(*zero_at, 8);
    if (!zeros) return zeros.error();
    for (std::uint32_t i = 0; i < zeros->length; ++i)
      q.zero_point.push_back(
          byte_reader::load<std::int64_t>(fb.bytes().data() + zeros->data + 8 * std::size_t{i}));
  }
  if (!q.zero_point.empty() && q.zero_point.size() != q.scale.size())
    return file_error(errc::model_malformed, *zero_at, "zero_point and scale differ in length");
  if (q.scale.size() > 1) {
    if (*axis < 0) return file_error(errc::model_malformed, t->position, "quantized_dimension");
    q.axis = static_cast<std::uint32_t>(*axis);
  }
  return none(std::move(q));
}

// Tensor: shape = 0, type = 1, buffer = 2, name = 3, quantization = 4, ...,
// shape_signature = 7.
result<tensor_info> read_tensor(flatbuffer const& fb, std::size_t position, limits const& bounds) {
  auto const t = fb.table_at(position);
  if (!t) return t.error();
  tensor_info info;
  info.offset = position;
  auto const type = fb.scalar<std::int8_t>(*t, 1, 0);
  if (!type) return type.error();
  info.type_code = *type;
  info.dtype = dtype_from_tflite(*type);
  auto const name = fb.target(*t, 3);
  if (!name) return name.error();
  if (*name != 0) {
    auto const s = fb.string_at(*name, bounds);
    if (!s) return s.error();
    info.name = std::string(*s);
  }
  auto const params = fb.target(*t, 4);
  if (!params) return params.error();
  if (*params != 0) {
    auto q = read_quantization(fb, *params, bounds);
    if (!q) return q.error();
    info.quantization = std::move(*q);
  }
  auto const shape = fb.target(*t, 0);
  auto const signature = fb.target(*t, 7);
  if (!shape) return shape.error();
  if (!signature) return signature.error();
  if (*shape != 0) {
    auto dims = int_vector(fb, *shape, bounds);
    if (!dims) return dims.error();
    std::vector<std::int32_t> dynamic;
    if (*signature != 0) {
      auto sig = int_vector(fb, *signature, bounds);
      if (!sig) return sig.error();
      if (sig->size() != dims->size())
        return file_error(errc::model_malformed, *signature,
                          "shape_signature rank differs from shape");
      dynamic = std::move(*sig);
    }
    info.has_shape = true;
    for (std::size_t i = 0; i < dims->size(); ++i) {
      dimension_info d;
      // shape_signature marks dynamic dimensions with -1.
      if (dynamic.empty() || dynamic[i] != -1) d.value = (*dims)[i];
      info.shape.push_back(std::move(d));
    }
  }
  return info;
}

}  // namespace

// Model: version = 0, operator_codes = 1, subgraphs = 2, description = 3, buffers = 4.
// SubGraph: tensors = 0, inputs = 1, outputs = 2.
result<model_info> inspect_tflite(std::span<std::byte const> bytes, limits const& bounds) {
  if (bytes.size() < 8 || as_text(bytes.subspan(4, 4)) != "TFL3")
    return file_error(errc::model_format_mismatch, 4, "no \"TFL3\" file identifier at byte 4");
  flatbuffer const fb(bytes);
  model_info info;
  info.format = format_name::tflite;
  info.size = bytes.size();
  info.has_graph = true;
  info.states_quantization = true;
  auto const root = fb.follow(0);
  if (!root) return root.error();
  auto const model = fb.table_at(*root);
  if (!model) return model.error();
  auto const version = fb.scalar<std::uint32_t>(*model, 0, 0);
  if (!version) return version.error();
  info.schema_version = *version;
  auto const subgraphs = fb.target(*model, 2);
  if (!subgraphs) return subgraphs.error();
  if (*subgraphs == 0) return file_error(errc::model_malformed, *root, "no subgraphs");
  auto const list = fb.vector_at(*subgraphs, 4);
  if (!list) return list.error();
  if (list->length == 0) return file_error(errc::model_malformed, *subgraphs, "no subgraphs");
  auto const main_graph = fb.follow(list->data);
  if (!main_graph) return main_graph.error();
  auto const graph = fb.table_at(*main_graph);
  if (!graph) return graph.error();
  auto const tensors_at = fb.target(*graph, 0);
  if (!tensors_at) return tensors_at.error();
  if (*tensors_at == 0)
    return file_error(errc::model_malformed, *main_graph, "subgraph without tensors");
  auto const tensors = fb.vector_at(*tensors_at, 4);
  if (!tensors) return tensors.error();
  std::size_t params = 0;
  for (unsigned field : {1u, 2u}) {
    auto const at = fb.target(*graph, field);
    if (!at) return at.error();
    if (*at == 0) continue;
    auto const indices = fb.vector_at(*at, 4);
    if (!indices) return indices.error();
    if (info.inputs.size() + info.outputs.size() + indices->length > bounds.max_graph_tensors)
      return file_error(errc::limit_exceeded, *at, "too many graph inputs and outputs");
    for (std::uint32_t i = 0; i < indices->length; ++i) {
      auto const index = u32_at(bytes, indices->data + 4 * std::size_t{i});
      if (index >= tensors->length)
        return file_error(errc::model_malformed, indices->data + 4 * std::size_t{i},
                          "tensor index " + std::to_string(index) + " out of range");
      auto const tensor_at = fb.follow(tensors->data + 4 * std::size_t{index});
      if (!tensor_at) return tensor_at.error();
      auto t = read_tensor(fb, *tensor_at, bounds);
      if (!t) return t.error();
      // Tensors may share one parameters table: bound the copies, not only each.
      if (t->quantization) params += t->quantization->scale.size();
      if (params > bounds.max_quantization_params)
        return file_error(errc::limit_exceeded, *tensor_at,
                          "more than " + std::to_string(bounds.max_quantization_params) +
                              " quantization parameters");
      (field == 1 ? info.inputs : info.outputs).push_back(std::move(*t));
    }
  }
  return info;
}

}  // namespace imsdp::aiml::model::detail
