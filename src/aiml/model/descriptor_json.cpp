// The model descriptor's JSON form: strict reading and canonical writing (descriptor.hpp,
// schemas/aiml/model-descriptor.schema.json, research/model-and-tensor.md section 8).
#include <algorithm>
#include <array>
#include <imsdp/aiml/model/descriptor.hpp>
#include <set>
#include <utility>

#include "aiml/urn.hpp"
#include "detail/json_reader.hpp"

namespace imsdp::aiml::model {
namespace {

using imsdp::detail::json_reader;
using imsdp::detail::max_safe_integer;
using imsdp::detail::object_view;
using imsdp::detail::pointer_append;
using imsdp::detail::read_array;
using imsdp::detail::read_extensions;
using imsdp::detail::read_strings;
using imsdp::detail::write_extensions;
using nlohmann::json;

template <class Enum, std::size_t N>
using name_table = std::array<std::pair<Enum, std::string_view>, N>;

constexpr name_table<format_name, 9> format_names{{{format_name::onnx, "onnx"},
                                                   {format_name::tflite, "tflite"},
                                                   {format_name::nnef, "nnef"},
                                                   {format_name::nnc, "nnc"},
                                                   {format_name::executorch, "executorch"},
                                                   {format_name::gguf, "gguf"},
                                                   {format_name::safetensors, "safetensors"},
                                                   {format_name::coreml, "coreml"},
                                                   {format_name::openvino, "openvino"}}};
// The weights formats whose contents the library reads.
constexpr name_table<format_name, 2> weights_formats{
    {{format_name::safetensors, "safetensors"}, {format_name::gguf, "gguf"}}};
constexpr name_table<artifact_role, 7> role_names{{{artifact_role::full, "full"},
                                                   {artifact_role::head, "head"},
                                                   {artifact_role::tail, "tail"},
                                                   {artifact_role::weights, "weights"},
                                                   {artifact_role::topology, "topology"},
                                                   {artifact_role::aux, "aux"},
                                                   {artifact_role::update, "update"}}};
constexpr name_table<digest_algorithm, 3> digest_names{{{digest_algorithm::sha_256, "sha-256"},
                                                        {digest_algorithm::sha_384, "sha-384"},
                                                        {digest_algorithm::sha_512, "sha-512"}}};

template <class Enum, std::size_t N>
std::string_view name_of(name_table<Enum, N> const& table, Enum value) {
  for (auto const& [e, name] : table)
    if (e == value) return name;
  return {};
}

constexpr std::array<std::string_view, 4> encoding_codecs{"nnc", "zstd", "gzip", "deflate"};
constexpr std::array<std::string_view, 4> accelerator_names{"npu", "gpu", "cpu", "dsp"};
constexpr std::array<std::string_view, 4> media_kinds{"audio", "video", "text", "application"};
constexpr std::array<std::string_view, 4> topology_formats{"nnef", "onnx", "pytorch", "tensorflow"};
constexpr std::uint64_t max_dimension = 4294967295u;

bool one_of(std::string_view value, auto const& names) {
  return std::find(names.begin(), names.end(), value) != names.end();
}

// Reads one member whose value is one of a fixed set of names.
template <class Enum, std::size_t N>
std::optional<Enum> enum_member(object_view const& o, std::string_view key, bool required,
                                name_table<Enum, N> const& table) {
  auto const s = o.string(key, required, 64);
  if (!s) return std::nullopt;
  for (auto const& [e, name] : table)
    if (name == *s) return e;
  o.reader().fail(errc::json_value_out_of_range, o.member_path(key), "unknown value '" + *s + "'");
  return std::nullopt;
}

std::optional<std::string> token_member(object_view const& o, std::string_view key, bool required,
                                        auto const& names) {
  auto s = o.string(key, required, 64);
  if (s && !one_of(*s, names))
    o.reader().fail(errc::json_value_out_of_range, o.member_path(key),
                    "unknown value '" + *s + "'");
  return s;
}

// A string member that must match a character-level rule (the schema's "pattern").
std::optional<std::string> pattern_member(object_view const& o, std::string_view key, bool required,
                                          std::size_t max_length, auto&& matches,
                                          std::string_view pattern) {
  auto s = o.string(key, required, max_length, 1);
  if (s && !matches(std::string_view(*s))) {
    o.reader().fail(errc::json_value_out_of_range, o.member_path(key),
                    "does not match " + std::string(pattern));
    return std::nullopt;
  }
  return s;
}

bool all_of_chars(std::string_view s, auto&& pred) {
  return std::all_of(s.begin(), s.end(), pred);
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c);
}
bool is_identifier_char(char c) {
  return is_upper(c) || is_lower_alnum(c) || c == '_';
}

// ^1\.[0-9]{1,3}$
bool is_descriptor_version(std::string_view s) {
  return s.size() >= 3 && s.size() <= 5 && s.substr(0, 2) == "1." &&
         all_of_chars(s.substr(2), is_digit);
}
// ^[0-9]{1,3}\.[0-9]{1,3}$
bool is_dotted_version(std::string_view s) {
  auto const dot = s.find('.');
  return dot != std::string_view::npos && dot >= 1 && dot <= 3 && s.size() - dot - 1 >= 1 &&
         s.size() - dot - 1 <= 3 && all_of_chars(s.substr(0, dot), is_digit) &&
         all_of_chars(s.substr(dot + 1), is_digit);
}
// ^ET[0-9]{2}$
bool is_pte_version(std::string_view s) {
  return s.size() == 4 && s.substr(0, 2) == "ET" && is_digit(s[2]) && is_digit(s[3]);
}
// ^[A-Za-z_][A-Za-z0-9_]*$
bool is_identifier(std::string_view s) {
  return !s.empty() && !is_digit(s[0]) && all_of_chars(s, is_identifier_char);
}
// ^[a-z0-9][a-z0-9+-]*$
bool is_codec_token(std::string_view s) {
  return !s.empty() && is_lower_alnum(s[0]) &&
         all_of_chars(s, [](char c) { return is_lower_alnum(c) || c == '+' || c == '-'; });
}
// ^[A-Za-z0-9_.-]+$ (base64url and the dots of a compact JWS)
bool is_jws_text(std::string_view s) {
  return all_of_chars(s, [](char c) { return is_identifier_char(c) || c == '-' || c == '.'; });
}
// ^[!-~]+$
bool is_visible_ascii(std::string_view s) {
  return all_of_chars(s, [](char c) { return c >= '!' && c <= '~'; });
}

// Names (or ids) in a list must be unique: the second occurrence is the error.
template <class T, class Key>
void require_unique(json_reader& r, std::vector<T> const& items, std::string const& path,
                    std::string_view member, Key&& key_of) {
  std::set<decltype(key_of(items.front()))> seen;
  for (std::size_t i = 0; i < items.size() && r.ok(); ++i) {
    if (!seen.insert(key_of(items[i])).second)
      r.fail(errc::model_duplicate, pointer_append(pointer_append(path, i), member));
  }
}

digest read_digest(json_reader& r, json const& v, std::string const& path) {
  object_view o(r, v, path, {"alg", "value"});
  digest d;
  d.alg = enum_member(o, "alg", true, digest_names).value_or(digest_algorithm::sha_256);
  auto const hex_length = 2 * digest_bytes(d.alg);
  d.value = pattern_member(
                o, "value", true, 128,
                [&](std::string_view s) {
                  return s.size() == hex_length && all_of_chars(s, [](char c) {
                           return is_digit(c) || (c >= 'a' && c <= 'f');
                         });
                },
                "lowercase hex of the algorithm's length")
                .value_or("");
  return d;
}

model_format read_format(json_reader& r, json const& v, std::string const& path) {
  model_format f;
  // The name decides which members are known, so read it first.
  if (!v.is_object()) {
    object_view(r, v, path, {});
    return f;
  }
  object_view probe(r, v, path,
                    {"name", "irVersion", "opsets", "schemaVersion", "minRuntimeVersion",
                     "nnefVersion", "profileIdc", "topologyFormat", "pteVersion", "delegates",
                     "ggufVersion", "specificationVersion"});
  auto const name = enum_member(probe, "name", true, format_names);
  if (!name) return f;
  f.name = *name;
  switch (f.name) {
    case format_name::onnx: {
      object_view o(r, v, path, {"name", "irVersion", "opsets"});
      f.ir_version = o.unsigned_integer("irVersion", true, 3, 64);
      f.opsets = read_array<opset>(o, "opsets", true, 1, 32, [&](json const& item, auto const& p) {
        object_view e(r, item, p, {"domain", "version"});
        opset s;
        s.domain = e.string("domain", true, 128).value_or("");
        s.version = e.unsigned_integer("version", true, 1, 1000).value_or(0);
        return s;
      });
      if (r.ok())
        require_unique(r, f.opsets, o.member_path("opsets"), "domain",
                       [](opset const& s) { return s.domain; });
      break;
    }
    case format_name::tflite: {
      object_view o(r, v, path, {"name", "schemaVersion", "minRuntimeVersion"});
      f.schema_version = o.unsigned_integer("schemaVersion", false, 0, 255);
      f.min_runtime_version =
          pattern_member(o, "minRuntimeVersion", false, 32, is_visible_ascii, "^[!-~]+$");
      break;
    }
    case format_name::nnef: {
      object_view o(r, v, path, {"name", "nnefVersion"});
      f.nnef_version = pattern_member(o, "nnefVersion", false, 7, is_dotted_version,
                                      "^[0-9]{1,3}\\.[0-9]{1,3}$");
      break;
    }
    case format_name::nnc: {
      object_view o(r, v, path, {"name", "profileIdc", "topologyFormat"});
      f.profile_idc = o.unsigned_integer("profileIdc", false, 0, 255);
      f.topology_format = token_member(o, "topologyFormat", false, topology_formats);
      break;
    }
    case format_name::executorch: {
      object_view o(r, v, path, {"name", "pteVersion", "delegates"});
      f.pte_version = pattern_member(o, "pteVersion", false, 4, is_pte_version, "^ET[0-9]{2}$");
      f.delegates = read_strings(o, "delegates", 16, 64, [](auto const&) { return true; });
      break;
    }
    case format_name::gguf: {
      object_view o(r, v, path, {"name", "ggufVersion"});
      f.gguf_version = o.unsigned_integer("ggufVersion", false, 1, 255);
      break;
    }
    case format_name::safetensors: {
      object_view o(r, v, path, {"name"});
      break;
    }
    case format_name::coreml: {
      object_view o(r, v, path, {"name", "specificationVersion"});
      f.specification_version = o.unsigned_integer("specificationVersion", false, 1, 255);
      break;
    }
    case format_name::openvino: {
      object_view o(r, v, path, {"name", "irVersion"});
      f.ir_version = o.unsigned_integer("irVersion", false, 1, 64);
      break;
    }
  }
  return f;
}

// A metadata object: at most 64 members, names of 1..128 characters, string values of at
// most 4096.
std::map<std::string, std::string> read_string_map(json_reader& r, json const& m,
                                                   std::string const& path) {
  std::map<std::string, std::string> out;
  if (!m.is_object()) {
    r.fail(errc::json_type, path, "an object");
  } else if (m.size() > 64) {
    r.fail(errc::json_value_out_of_range, path, "at most 64 members");
  } else {
    for (auto const& [key, value] : m.items()) {
      auto const at = pointer_append(path, key);
      if (key.empty() || key.size() > 128) {
        r.fail(errc::json_value_out_of_range, at, "names of 1..128 characters");
        break;
      }
      out[key] = imsdp::detail::string_value(r, value, at, 4096).value_or("");
    }
  }
  return out;
}

artifact read_artifact(json_reader& r, json const& v, std::string const& path) {
  object_view o(
      r, v, path,
      {"role", "partitionId", "uri", "size", "digest", "encoding", "updateOf", "contents"});
  artifact a;
  a.role = enum_member(o, "role", true, role_names).value_or(artifact_role::full);
  a.partition_id = o.unsigned_integer("partitionId", false, 0, 65535);
  a.uri = o.string("uri", true, 2048, 1).value_or("");
  a.size = o.unsigned_integer("size", true, 1, max_safe_integer).value_or(0);
  if (auto const* d = o.get("digest", true)) a.digest = read_digest(r, *d, o.member_path("digest"));
  if (auto const* e = o.get("encoding", false)) {
    object_view eo(r, *e, o.member_path("encoding"), {"codec", "size", "digest"});
    encoding enc;
    enc.codec = token_member(eo, "codec", true, encoding_codecs).value_or("");
    enc.size = eo.unsigned_integer("size", true, 1, max_safe_integer).value_or(0);
    if (auto const* d = eo.get("digest", true))
      enc.digest = read_digest(r, *d, eo.member_path("digest"));
    a.encoding = std::move(enc);
  }
  // updateOf belongs to update artifacts, and they need it.
  bool const update = a.role == artifact_role::update;
  if (!update && o.has("updateOf") && r.ok())
    r.fail(errc::json_unknown_member, o.member_path("updateOf"), "only for role update");
  a.update_of = o.string("updateOf", update, 64, 1);
  // contents belong to weights artifacts.
  if (a.role != artifact_role::weights && o.has("contents") && r.ok())
    r.fail(errc::json_unknown_member, o.member_path("contents"), "only for role weights");
  if (auto const* c = o.get("contents", false); c != nullptr && r.ok()) {
    object_view co(r, *c, o.member_path("contents"), {"format", "tensorCount", "metadata"});
    weights_contents w;
    w.format = enum_member(co, "format", true, weights_formats).value_or(format_name::safetensors);
    w.tensor_count = co.unsigned_integer("tensorCount", false, 0, max_safe_integer);
    if (auto const* m = co.get("metadata", false))
      w.metadata = read_string_map(r, *m, co.member_path("metadata"));
    a.contents = std::move(w);
  }
  return a;
}

dimension read_dimension(json_reader& r, json const& v, std::string const& path) {
  if (!v.is_object()) {
    // 0 is legal: ONNX and TFLite models declare empty tensors.
    return imsdp::detail::unsigned_value(r, v, path, 0, max_dimension).value_or(1);
  }
  object_view o(r, v, path, {"dim", "min", "max"});
  symbolic_dim d;
  d.name =
      pattern_member(o, "dim", true, 32, is_identifier, "^[A-Za-z_][A-Za-z0-9_]*$").value_or("");
  d.min = o.unsigned_integer("min", false, 0, max_dimension);
  d.max = o.unsigned_integer("max", true, 1, max_dimension).value_or(1);
  if (r.ok() && d.min && *d.min > d.max)
    r.fail(errc::model_dimension_bounds, o.member_path("min"),
           std::to_string(*d.min) + " > max " + std::to_string(d.max));
  return d;
}

// Largest element count of a shape: static dims and symbolic maxima, checked in 64 bits
// together with the element width (research section 3.8, pitfall 1).
bool bounded_bits(std::vector<dimension> const& shape, dtype t) {
  std::uint64_t product = bits_of(t);
  for (auto const& d : shape) {
    std::uint64_t const extent = std::holds_alternative<std::uint64_t>(d)
                                     ? std::get<std::uint64_t>(d)
                                     : std::get<symbolic_dim>(d).max;
    if (__builtin_mul_overflow(product, extent, &product)) return false;
  }
  return true;
}

tensor read_tensor(json_reader& r, json const& v, std::string const& path) {
  object_view o(r, v, path,
                {"name", "tensorId", "dtype", "shape", "layout", "quantization", "media"});
  tensor t;
  t.name = o.string("name", true, 256, 1).value_or("");
  t.tensor_id = o.unsigned_integer("tensorId", false, 0, 65535);
  if (auto const s = o.string("dtype", true, 32)) {
    if (auto const d = dtype_from_string(*s); d && valid_in_descriptor(*d)) {
      t.dtype = *d;
    } else {
      r.fail(errc::json_value_out_of_range, o.member_path("dtype"), "unknown dtype '" + *s + "'");
    }
  }
  t.shape = read_array<dimension>(o, "shape", true, 0, 8, [&](json const& d, auto const& p) {
    return read_dimension(r, d, p);
  });
  if (r.ok() && !bounded_bits(t.shape, t.dtype))
    r.fail(errc::json_value_out_of_range, o.member_path("shape"), "size overflows 64 bits");
  t.layout = pattern_member(
      o, "layout", false, 8, [](std::string_view s) { return all_of_chars(s, is_upper); },
      "^[A-Z]{1,8}$");
  if (r.ok() && t.layout && t.layout->size() != t.shape.size())
    r.fail(errc::json_value_out_of_range, o.member_path("layout"),
           "one letter per dimension (rank " + std::to_string(t.shape.size()) + ")");
  if (auto const* q = o.get("quantization", false)) {
    object_view qo(r, *q, o.member_path("quantization"), {"scale", "zeroPoint", "axis"});
    quantization qt;
    qt.scale = read_array<double>(qo, "scale", true, 1, 65536, [&](json const& x, auto const& p) {
      return imsdp::detail::number_value(r, x, p, 0.0, 3.4e38).value_or(0.0);
    });
    qt.zero_point = read_array<std::int64_t>(
        qo, "zeroPoint", false, 1, 65536, [&](json const& x, auto const& p) {
          return imsdp::detail::integer_value(r, x, p, -2147483648LL, 4294967295LL).value_or(0);
        });
    qt.axis = qo.unsigned_integer("axis", false, 0, 7);
    if (r.ok() && !qt.zero_point.empty() && qt.zero_point.size() != qt.scale.size())
      r.fail(errc::json_value_out_of_range, qo.member_path("zeroPoint"),
             "as many zero points as scales");
    t.quantization = std::move(qt);
  }
  if (auto const* m = o.get("media", false)) {
    object_view mo(r, *m, o.member_path("media"), {"mid", "kind"});
    media_binding b;
    b.mid = pattern_member(mo, "mid", true, 32, is_visible_ascii, "^[!-~]+$").value_or("");
    b.kind = token_member(mo, "kind", false, media_kinds);
    t.media = std::move(b);
  }
  return t;
}

std::vector<tensor> read_tensors(object_view const& o, std::string_view key, bool required,
                                 std::size_t min_items, std::size_t max_items) {
  auto out = read_array<tensor>(
      o, key, required, min_items, max_items,
      [&](json const& v, auto const& p) { return read_tensor(o.reader(), v, p); });
  if (o.reader().ok())
    require_unique(o.reader(), out, o.member_path(key), "name",
                   [](tensor const& t) { return t.name; });
  return out;
}

partition read_partition(json_reader& r, json const& v, std::string const& path) {
  object_view o(
      r, v, path,
      {"partitionId", "cut", "intermediate", "compressionProfiles", "headCost", "expectedKbps"});
  partition p;
  p.partition_id =
      static_cast<std::uint32_t>(o.unsigned_integer("partitionId", true, 0, 65535).value_or(0));
  p.cut = o.string("cut", false, 256, 1);
  p.intermediate = read_tensors(o, "intermediate", true, 1, 256);
  for (std::size_t i = 0; i < p.intermediate.size() && r.ok(); ++i) {
    // Intermediate tensors travel in AIDF frames (research 7.3): no strings, no empty dims.
    auto const& t = p.intermediate[i];
    auto const at = pointer_append(o.member_path("intermediate"), i);
    if (!valid_in_frames(t.dtype))
      r.fail(errc::json_value_out_of_range, pointer_append(at, "dtype"),
             "an intermediate tensor travels in frames, which carry no " +
                 std::string(to_string(t.dtype)));
    for (std::size_t k = 0; k < t.shape.size() && r.ok(); ++k)
      if (auto const* n = std::get_if<std::uint64_t>(&t.shape[k]); n != nullptr && *n == 0)
        r.fail(errc::json_value_out_of_range, pointer_append(pointer_append(at, "shape"), k),
               "an intermediate tensor travels in frames, whose dimensions are not 0");
    for (std::size_t j = 0; j < i; ++j) {
      if (p.intermediate[i].tensor_id && p.intermediate[i].tensor_id == p.intermediate[j].tensor_id)
        r.fail(errc::model_duplicate,
               pointer_append(pointer_append(o.member_path("intermediate"), i), "tensorId"));
    }
  }
  p.compression_profiles = read_array<compression_profile>(
      o, "compressionProfiles", false, 0, 16, [&](json const& x, auto const& pp) {
        object_view co(r, x, pp, {"id", "codec", "level"});
        compression_profile c;
        c.id = static_cast<std::uint32_t>(co.unsigned_integer("id", true, 0, 255).value_or(0));
        c.codec = pattern_member(co, "codec", true, 32, is_codec_token, "^[a-z0-9][a-z0-9+-]*$")
                      .value_or("");
        c.level = co.integer("level", false, -131072, 22);
        return c;
      });
  if (r.ok())
    require_unique(r, p.compression_profiles, o.member_path("compressionProfiles"), "id",
                   [](compression_profile const& c) { return c.id; });
  if (auto const* h = o.get("headCost", false)) {
    object_view ho(r, *h, o.member_path("headCost"), {"gmacs"});
    p.head_gmacs = ho.number("gmacs", true, 0.0, 1e12);
  }
  if (auto const* k = o.get("expectedKbps", false)) {
    object_view ko(r, *k, o.member_path("expectedKbps"), {"min", "max"});
    rate_range range;
    range.min = ko.unsigned_integer("min", false, 0, max_dimension);
    range.max = ko.unsigned_integer("max", false, 0, max_dimension);
    if (r.ok() && range.min && range.max && *range.min > *range.max)
      r.fail(errc::json_value_out_of_range, ko.member_path("min"), "min > max");
    p.expected_kbps = range;
  }
  return p;
}

// Cross-member rules: partitions referenced by head/tail artifacts exist, an update does
// not name its own version.
void check_references(json_reader& r, descriptor const& d) {
  for (std::size_t i = 0; i < d.artifacts.size() && r.ok(); ++i) {
    auto const& a = d.artifacts[i];
    auto const path = pointer_append("/artifacts", i);
    bool const split = a.role == artifact_role::head || a.role == artifact_role::tail;
    if (split && !a.partition_id) {
      r.fail(errc::json_missing_member, pointer_append(path, "partitionId"));
    } else if (a.partition_id && find_partition(d, *a.partition_id) == nullptr) {
      r.fail(errc::model_dangling_reference, pointer_append(path, "partitionId"),
             "no partition " + std::to_string(*a.partition_id));
    } else if (a.update_of && *a.update_of == d.version) {
      r.fail(errc::model_dangling_reference, pointer_append(path, "updateOf"),
             "an update of its own version");
    }
  }
}

// ---- writing ----

json digest_json(digest const& d) {
  return {{"alg", name_of(digest_names, d.alg)}, {"value", d.value}};
}

json format_json(model_format const& f) {
  json j{{"name", name_of(format_names, f.name)}};
  if (f.ir_version) j["irVersion"] = *f.ir_version;
  if (!f.opsets.empty()) {
    j["opsets"] = json::array();
    for (auto const& s : f.opsets)
      j["opsets"].push_back({{"domain", s.domain}, {"version", s.version}});
  }
  if (f.schema_version) j["schemaVersion"] = *f.schema_version;
  if (f.min_runtime_version) j["minRuntimeVersion"] = *f.min_runtime_version;
  if (f.nnef_version) j["nnefVersion"] = *f.nnef_version;
  if (f.profile_idc) j["profileIdc"] = *f.profile_idc;
  if (f.topology_format) j["topologyFormat"] = *f.topology_format;
  if (f.pte_version) j["pteVersion"] = *f.pte_version;
  if (!f.delegates.empty()) j["delegates"] = f.delegates;
  if (f.gguf_version) j["ggufVersion"] = *f.gguf_version;
  if (f.specification_version) j["specificationVersion"] = *f.specification_version;
  return j;
}

json tensor_json(tensor const& t) {
  json shape = json::array();
  for (auto const& d : t.shape) {
    if (auto const* n = std::get_if<std::uint64_t>(&d)) {
      shape.push_back(*n);
    } else {
      auto const& s = std::get<symbolic_dim>(d);
      json o{{"dim", s.name}, {"max", s.max}};
      if (s.min) o["min"] = *s.min;
      shape.push_back(std::move(o));
    }
  }
  json j{{"name", t.name}, {"dtype", to_string(t.dtype)}, {"shape", std::move(shape)}};
  if (t.tensor_id) j["tensorId"] = *t.tensor_id;
  if (t.layout) j["layout"] = *t.layout;
  if (t.quantization) {
    json q{{"scale", t.quantization->scale}};
    if (!t.quantization->zero_point.empty()) q["zeroPoint"] = t.quantization->zero_point;
    if (t.quantization->axis) q["axis"] = *t.quantization->axis;
    j["quantization"] = std::move(q);
  }
  if (t.media) {
    json m{{"mid", t.media->mid}};
    if (t.media->kind) m["kind"] = *t.media->kind;
    j["media"] = std::move(m);
  }
  return j;
}

json tensors_json(std::vector<tensor> const& tensors) {
  json out = json::array();
  for (auto const& t : tensors)
    out.push_back(tensor_json(t));
  return out;
}

}  // namespace

