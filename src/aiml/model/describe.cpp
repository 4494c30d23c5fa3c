// A descriptor skeleton from a model file (inspect.hpp: describe): what `imsdp model
// describe` writes for the user to complete.
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>

namespace imsdp::aiml::model {
namespace {

/// A symbol the descriptor accepts (^[A-Za-z_][A-Za-z0-9_]*$, at most 32 bytes): the
/// file's, with other bytes as '_'; `fallback` when the file names none.
std::string symbol_of(std::string_view file_symbol, std::string fallback) {
  if (file_symbol.empty()) return fallback;
  std::string out;
  for (char c : file_symbol.substr(0, 32)) {
    bool const word =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    out += word ? c : '_';
  }
  if (out[0] >= '0' && out[0] <= '9') out = ("_" + out).substr(0, 32);
  return out;
}

/// Whether the largest size of a shape, in bits, fits 64 bits.
bool fits(std::vector<dimension> const& shape, dtype t) {
  std::uint64_t product = std::max<std::uint64_t>(bits_of(t), 1);
  for (auto const& d : shape) {
    auto const* n = std::get_if<std::uint64_t>(&d);
    if (__builtin_mul_overflow(product, n != nullptr ? *n : std::get<symbolic_dim>(d).max,
                               &product))
      return false;
  }
  return true;
}

result<tensor> tensor_of(tensor_info const& info, std::string const& where,
                         describe_options const& options) {
  auto const refuse = [&](std::string what) {
    auto e = make_error(errc::unsupported, "describe", where + " '" + info.name + "' " + what);
    e.where.offset = info.offset;
    return e;
  };
  if (info.kind != value_kind::tensor)
    return refuse("is not a tensor but a " + std::string(to_string(info.kind)) +
                  " value: a descriptor states tensors only");
  if (!info.dtype || !valid_in_descriptor(*info.dtype))
    return refuse(info.type_code ? "has element type code " + std::to_string(*info.type_code) +
                                       ", which a descriptor cannot state"
                                 : "states no element type");
  tensor t;
  t.name = info.name;
  t.dtype = *info.dtype;
  t.quantization = info.quantization;
  for (std::size_t k = 0; k < info.shape.size(); ++k) {
    auto const& d = info.shape[k];
    if (d.value && *d.value >= 0) {
      t.shape.emplace_back(static_cast<std::uint64_t>(*d.value));
    } else {
      t.shape.emplace_back(symbolic_dim{symbol_of(d.symbol, "d" + std::to_string(k)), std::nullopt,
                                        options.dynamic_max});
    }
  }
  // Lower the dynamic maxima together until the largest tensor fits 64 bits; static
  // dimensions alone may not (a file may declare any extents).
  while (!fits(t.shape, t.dtype)) {
    bool lowered = false;
    for (auto& d : t.shape) {
      if (auto* s = std::get_if<symbolic_dim>(&d); s != nullptr && s->max > 1) {
        s->max /= 2;
        lowered = true;
      }
    }
    if (!lowered) return refuse("has a size over 2^64 bits");
  }
  return t;
}

}  // namespace

result<descriptor> describe(format_name format, std::span<std::byte const> bytes,
                            describe_options const& options, limits const& bounds) {
  auto const info = inspect(format, bytes, bounds);
  if (!info) return info.error();
  if (!info->has_graph || (format != format_name::onnx && format != format_name::tflite))
    return make_error(errc::unsupported, "describe",
                      std::string(to_string(format)) + " files state no typed inputs and outputs");
  auto const sha = hex_digest(digest_algorithm::sha_256, bytes);
  if (!sha) return sha.error();
  descriptor d;
  d.model_id =
      options.model_id.empty() ? "urn:x-imsdp:model:" + sha->substr(0, 16) : options.model_id;
  d.version = options.version;
  if (!options.task.empty()) d.task = options.task;
  d.format.name = format;
  d.format.ir_version = info->ir_version;
  d.format.opsets = info->opsets;
  d.format.schema_version = info->schema_version;
  artifact a;
  a.role = artifact_role::full;
  a.uri = options.uri;
  a.size = bytes.size();
  a.digest = {digest_algorithm::sha_256, *sha};
  d.artifacts.push_back(std::move(a));
  for (auto const& [from, to, what] :
       {std::tuple{&info->inputs, &d.inputs, "input"}, {&info->outputs, &d.outputs, "output"}}) {
    for (auto const& t : *from) {
      auto made = tensor_of(t, what, options);
      if (!made) return made.error();
      to->push_back(std::move(*made));
    }
  }
  // What the file states may still be more than a descriptor can hold (an empty or repeated
  // name, an ir_version below 3, over 512 inputs, ...): refuse rather than write a skeleton
  // that read_descriptor would refuse.
  if (auto back = read_descriptor(write_descriptor(d), bounds); !back)
    return make_error(errc::unsupported, "describe",
                      "the file states what a descriptor cannot hold: " + back.error().message() +
                          " at " + back.error().path);
  return d;
}

}  // namespace imsdp::aiml::model
