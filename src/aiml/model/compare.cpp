// Descriptor versus file (inspect.hpp; research/model-and-tensor.md section 2.10 steps
// 3-5): version members, then the inputs and outputs the artifact's role implies.
#include <algorithm>
#include <charconv>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>

#include "aiml/model/check.hpp"
#include "detail/json_reader.hpp"

namespace imsdp::aiml::model {
namespace {

// "[1,80,T]"
std::string shape_text(std::vector<dimension> const& shape) {
  std::string out = "[";
  for (auto const& d : shape) {
    if (out.size() > 1) out += ',';
    if (auto const* n = std::get_if<std::uint64_t>(&d)) {
      out += std::to_string(*n);
    } else {
      out += std::get<symbolic_dim>(d).name;
    }
  }
  return out + ']';
}

// The shortest text that reads back as the same double.
std::string number_text(double v) {
  char out[32];
  auto const [end, ec] = std::to_chars(out, out + sizeof out, v);
  return ec == std::errc() ? std::string(out, end) : std::string("?");
}

struct comparer {
  check_report& report;
  bool states_quantization = false;  // the file's tensors state it (tflite)

  void mismatch(errc code, std::string path, std::size_t offset, std::string detail) {
    auto e = make_json_error(code, std::move(path), std::move(detail));
    e.where.offset = offset;
    report.mismatches.push_back(std::move(e));
  }

  void version(std::string const& path, std::string_view what, auto const& declared,
               auto const& actual) {
    if (!declared) return;
    if (actual && *actual == *declared) {
      report.verified.push_back(std::string(what) + " " + describe(*actual));
    } else {
      mismatch(
          errc::model_version_mismatch, path, 0,
          "descriptor " + describe(*declared) + ", file " + (actual ? describe(*actual) : "none"));
    }
  }

  template <class T>
  static std::string describe(T const& v) {
    if constexpr (std::is_arithmetic_v<T>) {
      return std::to_string(v);
    } else {
      return std::string(v);
    }
  }

  void tensors(std::vector<tensor> const& declared, std::string const& path,
               std::vector<tensor_info> const& actual, std::string_view what) {
    for (std::size_t i = 0; i < declared.size(); ++i) {
      auto const& want = declared[i];
      auto const at = path + "/" + std::to_string(i);
      auto const found = std::find_if(actual.begin(), actual.end(),
                                      [&](tensor_info const& t) { return t.name == want.name; });
      if (found == actual.end()) {
        mismatch(errc::model_tensor_missing, at + "/name", 0,
                 std::string(what) + " '" + want.name + "' is not in the model");
        continue;
      }
      std::size_t const before = report.mismatches.size();
      // A descriptor tensor cannot describe a sequence, map or optional value: never
      // "verified" whatever its dtype and shape say (issue 25 defect 1).
      if (found->kind != value_kind::tensor) {
        mismatch(errc::model_dtype_mismatch, at + "/dtype", found->offset,
                 "descriptor a " + std::string(to_string(want.dtype)) + " tensor, file a " +
                     std::string(to_string(found->kind)));
        continue;
      }
      // TFLite and MediaPipe bind inputs and outputs by index (and ONNX runtimes accept
      // them positionally): a declaration in another order is a mismatch, not "verified".
      auto const position = static_cast<std::size_t>(found - actual.begin());
      if (position != i)
        mismatch(errc::model_tensor_order, at + "/name", found->offset,
                 std::string(what) + " '" + want.name + "' is at position " +
                     std::to_string(position) + " in the model");
      if (found->type_code && found->dtype != want.dtype) {
        mismatch(errc::model_dtype_mismatch, at + "/dtype", found->offset,
                 "descriptor " + std::string(to_string(want.dtype)) + ", file " +
                     (found->dtype ? std::string(to_string(*found->dtype))
                                   : "type code " + std::to_string(*found->type_code)));
      }
      if (found->has_shape) shape(want, at, *found);
      quantization(want, at, *found, what);
      // What the file does not state is reported as not checked, not as verified.
      if (!found->type_code)
        report.not_checked.push_back(std::string(what) + " " + want.name +
                                     " dtype (the file states no element type)");
      if (!found->has_shape)
        report.not_checked.push_back(std::string(what) + " " + want.name +
                                     " shape (the file states none)");
      if (report.mismatches.size() == before)
        report.verified.push_back(
            std::string(what) + " " + want.name +
            (found->type_code ? " " + std::string(to_string(want.dtype)) : std::string()) +
            (found->has_shape ? " " + shape_text(want.shape) : std::string()) +
            (found->quantization ? " quantized" : std::string()));
    }
    // Every tensor of the file is declared.
    for (auto const& t : actual) {
      bool const declared_too = std::any_of(declared.begin(), declared.end(),
                                            [&](tensor const& d) { return d.name == t.name; });
      if (!declared_too)
        mismatch(errc::model_tensor_undeclared, path, t.offset,
                 std::string(what) + " '" + t.name + "' of the model is not declared");
    }
  }