std::string_view to_string(digest_algorithm a) noexcept {
  return name_of(digest_names, a);
}
std::string_view to_string(format_name f) noexcept {
  return name_of(format_names, f);
}
std::string_view to_string(artifact_role r) noexcept {
  return name_of(role_names, r);
}

std::size_t digest_bytes(digest_algorithm a) noexcept {
  switch (a) {
    case digest_algorithm::sha_256:
      return 32;
    case digest_algorithm::sha_384:
      return 48;
    case digest_algorithm::sha_512:
      return 64;
  }
  return 0;
}

partition const* find_partition(descriptor const& d, std::uint32_t id) noexcept {
  for (auto const& p : d.partitions)
    if (p.partition_id == id) return &p;
  return nullptr;
}

result<descriptor> read_descriptor(std::string_view json_text, limits const& bounds) {
  auto parsed =
      imsdp::detail::parse_strict(json_text, {bounds.max_descriptor_bytes, bounds.max_json_depth});
  if (!parsed) return std::move(parsed).error();
  json const& root = *parsed;
  json_reader r;
  object_view o(r, root, "",
                {"descriptorVersion", "modelId", "version", "task", "format", "artifacts", "inputs",
                 "outputs", "partitions", "requirements", "signature", "metadata", "extensions"});
  descriptor d;
  d.descriptor_version =
      pattern_member(o, "descriptorVersion", true, 5, is_descriptor_version, "^1\\.[0-9]{1,3}$")
          .value_or("");
  d.model_id =
      pattern_member(o, "modelId", true, 256, aiml::detail::is_urn, "urn:<nid>:<nss>").value_or("");
  d.version = o.string("version", true, 64, 1).value_or("");
  d.task = pattern_member(o, "task", false, 256, aiml::detail::is_urn, "urn:<nid>:<nss>");
  if (auto const* f = o.get("format", true)) d.format = read_format(r, *f, "/format");
  d.artifacts =
      read_array<artifact>(o, "artifacts", true, 1, bounds.max_artifacts,
                           [&](json const& v, auto const& p) { return read_artifact(r, v, p); });
  d.inputs = read_tensors(o, "inputs", true, 0,
                          bounds.max_io_tensors);  // a model may take no input (ONNX)
  d.outputs = read_tensors(o, "outputs", true, 1, bounds.max_io_tensors);
  d.partitions =
      read_array<partition>(o, "partitions", false, 0, 32,
                            [&](json const& v, auto const& p) { return read_partition(r, v, p); });
  if (r.ok())
    require_unique(r, d.partitions, "/partitions", "partitionId",
                   [](partition const& p) { return p.partition_id; });
  if (auto const* q = o.get("requirements", false)) {
    object_view qo(r, *q, "/requirements", {"accelerators", "memoryBytes", "delegates"});
    requirements req;
    req.accelerators = read_strings(qo, "accelerators", 8, 16, [](std::string const& s) {
      return one_of(s, accelerator_names);
    });
    req.memory_bytes = qo.unsigned_integer("memoryBytes", false, 0, max_safe_integer);
    req.delegates = read_strings(qo, "delegates", 16, 64, [](auto const&) { return true; });
    d.requirements = std::move(req);
  }
  if (auto const* s = o.get("signature", false)) {
    object_view so(r, *s, "/signature", {"format", "value"});
    signature sig;
    sig.format = token_member(so, "format", true, std::array<std::string_view, 1>{"jws-detached"})
                     .value_or("");
    sig.value =
        pattern_member(so, "value", true, 8192, is_jws_text, "^[A-Za-z0-9_.-]+$").value_or("");
    d.signature = std::move(sig);
  }
  if (auto const* m = o.get("metadata", false)) d.metadata = read_string_map(r, *m, "/metadata");
  d.extensions = read_extensions(o);
  check_references(r, d);
  if (!r.ok()) return r.take_error();
  return d;
}

