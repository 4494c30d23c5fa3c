// Small model files written by our own writers for the tests, the fuzz seeds and the
// examples: an ONNX ModelProto (protobuf wire format), a TFLite FlatBuffer laid out by
// hand, safetensors and GGUF headers with their data. Only what the readers look at.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace imsdp::test {

inline std::span<std::byte const> as_bytes(std::string const& s) {
  return {reinterpret_cast<std::byte const*>(s.data()), s.size()};
}

template <class T>
void put_le(std::string& out, T value) {
  char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof value);
  out.append(raw, sizeof raw);
}

// ---- protobuf ----

class protobuf_writer {
 public:
  static void varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  }
  protobuf_writer& integer(std::uint32_t field, std::uint64_t v) {
    varint(out_, std::uint64_t{field} << 3);
    varint(out_, v);
    return *this;
  }
  protobuf_writer& bytes(std::uint32_t field, std::string_view v) {
    varint(out_, (std::uint64_t{field} << 3) | 2);
    varint(out_, v.size());
    out_ += v;
    return *this;
  }
  protobuf_writer& message(std::uint32_t field, protobuf_writer const& m) {
    return bytes(field, m.out_);
  }
  [[nodiscard]] std::string const& str() const noexcept { return out_; }

 private:
  std::string out_;
};

using onnx_dim = std::variant<std::int64_t, std::string>;
struct onnx_value {
  std::string name;
  std::int64_t elem_type = 1;  // FLOAT
  std::vector<onnx_dim> dims;
  // TypeProto field holding the value: 1 tensor_type; 4 sequence_type (of this tensor),
  // 9 optional_type (likewise); with_shape false: a tensor_type without shape.
  std::uint32_t type_field = 1;
  bool with_shape = true;
};
struct onnx_model {
  std::uint64_t ir_version = 10;
  std::vector<std::pair<std::string, std::uint64_t>> opsets{{"", 21}};
  std::vector<onnx_value> inputs{{"mel", 1, {std::int64_t{1}, std::int64_t{80}, std::string("T")}}};
  std::vector<onnx_value> outputs{
      {"logits", 1, {std::int64_t{1}, std::string("T"), std::int64_t{32}}}};
  std::vector<std::string> initializers{"weight"};
  /// Initializers in an external file: data_location EXTERNAL with this "location" entry
  /// (empty: EXTERNAL without a location).
  std::optional<std::string> external_location;
};

inline protobuf_writer onnx_value_info(onnx_value const& v) {
  protobuf_writer shape;
  for (auto const& d : v.dims) {
    protobuf_writer dim;
    if (auto const* n = std::get_if<std::int64_t>(&d)) {
      dim.integer(1, static_cast<std::uint64_t>(*n));
    } else {
      dim.bytes(2, std::get<std::string>(d));
    }
    shape.message(1, dim);
  }
  protobuf_writer tensor_type;
  tensor_type.integer(1, static_cast<std::uint64_t>(v.elem_type));
  if (v.with_shape) tensor_type.message(2, shape);
  protobuf_writer type;
  if (v.type_field == 1) {
    type.message(1, tensor_type);
  } else {  // sequence_type / optional_type { elem_type = 1: TypeProto{tensor_type} }
    protobuf_writer element;
    element.message(1, tensor_type);
    protobuf_writer wrapper;
    wrapper.message(1, element);
    type.message(v.type_field, wrapper);
  }
  protobuf_writer info;
  info.bytes(1, v.name).message(2, type);
  return info;
}