  // TFLite binds quantized I/O by scale and zero point (real = scale * (q - zero_point)):
  // a descriptor that states other ones, or none, would have its frames misread.
  void quantization(tensor const& want, std::string const& at, tensor_info const& file,
                    std::string_view what) {
    auto const& w = want.quantization;
    auto const& f = file.quantization;
    if (!states_quantization) {
      if (w)
        report.not_checked.push_back(std::string(what) + " " + want.name +
                                     " quantization (the format states none for its I/O)");
      return;
    }
    if (!w && !f) return;
    if (!w || !f) {
      mismatch(errc::model_quantization_mismatch, w ? at + "/quantization" : at, file.offset,
               w ? "descriptor quantized, file not"
                 : "file quantized (scale " + number_text(f->scale[0]) + "), descriptor not");
      return;
    }
    auto const path = at + "/quantization";
    if (w->scale.size() != f->scale.size()) {
      mismatch(errc::model_quantization_mismatch, path + "/scale", file.offset,
               "descriptor " + std::to_string(w->scale.size()) + " scales, file " +
                   std::to_string(f->scale.size()));
      return;
    }
    for (std::size_t i = 0; i < w->scale.size(); ++i) {
      // The file holds float32: compare at that precision.
      if (static_cast<float>(w->scale[i]) != static_cast<float>(f->scale[i])) {
        mismatch(errc::model_quantization_mismatch, path + "/scale/" + std::to_string(i),
                 file.offset,
                 "descriptor " + number_text(w->scale[i]) + ", file " + number_text(f->scale[i]));
        return;
      }
      // An absent zero point is 0 on both sides.
      auto const zero = [i](std::vector<std::int64_t> const& z) {
        return z.empty() ? std::int64_t{0} : z[i];
      };
      if (zero(w->zero_point) != zero(f->zero_point)) {
        mismatch(errc::model_quantization_mismatch, path + "/zeroPoint/" + std::to_string(i),
                 file.offset,
                 "descriptor " + std::to_string(zero(w->zero_point)) + ", file " +
                     std::to_string(zero(f->zero_point)));
        return;
      }
    }
    if (f->axis && w->axis != f->axis)
      mismatch(errc::model_quantization_mismatch, path + "/axis", file.offset,
               "descriptor " + (w->axis ? std::to_string(*w->axis) : std::string("none")) +
                   ", file " + std::to_string(*f->axis));
  }

