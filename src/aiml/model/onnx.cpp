// ONNX: a minimal, bounded protobuf wire reader for ModelProto (research/model-and-tensor.md
// section 2.2; onnx.proto field numbers). Reads ir_version, opset_import, and the graph's
// inputs and outputs with element types and shapes, and the files initializers keep their
// data in (external data, section 2.2; only relative paths inside the model's directory,
// section 3.8 item 8). Fixed message paths only, so no recursion.
#include <algorithm>
#include <string_view>
#include <vector>

#include "aiml/model/byte_reader.hpp"
#include "aiml/model/formats.hpp"

namespace imsdp::aiml::model::detail {
namespace {

enum class wire : std::uint8_t { varint = 0, fixed64 = 1, length_delimited = 2, fixed32 = 5 };

struct field {
  std::uint32_t number = 0;
  wire type = wire::varint;
  std::uint64_t value = 0;             // varint, fixed32, fixed64
  std::span<std::byte const> payload;  // length-delimited
  std::size_t offset = 0;              // of the tag
  std::size_t payload_offset = 0;
};

// One message's fields in order. Groups (wire types 3, 4) and field number 0 are errors.
class message_reader {
 public:
  message_reader(std::span<std::byte const> bytes, std::size_t base) : in_(bytes, base) {}

  [[nodiscard]] bool at_end() const noexcept { return in_.at_end(); }

  result<field> next() {
    field f;
    f.offset = in_.offset();
    auto const tag = varint();
    if (!tag) return tag.error();
    auto const type = *tag & 7;
    auto const number = *tag >> 3;
    if (number == 0 || number > 536870911)
      return file_error(errc::model_malformed, f.offset, "field number " + std::to_string(number));
    f.number = static_cast<std::uint32_t>(number);
    switch (type) {
      case 0: {
        f.type = wire::varint;
        auto const v = varint();
        if (!v) return v.error();
        f.value = *v;
        break;
      }
      case 1:
      case 5: {
        f.type = type == 1 ? wire::fixed64 : wire::fixed32;
        auto const raw = in_.take(type == 1 ? 8 : 4, "fixed-width field");
        if (!raw) return raw.error();
        f.value = type == 1 ? byte_reader::load<std::uint64_t>(raw->data())
                            : byte_reader::load<std::uint32_t>(raw->data());
        break;
      }
      case 2: {
        f.type = wire::length_delimited;
        auto const length = varint();
        if (!length) return length.error();
        f.payload_offset = in_.offset();
        auto const payload = in_.take(*length, "length-delimited field");
        if (!payload) return payload.error();
        f.payload = *payload;
        break;
      }
      default:
        return file_error(errc::model_malformed, f.offset, "wire type " + std::to_string(type));
    }
    return f;
  }

 private:
  // At most ten bytes; the tenth may only carry the top bit of a 64-bit value.
  result<std::uint64_t> varint() {
    auto const start = in_.offset();
    std::uint64_t value = 0;
    for (unsigned i = 0; i < 10; ++i) {
      auto const b = in_.read<std::uint8_t>("varint");
      if (!b) return file_error(errc::model_truncated, start, "truncated varint");
      if (i == 9 && *b > 1)
        return file_error(errc::model_malformed, start, "varint overflows 64 bits");
      value |= std::uint64_t{*b & 0x7Fu} << (7 * i);
      if ((*b & 0x80) == 0) return value;
    }
    return file_error(errc::model_malformed, start, "varint longer than 10 bytes");
  }