/// ModelProto{ir_version, producer_name, graph{node, name, initializer, input, output},
/// opset_import}.
inline std::string write_onnx(onnx_model const& m) {
  protobuf_writer graph;
  protobuf_writer node;
  node.bytes(1, m.inputs.empty() ? "x" : m.inputs[0].name).bytes(2, "logits").bytes(4, "Identity");
  graph.message(1, node).bytes(2, "main");
  for (auto const& name : m.initializers) {
    protobuf_writer tensor;
    tensor.integer(1, 4).integer(2, 1).bytes(8, name).bytes(9, std::string(16, '\x01'));
    if (m.external_location) {
      protobuf_writer entry;  // StringStringEntryProto{key = 1, value = 2}
      entry.bytes(1, "location").bytes(2, *m.external_location);
      if (!m.external_location->empty()) tensor.message(13, entry);
      tensor.integer(14, 1);
    }
    graph.message(5, tensor);
  }
  for (auto const& v : m.inputs)
    graph.message(11, onnx_value_info(v));
  for (auto const& v : m.outputs)
    graph.message(12, onnx_value_info(v));
  protobuf_writer model;
  model.integer(1, m.ir_version).bytes(2, "imsdp-tests").bytes(3, "1");
  model.message(7, graph);
  for (auto const& [domain, version] : m.opsets) {
    protobuf_writer opset;
    opset.bytes(1, domain).integer(2, version);
    model.message(8, opset);
  }
  return model.str();
}

// ---- FlatBuffers (TFLite) ----

/// A FlatBuffer object for the forward layout below: a table of fields, a vector of
/// int32, a vector of tables, or a string.
struct fb_object;
using fb_ref = std::shared_ptr<fb_object>;
struct fb_field {
  unsigned index = 0;
  std::uint32_t scalar = 0;  // written in a 4-byte slot (little-endian low bytes first)
  fb_ref child;              // set: an offset field
};
struct fb_object {
  enum class kind { table, ints, longs, tables, string } type = kind::table;
  std::vector<fb_field> fields;
  std::vector<std::int32_t> ints;
  std::vector<std::int64_t> longs;
  std::vector<fb_ref> tables;
  std::string text;
};

inline fb_ref fb_table(std::vector<fb_field> fields) {
  auto o = std::make_shared<fb_object>();
  o->fields = std::move(fields);
  return o;
}
inline fb_ref fb_ints(std::vector<std::int32_t> v) {
  auto o = std::make_shared<fb_object>();
  o->type = fb_object::kind::ints;
  o->ints = std::move(v);
  return o;
}
inline fb_ref fb_longs(std::vector<std::int64_t> v) {
  auto o = std::make_shared<fb_object>();
  o->type = fb_object::kind::longs;
  o->longs = std::move(v);
  return o;
}
inline fb_ref fb_floats(std::vector<float> const& v) {
  std::vector<std::int32_t> bits;
  for (float f : v) {
    std::int32_t b = 0;
    std::memcpy(&b, &f, sizeof b);
    bits.push_back(b);
  }
  return fb_ints(std::move(bits));
}
inline fb_ref fb_tables(std::vector<fb_ref> v) {
  auto o = std::make_shared<fb_object>();
  o->type = fb_object::kind::tables;
  o->tables = std::move(v);
  return o;
}
inline fb_ref fb_string(std::string s) {
  auto o = std::make_shared<fb_object>();
  o->type = fb_object::kind::string;
  o->text = std::move(s);
  return o;
}

