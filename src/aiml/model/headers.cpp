// Header readers for GGUF, NNEF, MPEG NNC and ExecuTorch (research/model-and-tensor.md
// sections 2.4-2.7 and 3.8), and inspect() which picks the reader of a format.
#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "aiml/model/byte_reader.hpp"
#include "aiml/model/formats.hpp"

namespace imsdp::aiml::model {
namespace detail {
namespace {

// ---- GGUF (section 2.7) ----

// ggml types with their block size in elements and bytes. Types not listed (the IQ and
// TQ families, MXFP4) are reported as unsupported rather than guessed.
struct ggml_type {
  std::uint32_t id;
  std::uint32_t block_elements;
  std::uint32_t block_bytes;
};
constexpr std::array<ggml_type, 20> ggml_types{{
    {0, 1, 4},       // F32
    {1, 1, 2},       // F16
    {2, 32, 18},     // Q4_0
    {3, 32, 20},     // Q4_1
    {6, 32, 22},     // Q5_0
    {7, 32, 24},     // Q5_1
    {8, 32, 34},     // Q8_0
    {9, 32, 36},     // Q8_1
    {10, 256, 84},   // Q2_K
    {11, 256, 110},  // Q3_K
    {12, 256, 144},  // Q4_K
    {13, 256, 176},  // Q5_K
    {14, 256, 210},  // Q6_K
    {15, 256, 292},  // Q8_K
    {24, 1, 1},      // I8
    {25, 1, 2},      // I16
    {26, 1, 4},      // I32
    {27, 1, 8},      // I64
    {28, 1, 8},      // F64
    {30, 1, 2},      // BF16
}};

constexpr std::uint32_t gguf_string = 8;
constexpr std::uint32_t gguf_array = 9;
constexpr std::size_t gguf_max_dims = 4;   // GGML_MAX_DIMS
constexpr std::size_t gguf_max_name = 64;  // tensor names (GGML_MAX_NAME)

// Width of a scalar value type, 0 for string and array, nullopt for unknown types.
std::optional<std::size_t> gguf_scalar_width(std::uint32_t type) {
  constexpr std::array<std::size_t, 13> widths{1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
  if (type >= widths.size()) return std::nullopt;
  return widths[type];
}

class gguf_reader {
 public:
  gguf_reader(std::span<std::byte const> bytes, limits const& bounds)
      : in_(bytes), bounds_(bounds) {}

  // A gguf_string {u64 length, bytes}; the length is checked against the input first.
  result<std::string_view> string(std::size_t max_length, std::string_view what) {
    auto const at = in_.offset();
    auto const length = in_.read<std::uint64_t>(what);
    if (!length) return length.error();
    if (*length > max_length)
      return file_error(errc::limit_exceeded, at,
                        std::string(what) + " of " + std::to_string(*length) + " bytes");
    auto const text = in_.take(*length, what);
    if (!text) return text.error();
    return as_text(*text);
  }

  // Skips one value of `type`, arrays nested at most bounds.max_array_depth deep.
  result<void> skip_value(std::uint32_t type, std::size_t depth) {
    auto const at = in_.offset();
    if (type == gguf_string) {
      auto const s = string(in_.remaining(), "string value");
      if (!s) return s.error();
      return {};
    }
    if (type == gguf_array) {
      if (depth >= bounds_.max_array_depth)
        return file_error(errc::limit_exceeded, at, "arrays nested too deep");
      auto const element = in_.read<std::uint32_t>("array type");
      auto const count = in_.read<std::uint64_t>("array length");
      if (!element) return element.error();
      if (!count) return count.error();
      auto const width = gguf_scalar_width(*element);
      if (!width)
        return file_error(errc::model_malformed, at,
                          "array of unknown type " + std::to_string(*element));
      // Each element takes at least one byte (strings eight): cap by what is left.
      std::uint64_t const least = *width == 0 ? 8 : *width;
      if (*count > in_.remaining() / least)
        return file_error(errc::model_truncated, at,
                          "array of " + std::to_string(*count) + " elements");
      if (*width != 0) {
        auto const skipped = in_.take(*count * *width, "array");
        if (!skipped) return skipped.error();
        return {};
      }
      for (std::uint64_t i = 0; i < *count; ++i)
        if (auto r = skip_value(*element, depth + 1); !r) return r;
      return {};
    }
    auto const width = gguf_scalar_width(type);
    if (!width)
      return file_error(errc::model_malformed, at, "value of unknown type " + std::to_string(type));
    auto const skipped = in_.take(*width, "value");
    if (!skipped) return skipped.error();
    return {};
  }

  // Names given once, and tensors whose bytes do not overlap; errors at the later record.
  template <class Placed>
  static result<void> distinct(std::vector<Placed>& tensors) {
    auto const later = [](Placed const& a, Placed const& b) { return a.at < b.at ? b : a; };
    std::sort(tensors.begin(), tensors.end(),
              [](Placed const& a, Placed const& b) { return a.name < b.name; });
    for (std::size_t i = 1; i < tensors.size(); ++i)
      if (tensors[i].name == tensors[i - 1].name)
        return file_error(errc::model_malformed, later(tensors[i], tensors[i - 1]).at,
                          "tensor name " + std::string(tensors[i].name) + " given twice");
    std::sort(tensors.begin(), tensors.end(),
              [](Placed const& a, Placed const& b) { return a.offset < b.offset; });
    for (std::size_t i = 1; i < tensors.size(); ++i)
      if (tensors[i - 1].bytes > tensors[i].offset - tensors[i - 1].offset)
        return file_error(errc::model_malformed, later(tensors[i], tensors[i - 1]).at,
                          "tensor " + std::string(tensors[i].name) + " overlaps tensor " +
                              std::string(tensors[i - 1].name));
    return {};
  }

  result<model_info> read() {
    auto const magic = in_.take(4, "magic");
    if (!magic || as_text(*magic) != "GGUF")
      return file_error(errc::model_format_mismatch, 0, "no \"GGUF\" magic at byte 0");
    auto const version = in_.read<std::uint32_t>("version");
    if (!version) return version.error();
    if (*version < 2 || *version > 3)
      return file_error(errc::unsupported, 4, "GGUF version " + std::to_string(*version));
    auto const tensor_count = in_.read<std::uint64_t>("tensor_count");
    auto const kv_count = in_.read<std::uint64_t>("metadata_kv_count");
    if (!tensor_count) return tensor_count.error();
    if (!kv_count) return kv_count.error();
    if (*tensor_count > bounds_.max_header_tensors)
      return file_error(errc::limit_exceeded, 8, std::to_string(*tensor_count) + " tensors");
    if (*kv_count > bounds_.max_metadata_entries)
      return file_error(errc::limit_exceeded, 16, std::to_string(*kv_count) + " metadata entries");
    std::uint64_t alignment = 32;
    std::map<std::string, std::string> metadata;
    std::set<std::string_view> keys;
    for (std::uint64_t i = 0; i < *kv_count; ++i) {
      auto const key_at = in_.offset();
      auto const key = string(bounds_.max_name_bytes, "key");
      if (!key) return key.error();
      // llama.cpp refuses a key given twice; a reader that took either value could be fooled.
      if (!keys.insert(*key).second)
        return file_error(errc::model_malformed, key_at,
                          "key " + std::string(*key) + " given twice");
      auto const type_at = in_.offset();
      auto const type = in_.read<std::uint32_t>("value type");
      if (!type) return type.error();
      if (*key == "general.alignment") {
        // Type confusion and huge alignments are known attacks (section 3.8 items 4, 5).
        auto const value = in_.read<std::uint32_t>("alignment");
        if (*type != 4 || !value)
          return file_error(errc::model_malformed, type_at, "general.alignment is not a u32");
        if (*value == 0 || *value % 8 != 0 || (*value & (*value - 1)) != 0 ||
            *value > bounds_.max_alignment)
          return file_error(errc::model_malformed, type_at, "alignment " + std::to_string(*value));
        alignment = *value;
        continue;
      }
      if (*type == gguf_string) {
        auto const value = string(in_.remaining(), "string value");
        if (!value) return value.error();
        metadata.emplace(*key, *value);
        continue;
      }
      if (auto r = skip_value(*type, 0); !r) return r.error();
    }
    struct placed {
      std::uint64_t offset, bytes;
      std::size_t at;
      std::string_view name;
    };
    std::vector<placed> tensors;
    for (std::uint64_t i = 0; i < *tensor_count; ++i) {
      auto const at = in_.offset();
      auto const name = string(gguf_max_name, "tensor name");
      if (!name) return name.error();
      auto const rank = in_.read<std::uint32_t>("n_dims");
      if (!rank) return rank.error();
      if (*rank == 0 || *rank > gguf_max_dims || *rank > bounds_.max_rank)
        return file_error(errc::model_malformed, at, "n_dims " + std::to_string(*rank));
      std::uint64_t elements = 1;
      std::uint64_t first = 0;
      for (std::uint32_t d = 0; d < *rank; ++d) {
        auto const extent = in_.read<std::uint64_t>("dimension");
        if (!extent) return extent.error();
        if (d == 0) first = *extent;
        if (__builtin_mul_overflow(elements, *extent, &elements))
          return file_error(errc::model_malformed, at, "element count overflows 64 bits");
      }
      auto const type = in_.read<std::uint32_t>("ggml type");
      auto const offset = in_.read<std::uint64_t>("offset");
      if (!type) return type.error();
      if (!offset) return offset.error();
      auto const* t = std::find_if(ggml_types.begin(), ggml_types.end(),
                                   [&](ggml_type const& g) { return g.id == *type; });
      if (t == ggml_types.end())
        return file_error(errc::unsupported, at, "ggml type " + std::to_string(*type));
      if (first % t->block_elements != 0)
        return file_error(errc::model_malformed, at, "rows are not whole blocks");
      std::uint64_t bytes = 0;
      if (__builtin_mul_overflow(elements / t->block_elements, std::uint64_t{t->block_bytes},
                                 &bytes))
        return file_error(errc::model_malformed, at, "tensor size overflows 64 bits");
      if (*offset % alignment != 0)
        return file_error(errc::model_malformed, at, "offset not aligned");
      tensors.push_back({*offset, bytes, at, *name});
    }
    // The data section starts at the next multiple of the alignment.
    std::uint64_t const header_end = in_.offset();
    std::uint64_t const data = (header_end + alignment - 1) / alignment * alignment;
    std::uint64_t const size = in_.offset() + in_.remaining();
    // llama.cpp's vocab-only files have no tensor and end after the header: the padded data
    // section is required only when a tensor has bytes in it.
    bool const has_data =
        std::any_of(tensors.begin(), tensors.end(), [](auto const& t) { return t.bytes > 0; });
    if (data > size) {
      if (has_data) return file_error(errc::model_truncated, in_.offset(), "no data section");
      tensors.clear();  // zero-sized tensors: nothing to locate
    }
    for (auto const& t : tensors) {
      if (t.offset > size - data || t.bytes > size - data - t.offset)
        return file_error(errc::model_malformed, t.at,
                          "tensor of " + std::to_string(t.bytes) + " bytes at data offset " +
                              std::to_string(t.offset) + " extends past the end of the file");
    }
    // llama.cpp refuses a name given twice; tensors sharing bytes would alias each other.
    if (auto r = distinct(tensors); !r) return r.error();
    model_info info;
    info.format = format_name::gguf;
    info.size = size;
    info.gguf_version = *version;
    info.tensor_count = *tensor_count;
    info.metadata = std::move(metadata);
    return info;
  }

 private:
  byte_reader in_;
  limits const& bounds_;
};

// ---- NNEF (section 2.4) ----

// A tensor file: 128-byte header, then data_length bytes.
result<model_info> inspect_nnef_tensor(std::span<std::byte const> bytes, limits const& bounds) {
  byte_reader in(bytes);
  auto const header = in.take(128, "NNEF tensor header");
  if (!header) return header.error();
  auto const u32 = [&](std::size_t at) {
    return byte_reader::load<std::uint32_t>(header->data() + at);
  };
  if ((*header)[2] != std::byte{1} || (*header)[3] != std::byte{0})
    return file_error(errc::unsupported, 2, "NNEF tensor file version other than 1.0");
  auto const data_length = u32(4);
  auto const rank = u32(8);
  if (rank > 8 || rank > bounds.max_rank)
    return file_error(errc::model_malformed, 8, "rank " + std::to_string(rank));
  std::uint64_t bits = u32(44);
  for (std::uint32_t i = 0; i < rank; ++i)
    if (__builtin_mul_overflow(bits, std::uint64_t{u32(12 + 4 * std::size_t{i})}, &bits))
      return file_error(errc::model_malformed, 12, "tensor size overflows 64 bits");
  if ((bits + 7) / 8 != data_length)
    return file_error(errc::model_malformed, 4,
                      "data_length " + std::to_string(data_length) + ", extents need " +
                          std::to_string((bits + 7) / 8));
  if (in.remaining() != data_length)
    return file_error(errc::model_size_mismatch, 128,
                      std::to_string(in.remaining()) + " data bytes");
  model_info info;
  info.format = format_name::nnef;
  info.size = bytes.size();
  info.nnef_version = "1.0";
  info.tensor_count = 1;
  return info;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Tokens of graph.nnef: identifiers, numbers and single punctuation; '#' comments.
class nnef_scanner {
 public:
  explicit nnef_scanner(std::string_view text) : text_(text) {}
  [[nodiscard]] std::size_t offset() const noexcept { return at_; }

  std::string_view next() {
    while (at_ < text_.size()) {
      if (is_space(text_[at_])) {
        ++at_;
      } else if (text_[at_] == '#') {
        while (at_ < text_.size() && text_[at_] != '\n')
          ++at_;
      } else {
        break;
      }
    }
    auto const start = at_;
    if (at_ >= text_.size()) return {};
    if (is_name_char(text_[at_]) || text_[at_] == '.') {
      while (at_ < text_.size() && (is_name_char(text_[at_]) || text_[at_] == '.'))
        ++at_;
    } else {
      ++at_;
      if (text_[start] == '-' && at_ < text_.size() && text_[at_] == '>') ++at_;
    }
    return text_.substr(start, at_ - start);
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

// graph.nnef: "version 1.0;" [extension lines] "graph" name "(" inputs ")" "->" "(" outputs ")".
result<model_info> inspect_nnef_graph(std::span<std::byte const> bytes, limits const& bounds) {
  nnef_scanner scan(as_text(bytes));
  model_info info;
  info.format = format_name::nnef;
  info.size = bytes.size();
  info.has_graph = true;
  if (scan.next() != "version")
    return file_error(errc::model_format_mismatch, 0,
                      "neither an NNEF tensor file nor graph.nnef text");
  auto const version = scan.next();
  if (version.empty() || scan.next() != ";")
    return file_error(errc::model_malformed, scan.offset(), "version line");
  info.nnef_version = std::string(version);
  for (auto token = scan.next(); token != "graph"; token = scan.next()) {
    if (token.empty())
      return file_error(errc::model_truncated, scan.offset(), "no graph declaration");
    if (token != "extension" && token != ";" && token != "," && !is_name_char(token[0]))
      return file_error(errc::model_malformed, scan.offset(),
                        "unexpected '" + std::string(token) + "'");
  }
  if (scan.next().empty()) return file_error(errc::model_truncated, scan.offset(), "graph name");
  for (auto* list : {&info.inputs, &info.outputs}) {
    if (list == &info.outputs && scan.next() != "->")
      return file_error(errc::model_malformed, scan.offset(), "expected '->'");
    if (scan.next() != "(") return file_error(errc::model_malformed, scan.offset(), "expected '('");
    for (;;) {
      auto const at = scan.offset();
      auto const name = scan.next();
      if (name.empty() || !is_name_char(name[0]))
        return file_error(errc::model_malformed, at, "expected a tensor name");
      if (name.size() > bounds.max_name_bytes)
        return file_error(errc::limit_exceeded, at, "name too long");
      if (info.inputs.size() + info.outputs.size() >= bounds.max_graph_tensors)
        return file_error(errc::limit_exceeded, at, "too many graph inputs and outputs");
      tensor_info t;
      t.name = std::string(name);
      t.offset = at;
      list->push_back(std::move(t));
      auto const separator = scan.next();
      if (separator == ")") break;
      if (separator != ",")
        return file_error(errc::model_malformed, scan.offset(), "expected ',' or ')'");
    }
  }
  return info;
}

}  // namespace

result<model_info> inspect_gguf(std::span<std::byte const> bytes, limits const& bounds) {
  return gguf_reader(bytes, bounds).read();
}

result<model_info> inspect_nnef(std::span<std::byte const> bytes, limits const& bounds) {
  if (bytes.size() >= 2 && bytes[0] == std::byte{0x4E} && bytes[1] == std::byte{0xEF})
    return inspect_nnef_tensor(bytes, bounds);
  return inspect_nnef_graph(bytes, bounds);
}

// ---- MPEG NNC (section 2.5) ----

// Walks the NNR units: nnr_unit_size_flag u(1), nnr_unit_size u(15 or 31) counting the
// whole unit, then nnr_unit_header: nnr_unit_type u(6), independently_decodable_flag
// u(1), partial_data_counter_present_flag u(1). The first unit is NNR_STR (type 0) with
// general_profile_idc u(8); an NNR_TPL (3) gives topology_storage_format u(8).
result<model_info> inspect_nnc(std::span<std::byte const> bytes, limits const& bounds) {
  constexpr std::array<std::string_view, 7> topology_names{
      "", "nnef", "onnx", "pytorch", "tensorflow", "pruning", "ref-list"};
  model_info info;
  info.format = format_name::nnc;
  info.size = bytes.size();
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (info.tensor_count >= bounds.max_units)
      return file_error(errc::limit_exceeded, at, "too many NNR units");
    byte_reader in(bytes.subspan(at), at);
    auto const first = in.read<std::uint8_t>("nnr_unit_size");
    if (!first) return first.error();
    std::uint64_t size = *first & 0x7Fu;
    std::size_t const size_bytes = (*first & 0x80) != 0 ? 4 : 2;
    for (std::size_t i = 1; i < size_bytes; ++i) {
      auto const b = in.read<std::uint8_t>("nnr_unit_size");
      if (!b) return b.error();
      size = (size << 8) | *b;
    }
    auto const header = in.read<std::uint8_t>("nnr_unit_header");
    if (!header) return header.error();
    unsigned const type = *header >> 2;
    std::size_t const header_bytes = size_bytes + 1 + ((*header & 1) != 0 ? 1 : 0);
    if (size < header_bytes || size > bytes.size() - at)
      return file_error(errc::model_malformed, at, "nnr_unit_size " + std::to_string(size));
    if (info.tensor_count == 0 && type != 0)
      return file_error(errc::model_format_mismatch, at, "the first NNR unit is not NNR_STR");
    if (type > 6)
      return file_error(errc::model_malformed, at, "nnr_unit_type " + std::to_string(type));
    auto const payload =
        bytes.subspan(at + header_bytes, static_cast<std::size_t>(size) - header_bytes);
    if (type == 0 || type == 3) {
      if (payload.empty()) return file_error(errc::model_truncated, at, "unit header");
      auto const value = std::to_integer<std::uint8_t>(payload[0]);
      if (type == 0) {
        info.profile_idc = value;
      } else if (value < topology_names.size() && value != 0) {
        info.topology_format = std::string(topology_names[value]);
      }
    }
    ++info.tensor_count;
    at += static_cast<std::size_t>(size);
  }
  if (info.tensor_count == 0) return file_error(errc::model_truncated, 0, "no NNR unit");
  return info;
}

// ---- ExecuTorch (section 2.6) ----

// Identification: "ET" and two digits at byte 4, the root offset inside the file, and
// the optional extended header "eh??" at byte 8 with sizes inside the file.
result<model_info> inspect_executorch(std::span<std::byte const> bytes, limits const&) {
  auto const text = as_text(bytes);
  auto const digit = [](char c) { return c >= '0' && c <= '9'; };
  if (bytes.size() < 8 || text.substr(4, 2) != "ET" || !digit(text[6]) || !digit(text[7]))
    return file_error(errc::model_format_mismatch, 4, "no \"ET\" identifier at byte 4");
  if (byte_reader::load<std::uint32_t>(bytes.data()) + std::uint64_t{4} > bytes.size())
    return file_error(errc::model_malformed, 0, "root offset outside the file");
  if (bytes.size() >= 12 && text.substr(8, 2) == "eh") {
    byte_reader in(bytes.subspan(12), 12);
    auto const header_size = in.read<std::uint32_t>("extended header size");
    if (!header_size) return header_size.error();
    if (*header_size < 24)
      return file_error(errc::model_malformed, 12, "extended header too short");
    auto const program_size = in.read<std::uint64_t>("program size");
    auto const segment_base = in.read<std::uint64_t>("segment base offset");
    if (!program_size) return program_size.error();
    if (!segment_base) return segment_base.error();
    if (*program_size > bytes.size() || *segment_base > bytes.size() ||
        (*segment_base != 0 && *segment_base < *program_size))
      return file_error(errc::model_malformed, 16, "program or segment offsets outside the file");
  }
  model_info info;
  info.format = format_name::executorch;
  info.size = bytes.size();
  info.pte_version = std::string(text.substr(4, 4));
  return info;
}

}  // namespace detail

result<model_info> inspect(format_name format, std::span<std::byte const> bytes,
                           limits const& bounds) {
  if (bytes.size() > bounds.max_model_bytes)
    return detail::file_error(errc::limit_exceeded, 0, "model larger than max_model_bytes");
  switch (format) {
    case format_name::onnx:
      return detail::inspect_onnx(bytes, bounds);
    case format_name::tflite:
      return detail::inspect_tflite(bytes, bounds);
    case format_name::executorch:
      return detail::inspect_executorch(bytes, bounds);
    case format_name::gguf:
      return detail::inspect_gguf(bytes, bounds);
    case format_name::safetensors:
      return detail::inspect_safetensors(bytes, bounds);
    case format_name::nnef:
      return detail::inspect_nnef(bytes, bounds);
    case format_name::nnc:
      return detail::inspect_nnc(bytes, bounds);
    case format_name::coreml:
    case format_name::openvino:
      break;
  }
  return detail::file_error(errc::unsupported, 0,
                            "no reader for " + std::string(to_string(format)));
}

}  // namespace imsdp::aiml::model