  byte_reader in_;
};

// Reads every field of a message and hands each to `on_field`, which returns an error
// to stop.
template <class OnField>
result<void> for_each_field(std::span<std::byte const> bytes, std::size_t base,
                            OnField&& on_field) {
  message_reader reader(bytes, base);
  while (!reader.at_end()) {
    auto f = reader.next();
    if (!f) return f.error();
    if (auto r = on_field(*f); !r) return r;
  }
  return {};
}

result<void> expect(field const& f, wire type, std::string_view name) {
  if (f.type == type) return {};
  return file_error(errc::model_malformed, f.offset,
                    std::string(name) + " has the wrong wire type");
}

result<std::string> bounded_string(field const& f, limits const& bounds, std::string_view name) {
  if (auto r = expect(f, wire::length_delimited, name); !r) return r.error();
  if (f.payload.size() > bounds.max_name_bytes)
    return file_error(errc::limit_exceeded, f.payload_offset,
                      std::string(name) + " longer than " + std::to_string(bounds.max_name_bytes));
  return std::string(as_text(f.payload));
}

// TensorShapeProto.Dimension: dim_value = 1, dim_param = 2.
result<dimension_info> read_dimension(field const& f, limits const& bounds) {
  dimension_info d;
  auto r = for_each_field(f.payload, f.payload_offset, [&](field const& g) -> result<void> {
    if (g.number == 1) {
      if (auto e = expect(g, wire::varint, "dim_value"); !e) return e;
      d.value = static_cast<std::int64_t>(g.value);
    } else if (g.number == 2) {
      auto s = bounded_string(g, bounds, "dim_param");
      if (!s) return s.error();
      d.symbol = std::move(*s);
    }
    return {};
  });
  if (!r) return r.error();
  return d;
}

// ValueInfoProto{name = 1, type = 2: TypeProto{tensor_type = 1: {elem_type = 1,
// shape = 2: TensorShapeProto{dim = 1}}}}.
result<tensor_info> read_value_info(field const& f, limits const& bounds) {
  tensor_info t;
  t.offset = f.offset;
  auto const on_shape = [&](field const& s) -> result<void> {
    if (s.number != 1) return {};
    if (auto e = expect(s, wire::length_delimited, "dim"); !e) return e;
    if (t.shape.size() >= bounds.max_rank)
      return file_error(errc::limit_exceeded, s.offset,
                        "rank above " + std::to_string(bounds.max_rank));
    auto d = read_dimension(s, bounds);
    if (!d) return d.error();
    t.shape.push_back(std::move(*d));
    return {};
  };
  auto const on_tensor_type = [&](field const& g) -> result<void> {
    if (g.number == 1) {
      if (auto e = expect(g, wire::varint, "elem_type"); !e) return e;
      t.type_code = static_cast<std::int64_t>(g.value);
      auto const d = dtype_from_onnx(*t.type_code);
      t.dtype = d && valid_in_descriptor(*d) ? d : std::nullopt;
    } else if (g.number == 2) {
      if (auto e = expect(g, wire::length_delimited, "shape"); !e) return e;
      if (t.has_shape) return file_error(errc::model_malformed, g.offset, "shape appears twice");
      t.has_shape = true;
      return for_each_field(g.payload, g.payload_offset, on_shape);
    }
    return {};
  };
  auto const on_type = [&](field const& g) -> result<void> {
    // TypeProto: tensor_type = 1, sequence_type = 4, map_type = 5, sparse_tensor_type = 8,
    // optional_type = 9 (onnx.proto); a descriptor describes tensors only.
    if (g.number == 6) return {};  // denotation
    if (g.number != 1) {
      t.kind = g.number == 4   ? value_kind::sequence
               : g.number == 5 ? value_kind::map
               : g.number == 8 ? value_kind::sparse_tensor
               : g.number == 9 ? value_kind::optional
                               : value_kind::other;
      return {};
    }
    if (auto e = expect(g, wire::length_delimited, "tensor_type"); !e) return e;
    return for_each_field(g.payload, g.payload_offset, on_tensor_type);
  };
  auto r = for_each_field(f.payload, f.payload_offset, [&](field const& g) -> result<void> {
    if (g.number == 1) {
      auto s = bounded_string(g, bounds, "name");
      if (!s) return s.error();
      t.name = std::move(*s);
    } else if (g.number == 2) {
      if (auto e = expect(g, wire::length_delimited, "type"); !e) return e;
      return for_each_field(g.payload, g.payload_offset, on_type);
    }
    return {};
  });
  if (!r) return r.error();
  return t;
}

// TensorProto: name = 8, external_data = 13 (StringStringEntryProto{key = 1, value = 2}),
// data_location = 14 (EXTERNAL = 1).
struct initializer {
  std::string_view name;
  std::string_view location;  // the external data file, empty if the bytes are inline
};

// The ONNX checker's rule: a location is a path relative to the model's directory and stays
// inside it (research 3.8 item 8: external data can point anywhere).
bool contained(std::string_view location) {
  if (location.empty() || location.front() == '/' ||
      location.find_first_of(std::string_view("\\:\0", 3)) != std::string_view::npos)
    return false;
  for (std::size_t at = 0; at <= location.size();) {
    auto const end = std::min(location.find('/', at), location.size());
    if (location.substr(at, end - at) == "..") return false;
    at = end + 1;
  }
  return true;
}

result<initializer> read_initializer(field const& f, limits const& bounds) {
  initializer out;
  bool external = false;
  std::size_t location_at = f.offset;
  auto r = for_each_field(f.payload, f.payload_offset, [&](field const& g) -> result<void> {
    if (g.number == 8 && g.type == wire::length_delimited) out.name = as_text(g.payload);
    if (g.number == 14 && g.type == wire::varint && g.value == 1) external = true;
    if (g.number != 13) return {};
    if (auto e = expect(g, wire::length_delimited, "external_data"); !e) return e;
    external = true;
    std::string_view key;
    std::string_view value;
    auto entry = for_each_field(g.payload, g.payload_offset, [&](field const& h) -> result<void> {
      if (h.type == wire::length_delimited && h.number == 1) key = as_text(h.payload);
      if (h.type == wire::length_delimited && h.number == 2) value = as_text(h.payload);
      return {};
    });
    if (!entry) return entry;
    if (key == "location") {
      out.location = value;
      location_at = g.offset;
    }
    return {};
  });
  if (!r) return r.error();
  if (!external) return out;
  if (out.location.empty())
    return file_error(errc::model_malformed, f.offset, "external data without a location");
  if (out.location.size() > bounds.max_name_bytes || !contained(out.location))
    return file_error(errc::model_malformed, location_at,
                      "external data location is not a relative path inside the model's "
                      "directory");
  return out;
}

// GraphProto: initializer = 5, input = 11, output = 12.
result<void> read_graph(field const& g, limits const& bounds, model_info& info) {
  auto r = for_each_field(g.payload, g.payload_offset, [&](field const& f) -> result<void> {
    if (f.number != 11 && f.number != 12) return {};
    if (auto e = expect(f, wire::length_delimited, "graph input/output"); !e) return e;
    if (info.inputs.size() + info.outputs.size() >= bounds.max_graph_tensors)
      return file_error(
          errc::limit_exceeded, f.offset,
          "more than " + std::to_string(bounds.max_graph_tensors) + " graph inputs and outputs");
    auto t = read_value_info(f, bounds);
    if (!t) return t.error();
    (f.number == 11 ? info.inputs : info.outputs).push_back(std::move(*t));
    return {};
  });
  if (!r) return r;
  // Before IR 4, initializers were listed among the inputs: those are weights, not inputs.
  std::vector<std::string_view> input_names;
  for (auto const& t : info.inputs)
    input_names.push_back(t.name);
  std::sort(input_names.begin(), input_names.end());
  std::vector<std::string_view> weights;
  r = for_each_field(g.payload, g.payload_offset, [&](field const& f) -> result<void> {
    if (f.number != 5) return {};
    if (auto e = expect(f, wire::length_delimited, "initializer"); !e) return e;
    auto const init = read_initializer(f, bounds);
    if (!init) return init.error();
    if (std::binary_search(input_names.begin(), input_names.end(), init->name))
      weights.push_back(init->name);
    auto& files = info.external_data;
    if (init->location.empty() ||
        std::find(files.begin(), files.end(), init->location) != files.end())
      return {};
    if (files.size() >= bounds.max_artifacts)
      return file_error(
          errc::limit_exceeded, f.offset,
          "more than " + std::to_string(bounds.max_artifacts) + " external data files");
    files.emplace_back(init->location);
    return {};
  });
  if (!r) return r;
  std::erase_if(info.inputs, [&](tensor_info const& t) {
    return std::find(weights.begin(), weights.end(), t.name) != weights.end();
  });
  return {};
}

}  // namespace

// ModelProto: ir_version = 1, graph = 7, opset_import = 8 {domain = 1, version = 2}.
result<model_info> inspect_onnx(std::span<std::byte const> bytes, limits const& bounds) {
  model_info info;
  info.format = format_name::onnx;
  info.size = bytes.size();
  info.has_graph = true;
  bool graph_seen = false;
  auto r = for_each_field(bytes, 0, [&](field const& f) -> result<void> {
    switch (f.number) {
      case 1:
        if (auto e = expect(f, wire::varint, "ir_version"); !e) return e;
        info.ir_version = f.value;
        return {};
      case 7:
        if (auto e = expect(f, wire::length_delimited, "graph"); !e) return e;
        if (graph_seen) return file_error(errc::model_malformed, f.offset, "graph appears twice");
        graph_seen = true;
        return read_graph(f, bounds, info);
      case 8: {
        if (auto e = expect(f, wire::length_delimited, "opset_import"); !e) return e;
        if (info.opsets.size() >= bounds.max_graph_tensors)
          return file_error(errc::limit_exceeded, f.offset, "too many opset_import entries");
        opset s;
        auto o = for_each_field(f.payload, f.payload_offset, [&](field const& g) -> result<void> {
          if (g.number == 1) {
            auto d = bounded_string(g, bounds, "domain");
            if (!d) return d.error();
            s.domain = std::move(*d);
          } else if (g.number == 2) {
            if (auto e = expect(g, wire::varint, "version"); !e) return e;
            s.version = g.value;
          }
          return {};
        });
        if (!o) return o;
        info.opsets.push_back(std::move(s));
        return {};
      }
      default:
        return {};
    }
  });
  if (!r) return r.error();
  if (!info.ir_version)
    return file_error(errc::model_format_mismatch, 0, "no ir_version: not an ONNX ModelProto");
  if (!graph_seen) return file_error(errc::model_format_mismatch, 0, "no graph");
  return info;
}

}  // namespace imsdp::aiml::model::detail