/// Lays objects out front to back: every offset points forward, as uoffset_t requires;
/// each table's vtable sits just before it.
class flatbuffer_writer {
 public:
  std::size_t write(fb_object const& o) {
    align();
    switch (o.type) {
      case fb_object::kind::table: {
        std::size_t max_index = 0;
        for (auto const& f : o.fields)
          max_index = std::max<std::size_t>(max_index, f.index + 1);
        auto const vtable = out_.size();
        put_le<std::uint16_t>(out_, static_cast<std::uint16_t>(4 + 2 * max_index));
        put_le<std::uint16_t>(out_, static_cast<std::uint16_t>(4 + 4 * o.fields.size()));
        std::vector<std::uint16_t> slots(max_index, 0);
        for (std::size_t i = 0; i < o.fields.size(); ++i)
          slots[o.fields[i].index] = static_cast<std::uint16_t>(4 + 4 * i);
        for (auto s : slots)
          put_le<std::uint16_t>(out_, s);
        align();
        auto const table = out_.size();
        put_le<std::int32_t>(out_, static_cast<std::int32_t>(table - vtable));
        for (auto const& f : o.fields)
          put_le<std::uint32_t>(out_, f.scalar);
        for (std::size_t i = 0; i < o.fields.size(); ++i)
          if (o.fields[i].child) patch(table + 4 + 4 * i, write(*o.fields[i].child));
        return table;
      }
      case fb_object::kind::ints: {
        auto const at = out_.size();
        put_le<std::uint32_t>(out_, static_cast<std::uint32_t>(o.ints.size()));
        for (auto v : o.ints)
          put_le<std::int32_t>(out_, v);
        return at;
      }
      case fb_object::kind::longs: {
        if (out_.size() % 8 == 0) put_le<std::uint32_t>(out_, 0);  // elements 8-aligned
        auto const at = out_.size();
        put_le<std::uint32_t>(out_, static_cast<std::uint32_t>(o.longs.size()));
        for (auto v : o.longs)
          put_le<std::int64_t>(out_, v);
        return at;
      }
      case fb_object::kind::tables: {
        auto const at = out_.size();
        put_le<std::uint32_t>(out_, static_cast<std::uint32_t>(o.tables.size()));
        for (std::size_t i = 0; i < o.tables.size(); ++i)
          put_le<std::uint32_t>(out_, 0);
        for (std::size_t i = 0; i < o.tables.size(); ++i)
          patch(at + 4 + 4 * i, write(*o.tables[i]));
        return at;
      }
      case fb_object::kind::string: {
        auto const at = out_.size();
        put_le<std::uint32_t>(out_, static_cast<std::uint32_t>(o.text.size()));
        out_ += o.text;
        out_ += '\0';
        return at;
      }
    }
    return 0;
  }

  /// The whole buffer: root offset, file identifier, then the objects.
  std::string finish(fb_object const& root, std::string_view identifier) {
    out_.assign(4, '\0');
    out_ += identifier;
    patch(0, write(root));
    return out_;
  }

 private:
  void align() {
    while (out_.size() % 4 != 0)
      out_ += '\0';
  }
  void patch(std::size_t slot, std::size_t target) {
    auto const offset = static_cast<std::uint32_t>(target - slot);
    std::memcpy(out_.data() + slot, &offset, 4);
  }
  std::string out_;
};

struct tflite_quantization {
  std::vector<float> scale;
  std::vector<std::int64_t> zero_point;
  std::int32_t quantized_dimension = 0;
};
struct tflite_tensor {
  std::string name;
  std::int8_t type = 0;  // FLOAT32
  std::vector<std::int32_t> shape;
  std::vector<std::int32_t> signature;  // empty: none
  std::optional<tflite_quantization> quantization;
};
struct tflite_model {
  std::uint32_t version = 3;
  std::vector<tflite_tensor> tensors{
      {"input", 0, {1, 224, 224, 3}, {-1, 224, 224, 3}, std::nullopt},
      {"features", 9, {1, 1000}, {}, std::nullopt}};
  std::vector<std::int32_t> inputs{0};
  std::vector<std::int32_t> outputs{1};
};