  void shape(tensor const& want, std::string const& at, tensor_info const& file) {
    if (file.shape.size() != want.shape.size()) {
      mismatch(errc::model_shape_mismatch, at + "/shape", file.offset,
               "rank " + std::to_string(want.shape.size()) + ", file rank " +
                   std::to_string(file.shape.size()));
      return;
    }
    for (std::size_t d = 0; d < want.shape.size(); ++d) {
      auto const& f = file.shape[d];
      if (!f.value || *f.value < 0) continue;  // dynamic in the file: any declaration fits
      auto const value = static_cast<std::uint64_t>(*f.value);
      auto const dim_path = at + "/shape/" + std::to_string(d);
      if (auto const* n = std::get_if<std::uint64_t>(&want.shape[d])) {
        if (*n != value)
          mismatch(errc::model_shape_mismatch, dim_path, file.offset,
                   "descriptor " + std::to_string(*n) + ", file " + std::to_string(value));
      } else {
        auto const& s = std::get<symbolic_dim>(want.shape[d]);
        if (value < s.min.value_or(0) || value > s.max)
          mismatch(errc::model_shape_mismatch, dim_path, file.offset,
                   "file dimension " + std::to_string(value) + " outside the bounds of " + s.name);
      }
    }
  }
};

// "" and "ai.onnx" name the same default domain.
std::string_view onnx_domain(std::string_view d) {
  return d == "ai.onnx" ? std::string_view() : d;
}

void compare_opsets(comparer& c, std::vector<opset> const& declared,
                    std::vector<opset> const& actual) {
  for (std::size_t i = 0; i < declared.size(); ++i) {
    auto const& want = declared[i];
    auto const found = std::find_if(actual.begin(), actual.end(), [&](opset const& o) {
      return onnx_domain(o.domain) == onnx_domain(want.domain);
    });
    auto const path = "/format/opsets/" + std::to_string(i);
    auto const name = want.domain.empty() ? std::string("ai.onnx") : want.domain;
    if (found == actual.end()) {
      c.mismatch(errc::model_version_mismatch, path + "/domain", 0, "no opset_import for " + name);
    } else if (found->version != want.version) {
      c.mismatch(errc::model_version_mismatch, path + "/version", 0,
                 name + ": descriptor " + std::to_string(want.version) + ", file " +
                     std::to_string(found->version));
    } else {
      c.report.verified.push_back("opset " + name + " " + std::to_string(want.version));
    }
  }
  for (auto const& o : actual) {
    bool const listed = std::any_of(declared.begin(), declared.end(), [&](opset const& d) {
      return onnx_domain(d.domain) == onnx_domain(o.domain);
    });
    if (!listed)
      c.mismatch(errc::model_version_mismatch, "/format/opsets", 0,
                 "the model imports " + (o.domain.empty() ? std::string("ai.onnx") : o.domain) +
                     " " + std::to_string(o.version));
  }
}

// Each external data file of the graph must be a weights artifact of the descriptor, so
// that its size and digest are checked too: the artifact's uri is the location, or ends in
// "/" and the location (a URL of the same file).
void external_data(comparer& c, descriptor const& d, std::vector<std::string> const& files) {
  for (auto const& file : files) {
    auto const named = std::find_if(d.artifacts.begin(), d.artifacts.end(), [&](artifact const& a) {
      std::string_view const uri = a.uri;
      return a.role == artifact_role::weights &&
             (uri == file || (uri.size() > file.size() && uri.ends_with(file) &&
                              uri[uri.size() - file.size() - 1] == '/'));
    });
    if (named == d.artifacts.end()) {
      c.mismatch(errc::model_external_data, "/artifacts", 0,
                 "the graph keeps initializers in " + file + ", which is no weights artifact");
    } else {
      c.report.verified.push_back("external data " + file + " is artifact " +
                                  std::to_string(named - d.artifacts.begin()));
    }
  }
}

}  // namespace

check_report compare(descriptor const& d, std::size_t artifact_index, model_info const& info) {
  check_report report;
  comparer c{report, info.states_quantization};
  if (artifact_index >= d.artifacts.size()) {
    c.mismatch(errc::not_found, "/artifacts", 0, "no artifact " + std::to_string(artifact_index));
    return report;
  }
  auto const& a = d.artifacts[artifact_index];
  if (info.format != d.format.name) {
    c.mismatch(errc::model_format_mismatch, "/format/name", 0,
               "the file was read as " + std::string(to_string(info.format)));
    return report;
  }
  report.verified.push_back("format " + std::string(to_string(info.format)));
  auto const& f = d.format;
  if (f.name == format_name::onnx) {
    c.version("/format/irVersion", "irVersion", f.ir_version, info.ir_version);
    compare_opsets(c, f.opsets, info.opsets);
  }
  c.version("/format/schemaVersion", "schemaVersion", f.schema_version, info.schema_version);
  c.version("/format/pteVersion", "pteVersion", f.pte_version, info.pte_version);
  c.version("/format/ggufVersion", "ggufVersion", f.gguf_version, info.gguf_version);
  c.version("/format/nnefVersion", "nnefVersion", f.nnef_version, info.nnef_version);
  c.version("/format/profileIdc", "profileIdc", f.profile_idc, info.profile_idc);
  c.version("/format/topologyFormat", "topologyFormat", f.topology_format, info.topology_format);
  external_data(c, d, info.external_data);
  if (!info.has_graph) return report;
  // The role decides which tensors the file's graph has at its edges.
  partition const* p = a.partition_id ? find_partition(d, *a.partition_id) : nullptr;
  auto const cut_path =
      p ? "/partitions/" + std::to_string(p - d.partitions.data()) + "/intermediate"
        : std::string();
  switch (a.role) {
    case artifact_role::full:
      c.tensors(d.inputs, "/inputs", info.inputs, "input");
      c.tensors(d.outputs, "/outputs", info.outputs, "output");
      break;
    case artifact_role::head:
      c.tensors(d.inputs, "/inputs", info.inputs, "input");
      if (p) c.tensors(p->intermediate, cut_path, info.outputs, "output");
      break;
    case artifact_role::tail:
      if (p) c.tensors(p->intermediate, cut_path, info.inputs, "input");
      c.tensors(d.outputs, "/outputs", info.outputs, "output");
      break;
    default:
      break;
  }
  return report;
}

check_report check_artifact(descriptor const& d, std::size_t artifact_index,
                            std::span<std::byte const> bytes, limits const& bounds) {
  return detail::check_artifact_with(d, artifact_index, bytes, bounds,
                                     [bytes](artifact_verifier& v) { return v.update(bytes); });
}

namespace detail {
namespace {

// A weights file is parsed, not only hashed: its format reader must accept it, and what the
// descriptor states of its contents must be in it.
void compare_contents(check_report& report, artifact const& a, std::string const& path,
                      std::span<std::byte const> bytes, limits const& bounds) {
  if (!a.contents) {
    report.not_checked.emplace_back("contents (the descriptor states none)");
    return;
  }
  auto const& want = *a.contents;
  auto const info = inspect(want.format, bytes, bounds);
  if (!info) {
    auto e = info.error();
    e.path = path + "/contents/format";
    report.mismatches.push_back(std::move(e));
    return;
  }
  comparer c{report, false};
  report.verified.push_back("contents " + std::string(to_string(want.format)));
  if (want.tensor_count) {
    if (*want.tensor_count == info->tensor_count) {
      report.verified.push_back(std::to_string(info->tensor_count) + " tensors");
    } else {
      c.mismatch(errc::model_contents_mismatch, path + "/contents/tensorCount", 0,
                 "descriptor " + std::to_string(*want.tensor_count) + ", file " +
                     std::to_string(info->tensor_count));
    }
  }
  for (auto const& [key, value] : want.metadata) {
    auto const found = info->metadata.find(key);
    auto const at = imsdp::detail::pointer_append(path + "/contents/metadata", key);
    if (found == info->metadata.end()) {
      c.mismatch(errc::model_contents_mismatch, at, 0, "the file has no " + key);
    } else if (found->second != value) {
      c.mismatch(errc::model_contents_mismatch, at, 0,
                 "descriptor " + value + ", file " + found->second);
    } else {
      report.verified.push_back(key + " " + value);
    }
  }
}

}  // namespace

check_report check_artifact_with(descriptor const& d, std::size_t artifact_index,
                                 std::span<std::byte const> bytes, limits const& bounds,
                                 std::function<result<void>(artifact_verifier&)> const& hash) {
  check_report report;
  if (artifact_index >= d.artifacts.size()) {
    report.mismatches.push_back(make_error(errc::invalid_argument, "artifact", "no such artifact"));
    return report;
  }
  auto const& a = d.artifacts[artifact_index];
  auto const path = "/artifacts/" + std::to_string(artifact_index);
  auto const mismatch = [&](error e, char const* member) {
    e.path = path + member;
    report.mismatches.push_back(std::move(e));
  };
  auto verifier = artifact_verifier::create(a.size, a.digest);
  if (!verifier) {
    mismatch(verifier.error(), "/digest/value");
    return report;
  }
  if (auto r = hash(*verifier); !r) {
    mismatch(r.error(), "/size");
  } else if (auto f = verifier->finish(); !f) {
    mismatch(f.error(), f.error().code == errc::model_size_mismatch ? "/size" : "/digest/value");
  } else {
    report.verified.push_back("size " + std::to_string(a.size));
    report.verified.emplace_back(to_string(a.digest.alg));
  }
  if (a.role == artifact_role::weights) {
    compare_contents(report, a, path, bytes, bounds);
    return report;
  }
  // Roles whose file is a model of the descriptor's format.
  if (a.role != artifact_role::full && a.role != artifact_role::head &&
      a.role != artifact_role::tail)
    return report;
  auto const info = inspect(d.format.name, bytes, bounds);
  if (!info) {
    report.mismatches.push_back(info.error());
    return report;
  }
  auto more = compare(d, artifact_index, *info);
  for (auto& v : more.verified)
    report.verified.push_back(std::move(v));
  report.not_checked = std::move(more.not_checked);
  for (auto& e : more.mismatches)
    report.mismatches.push_back(std::move(e));
  return report;
}

}  // namespace detail

}  // namespace imsdp::aiml::model