std::string write_descriptor(descriptor const& d) {
  json j{{"descriptorVersion", d.descriptor_version},
         {"modelId", d.model_id},
         {"version", d.version},
         {"format", format_json(d.format)},
         {"inputs", tensors_json(d.inputs)},
         {"outputs", tensors_json(d.outputs)}};
  if (d.task) j["task"] = *d.task;
  j["artifacts"] = json::array();
  for (auto const& a : d.artifacts) {
    json aj{{"role", to_string(a.role)},
            {"uri", a.uri},
            {"size", a.size},
            {"digest", digest_json(a.digest)}};
    if (a.partition_id) aj["partitionId"] = *a.partition_id;
    if (a.encoding)
      aj["encoding"] = {{"codec", a.encoding->codec},
                        {"size", a.encoding->size},
                        {"digest", digest_json(a.encoding->digest)}};
    if (a.update_of) aj["updateOf"] = *a.update_of;
    if (a.contents) {
      json cj{{"format", to_string(a.contents->format)}};
      if (a.contents->tensor_count) cj["tensorCount"] = *a.contents->tensor_count;
      if (!a.contents->metadata.empty()) cj["metadata"] = a.contents->metadata;
      aj["contents"] = std::move(cj);
    }
    j["artifacts"].push_back(std::move(aj));
  }
  if (!d.partitions.empty()) {
    j["partitions"] = json::array();
    for (auto const& p : d.partitions) {
      json pj{{"partitionId", p.partition_id}, {"intermediate", tensors_json(p.intermediate)}};
      if (p.cut) pj["cut"] = *p.cut;
      if (!p.compression_profiles.empty()) {
        pj["compressionProfiles"] = json::array();
        for (auto const& c : p.compression_profiles) {
          json cj{{"id", c.id}, {"codec", c.codec}};
          if (c.level) cj["level"] = *c.level;
          pj["compressionProfiles"].push_back(std::move(cj));
        }
      }
      if (p.head_gmacs) pj["headCost"] = {{"gmacs", *p.head_gmacs}};
      if (p.expected_kbps) {
        json k = json::object();
        if (p.expected_kbps->min) k["min"] = *p.expected_kbps->min;
        if (p.expected_kbps->max) k["max"] = *p.expected_kbps->max;
        pj["expectedKbps"] = std::move(k);
      }
      j["partitions"].push_back(std::move(pj));
    }
  }
  if (d.requirements) {
    json q = json::object();
    if (!d.requirements->accelerators.empty()) q["accelerators"] = d.requirements->accelerators;
    if (d.requirements->memory_bytes) q["memoryBytes"] = *d.requirements->memory_bytes;
    if (!d.requirements->delegates.empty()) q["delegates"] = d.requirements->delegates;
    j["requirements"] = std::move(q);
  }
  if (d.signature)
    j["signature"] = {{"format", d.signature->format}, {"value", d.signature->value}};
  if (d.metadata) j["metadata"] = *d.metadata;
  write_extensions(j, d.extensions);
  // Strings built by the caller may hold invalid UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace imsdp::aiml::model