/// Model{version = 0, subgraphs = 2}; SubGraph{tensors = 0, inputs = 1, outputs = 2,
/// name = 4}; Tensor{shape = 0, type = 1, name = 3, quantization = 4, shape_signature = 7};
/// QuantizationParameters{scale = 2, zero_point = 3, quantized_dimension = 6}.
inline std::string write_tflite(tflite_model const& m) {
  std::vector<fb_ref> tensors;
  for (auto const& t : m.tensors) {
    std::vector<fb_field> fields{{0, 0, fb_ints(t.shape)},
                                 {1, static_cast<std::uint8_t>(t.type), nullptr},
                                 {3, 0, fb_string(t.name)}};
    if (t.quantization) {
      auto const& q = *t.quantization;
      std::vector<fb_field> params{{6, static_cast<std::uint32_t>(q.quantized_dimension), nullptr}};
      if (!q.scale.empty()) params.push_back({2, 0, fb_floats(q.scale)});
      if (!q.zero_point.empty()) params.push_back({3, 0, fb_longs(q.zero_point)});
      fields.push_back({4, 0, fb_table(std::move(params))});
    }
    if (!t.signature.empty()) fields.push_back({7, 0, fb_ints(t.signature)});
    tensors.push_back(fb_table(std::move(fields)));
  }
  auto const subgraph = fb_table({{0, 0, fb_tables(std::move(tensors))},
                                  {1, 0, fb_ints(m.inputs)},
                                  {2, 0, fb_ints(m.outputs)},
                                  {4, 0, fb_string("main")}});
  auto const model = fb_table({{0, m.version, nullptr}, {2, 0, fb_tables({subgraph})}});
  return flatbuffer_writer().finish(*model, "TFL3");
}

// ---- safetensors ----

/// One F32 tensor "weight" of `shape` (elements of `data_bytes / 4`), `header_extra`
/// spliced into the header object.
inline std::string write_safetensors(
    std::string const& shape = "[2,2]", std::uint64_t begin = 0, std::uint64_t end = 16,
    std::size_t data_bytes = 16,
    std::string const& header_extra = R"(,"__metadata__":{"format":"pt"})") {
  std::string header = R"({"weight":{"dtype":"F32","shape":)" + shape + R"(,"data_offsets":[)" +
                       std::to_string(begin) + "," + std::to_string(end) + "]}" + header_extra +
                       "}";
  while ((8 + header.size()) % 8 != 0)
    header += ' ';
  std::string out;
  put_le<std::uint64_t>(out, header.size());
  out += header;
  out.append(data_bytes, '\0');
  return out;
}

// ---- GGUF ----

struct gguf_tensor {
  std::string name = "token_embd.weight";
  std::vector<std::uint64_t> dims{32, 4};
  std::uint32_t type = 0;  // F32
  std::uint64_t offset = 0;
};

inline void gguf_string(std::string& out, std::string_view s) {
  put_le<std::uint64_t>(out, s.size());
  out += s;
}

/// GGUF v3: general.architecture (string), general.alignment (u32 32), a u32 array, the
/// tensor infos, padding to the alignment (unless `pad` is false: a file that ends after
/// its header), then `data_bytes` of data.
inline std::string write_gguf(std::vector<gguf_tensor> const& tensors = {gguf_tensor{}},
                              std::size_t data_bytes = 512, std::uint32_t alignment = 32,
                              bool pad = true) {
  std::string out = "GGUF";
  put_le<std::uint32_t>(out, 3);
  put_le<std::uint64_t>(out, tensors.size());
  put_le<std::uint64_t>(out, 3);
  gguf_string(out, "general.architecture");
  put_le<std::uint32_t>(out, 8);
  gguf_string(out, "test");
  gguf_string(out, "general.alignment");
  put_le<std::uint32_t>(out, 4);
  put_le<std::uint32_t>(out, alignment);
  gguf_string(out, "test.layers");
  put_le<std::uint32_t>(out, 9);
  put_le<std::uint32_t>(out, 4);
  put_le<std::uint64_t>(out, 2);
  put_le<std::uint32_t>(out, 7);
  put_le<std::uint32_t>(out, 9);
  for (auto const& t : tensors) {
    gguf_string(out, t.name);
    put_le<std::uint32_t>(out, static_cast<std::uint32_t>(t.dims.size()));
    for (auto d : t.dims)
      put_le<std::uint64_t>(out, d);
    put_le<std::uint32_t>(out, t.type);
    put_le<std::uint64_t>(out, t.offset);
  }
  while (pad && out.size() % alignment != 0)
    out += '\0';
  out.append(data_bytes, '\0');
  return out;
}

}  // namespace imsdp::test
