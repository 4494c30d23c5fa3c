// imsdp frame encode | decode | fragment | reassemble | steps (DESIGN.md section 9): AIDF v1
// frames and fragments <-> JSON. The encode SPEC and the decode output are described by
// schemas/aiml/intermediate/{frame-spec,frame}.schema.json.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <imsdp/aiml/intermediate/compression.hpp>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <imsdp/aiml/intermediate/json.hpp>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <imsdp/aiml/intermediate/sequence.hpp>
#include <iostream>
#include <limits>
#include <memory>

#include "cli.hpp"

namespace imsdp::cli {
namespace {

namespace aidf = imsdp::aiml::intermediate;
using nlohmann::json;

constexpr std::size_t max_tensor_bytes = 16u << 20;  // data read for one tensor

std::span<std::byte const> bytes_of(std::string const& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

bool write_file(std::string const& path, std::span<std::byte const> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<char const*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// A failure of the SPEC: what and where (a JSON pointer).
struct spec_error {
  std::string what;
};

// The bits of a list of flag names; `where` is the list's JSON pointer.
template <class Bits>
Bits flag_bits(json const& names, std::string const& where,
               std::initializer_list<std::pair<std::string_view, Bits>> known) {
  Bits bits = 0;
  for (auto const& f : names) {
    auto const name = f.get<std::string>();
    auto const it =
        std::find_if(known.begin(), known.end(), [&](auto const& k) { return k.first == name; });
    if (it == known.end()) throw spec_error{where + ": unknown flag " + name};
    bits = static_cast<Bits>(bits | it->second);
  }
  return bits;
}

std::vector<std::byte> hex_bytes(std::string const& hex, std::string const& where) {
  if (hex.size() % 2 != 0) throw spec_error{where + ": odd number of hex digits"};
  std::vector<std::byte> out(hex.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    char* end = nullptr;
    std::string const pair = hex.substr(2 * i, 2);
    auto const v = std::strtoul(pair.c_str(), &end, 16);
    if (*end != '\0') throw spec_error{where + ": not hex: " + pair};
    out[i] = static_cast<std::byte>(v);
  }
  return out;
}

// The spec's values as `type` elements (little-endian).
std::vector<std::byte> numbers_as(json const& data, aidf::dtype type, std::string const& where) {
  std::vector<std::byte> out;
  auto put = [&](auto v) {
    auto const* p = reinterpret_cast<std::byte const*>(&v);
    out.insert(out.end(), p, p + sizeof v);
  };
  for (auto const& x : data) {
    if (!x.is_number()) throw spec_error{where + ": not a number"};
    double const d = x.get<double>();
    switch (type) {
      case aidf::dtype::float32:
        put(static_cast<float>(d));
        break;
      case aidf::dtype::float64:
        put(d);
        break;
      case aidf::dtype::int8:
        put(static_cast<std::int8_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::uint8:
        put(static_cast<std::uint8_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::int16:
        put(static_cast<std::int16_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::uint16:
        put(static_cast<std::uint16_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::int32:
        put(static_cast<std::int32_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::uint32:
        put(static_cast<std::uint32_t>(x.get<std::int64_t>()));
        break;
      case aidf::dtype::int64:
        put(x.get<std::int64_t>());
        break;
      case aidf::dtype::float16: {
        float const f = static_cast<float>(d);
        std::uint16_t h = 0;
        (void)aidf::fp32_to_fp16(std::span(&f, 1), std::span(&h, 1));
        put(h);
        break;
      }
      default:
        throw spec_error{where + ": inline numbers need a whole-byte int or float dtype"};
    }
  }
  return out;
}

std::vector<std::byte> read_bytes(std::filesystem::path const& path, std::string const& where) {
  std::error_code ec;
  auto const size = std::filesystem::file_size(path, ec);
  if (ec || size > max_tensor_bytes) throw spec_error{where + ": cannot read " + path.string()};
  std::vector<std::byte> out(size);
  std::ifstream in(path, std::ios::binary);
  in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(size));
  if (!in) throw spec_error{where + ": cannot read " + path.string()};
  return out;
}

// Everything the frame_input views, kept alive while encoding. Moving a vector keeps its
// heap buffer, so the spans stay valid as `buffers` grows.
struct encode_storage {
  std::vector<std::vector<std::byte>> buffers;
  std::vector<aidf::tlv_input> tlvs;
  std::vector<aidf::tensor_input> tensors;
  std::span<std::byte const> keep(std::vector<std::byte> b) {
    buffers.push_back(std::move(b));
    return buffers.back();
  }
};

// One spec tensor: its data, then the profile (fp16, int8/uint8 per tensor or axis), then
// zstd; per-axis quantization adds the scale and zero-point companions.
void add_tensor(json const& t, std::size_t index, std::filesystem::path const& base,
                encode_storage& s) {
  std::string const where = "/tensors/" + std::to_string(index);
  auto const type = aiml::dtype_from_string(t.value("dtype", std::string("float32")));
  if (!type || !aiml::valid_in_frames(*type)) throw spec_error{where + "/dtype: unknown"};
  aidf::tensor_descriptor d;
  d.tensor_id = t.value("tensorId", static_cast<std::uint16_t>(index));
  d.type = *type;
  auto const& shape = t.at("shape");
  if (shape.size() > aidf::max_rank) throw spec_error{where + "/shape: rank over 8"};
  d.rank = static_cast<std::uint8_t>(shape.size());
  for (std::size_t i = 0; i < shape.size(); ++i)
    d.dims[i] = shape[i].get<std::uint32_t>();

  std::vector<std::byte> data;
  if (t.contains("data")) {
    data = numbers_as(t["data"], d.type, where + "/data");
  } else if (t.contains("hex")) {
    data = hex_bytes(t["hex"].get<std::string>(), where + "/hex");
  } else if (t.contains("file")) {
    data = read_bytes(base / t["file"].get<std::string>(), where + "/file");
  } else {
    throw spec_error{where + ": needs data, hex or file"};
  }

  std::string const profile = t.value("profile", std::string("none"));
  std::vector<aidf::tensor_input> companions;
  if (profile != "none") {
    if (d.type != aidf::dtype::float32 || data.size() % 4 != 0)
      throw spec_error{where + "/profile: needs float32 data"};
    std::vector<float> values(data.size() / 4);
    std::memcpy(values.data(), data.data(), data.size());
    if (profile == "fp16") {
      std::vector<std::uint16_t> halves(values.size());
      (void)aidf::fp32_to_fp16(values, halves);
      auto const b = std::as_bytes(std::span(halves));
      data.assign(b.begin(), b.end());
      d.type = aidf::dtype::float16;
    } else if (profile == "int8" || profile == "uint8") {
      d.type = profile == "int8" ? aidf::dtype::int8 : aidf::dtype::uint8;
      data.resize(values.size());
      if (!t.contains("axis")) {
        auto const p = aidf::choose_affine(values, d.type);
        if (!p || !aidf::quantize(values, *p, d.type, data))
          throw spec_error{where + ": quantization failed"};
        d.quant = aidf::quantization::per_tensor;
        d.scale = p->scale;
        d.zero_point = p->zero_point;
      } else {
        auto const axis = t["axis"].get<std::size_t>();
        auto const along = aidf::axis_shape_of(std::span(d.dims).first(d.rank), axis);
        if (!along || along->size() != values.size())
          throw spec_error{where + "/axis: does not fit the shape and data"};
        std::vector<float> scales(along->channels);
        std::vector<std::int32_t> zps(along->channels);
        if (!aidf::choose_affine_per_axis(values, *along, d.type, scales, zps) ||
            !aidf::quantize_per_axis(values, *along, scales, zps, d.type, data))
          throw spec_error{where + ": quantization failed"};
        d.quant = aidf::quantization::per_axis;
        d.quant_axis = static_cast<std::uint8_t>(axis);
        auto const ids =
            t.value("companionIds",
                    std::vector<std::uint16_t>{static_cast<std::uint16_t>(0xF000 + 2 * index),
                                               static_cast<std::uint16_t>(0xF001 + 2 * index)});
        if (ids.size() != 2) throw spec_error{where + "/companionIds: two ids"};
        aidf::tensor_descriptor c;
        c.rank = 1;
        c.dims[0] = static_cast<std::uint32_t>(scales.size());
        c.tensor_id = ids[0];
        c.type = aidf::dtype::float32;
        c.role = aidf::tensor_role::scale_of;
        auto const sb = std::as_bytes(std::span(scales));
        companions.push_back({c, s.keep({sb.begin(), sb.end()})});
        c.tensor_id = ids[1];
        c.type = aidf::dtype::int32;
        c.role = aidf::tensor_role::zero_point_of;
        auto const zb = std::as_bytes(std::span(zps));
        companions.push_back({c, s.keep({zb.begin(), zb.end()})});
      }
    } else {
      throw spec_error{where + "/profile: none, fp16, int8 or uint8"};
    }
  }
  if (t.value("zstd", false)) {
    d.payload_codec = aidf::codec::zstd;
    d.decoded_len = data.size();
    std::vector<std::byte> packed(aidf::zstd_bound(data.size()));
    auto const n = aidf::zstd_compress(data, packed, t.value("zstdLevel", 3));
    if (!n) throw spec_error{where + "/zstd: compression failed"};
    packed.resize(*n);
    data = std::move(packed);
  }
  // Companions follow their data tensor and point at it.
  auto const data_index = static_cast<std::uint16_t>(s.tensors.size());
  s.tensors.push_back({d, s.keep(std::move(data))});
  for (auto& c : companions) {
    c.descriptor.ref_index = data_index;
    s.tensors.push_back(c);
  }
}

aidf::frame_input input_of_spec(json const& spec, std::filesystem::path const& base,
                                encode_storage& s) {
  aidf::frame_input in;
  auto& h = in.header;
  h.frame_seq = spec.value("frameSeq", std::uint32_t{0});
  h.config_id = spec.value("configId", std::uint16_t{0});
  h.partition_id = spec.value("partitionId", std::uint16_t{0});
  h.stream_ref = spec.contains("streamRef") && !spec["streamRef"].is_null()
                     ? spec["streamRef"].get<std::uint16_t>()
                     : aidf::no_stream;
  h.rtp_ts = spec.value("rtpTimestamp", std::uint32_t{0});
  h.rtp_duration = spec.value("rtpDuration", std::uint32_t{0});
  h.capture_ntp = spec.value("captureNtp", std::uint64_t{0});
  h.flags = flag_bits<std::uint32_t>(spec.value("flags", json::array()), "/flags",
                                     {{"crc32c", aidf::flags::crc32c},
                                      {"independent", aidf::flags::independent},
                                      {"last-of-task", aidf::flags::last_of_task}});
  std::size_t i = 0;
  for (auto const& t : spec.value("tlvs", json::array())) {
    std::string const where = "/tlvs/" + std::to_string(i++);
    std::uint16_t type = 0;
    if (t.at("type").is_string()) {
      auto const name = t["type"].get<std::string>();
      for (std::uint16_t known :
           {aidf::tlv_type::media_mid, aidf::tlv_type::ssrc, aidf::tlv_type::source_geometry,
            aidf::tlv_type::send_ntp, aidf::tlv_type::model_ref, aidf::tlv_type::quality_hint,
            aidf::tlv_type::request_ref, aidf::tlv_type::codec_params, aidf::tlv_type::auth_tag,
            aidf::tlv_type::sequence_step, aidf::tlv_type::batch})
        if (aidf::tlv_type_name(known) == name) type = known;
      if (type == 0) throw spec_error{where + "/type: unknown name " + name};
    } else {
      type = t["type"].get<std::uint16_t>();
    }
    std::vector<std::byte> value;
    if (t.contains("value")) {
      auto const text = t["value"].get<std::string>();
      auto const b = bytes_of(text);
      value.assign(b.begin(), b.end());
    } else {
      value = hex_bytes(t.value("hex", std::string()), where + "/hex");
    }
    s.tlvs.push_back({type, s.keep(std::move(value))});
  }
  if (spec.contains("sequenceStep")) {
    auto const& j = spec["sequenceStep"];
    aidf::sequence_step step;
    step.sequence_id = j.at("sequenceId").get<std::uint32_t>();
    step.epoch = j.value("epoch", std::uint32_t{0});
    step.position = j.value("position", std::uint64_t{0});
    step.length = j.value("length", std::uint32_t{1});
    step.flags = flag_bits<std::uint16_t>(j.value("flags", json::array()), "/sequenceStep/flags",
                                          {{"start", aidf::step_flags::start},
                                           {"end", aidf::step_flags::end},
                                           {"reset", aidf::step_flags::reset}});
    auto const value = aidf::sequence_step_value(step);
    s.tlvs.push_back({aidf::tlv_type::sequence_step, s.keep({value.begin(), value.end()})});
  }
  if (spec.contains("requestRef")) {
    std::array<std::byte, 8> value{};
    aidf::wire::store<std::uint64_t>(value.data(), spec["requestRef"].get<std::uint64_t>());
    s.tlvs.push_back({aidf::tlv_type::request_ref, s.keep({value.begin(), value.end()})});
  }
  if (spec.contains("batch")) {
    std::vector<aidf::batch_item> items;
    for (auto const& j : spec["batch"])
      items.push_back({j.at("itemId").get<std::uint64_t>(), j.value("captureNtp", std::uint64_t{0}),
                       j.value("length", std::uint32_t{1})});
    if (items.empty() || items.size() > aidf::max_batch_items)
      throw spec_error{"/batch: 1 to " + std::to_string(aidf::max_batch_items) + " items"};
    s.tlvs.push_back({aidf::tlv_type::batch, s.keep(aidf::batch_value(items))});
  }
  auto const& tensors = spec.at("tensors");
  for (std::size_t k = 0; k < tensors.size(); ++k)
    add_tensor(tensors[k], k, base, s);
  in.tlvs = s.tlvs;
  in.tensors = s.tensors;
  return in;
}

int run_encode(std::string const& spec_path, std::string const& out_path) {
  auto text = read_input(spec_path);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  auto const spec = json::parse(*text, nullptr, false);
  if (spec.is_discarded() || !spec.is_object()) {
    std::cerr << spec_path << ": not a JSON object\n";
    return invalid_input;
  }
  encode_storage storage;
  aidf::frame_input in;
  try {
    in = input_of_spec(spec, std::filesystem::path(spec_path).parent_path(), storage);
  } catch (spec_error const& e) {
    std::cerr << spec_path << ": " << e.what << '\n';
    return invalid_input;
  } catch (json::exception const& e) {
    std::cerr << spec_path << ": " << e.what() << '\n';
    return invalid_input;
  }
  auto const size = aidf::encoded_size(in);
  if (!size) {
    std::cerr << spec_path << ": " << size.error().message() << '\n';
    return invalid_input;
  }
  std::vector<std::byte> out(*size);
  auto const written = aidf::encode_frame(in, out);
  if (!written) {
    std::cerr << spec_path << ": " << written.error().message() << " at frame offset "
              << written.error().where.offset << '\n';
    return invalid_input;
  }
  if (!write_file(out_path, out)) {
    std::cerr << "imsdp: cannot write " << out_path << '\n';
    return usage_or_io;
  }
  return ok;
}

// The values of a decoded tensor as doubles (dequantized when quantized), for statistics;
// nullopt for types without a plain numeric reading (sub-byte, fp8, bool).
std::optional<std::vector<double>> values_of(aidf::frame_view const& f, std::size_t index,
                                             std::span<std::byte const> bytes) {
  auto const t = f.tensor(index);
  auto const& d = t.descriptor;
  auto const n = static_cast<std::size_t>(t.element_count());
  std::vector<double> out(n);
  if (d.quant != aidf::quantization::none) {
    std::vector<float> floats(n);
    if (!aidf::dequantize(f, index, bytes, floats)) return std::nullopt;
    std::copy(floats.begin(), floats.end(), out.begin());
    return out;
  }
  auto read = [&](auto zero) {
    using T = decltype(zero);
    for (std::size_t i = 0; i < n; ++i) {
      T v;
      std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
      out[i] = static_cast<double>(v);
    }
  };
  switch (d.type) {
    case aidf::dtype::float32:
      read(float{});
      break;
    case aidf::dtype::float64:
      read(double{});
      break;
    case aidf::dtype::int8:
      read(std::int8_t{});
      break;
    case aidf::dtype::uint8:
      read(std::uint8_t{});
      break;
    case aidf::dtype::int16:
      read(std::int16_t{});
      break;
    case aidf::dtype::uint16:
      read(std::uint16_t{});
      break;
    case aidf::dtype::int32:
      read(std::int32_t{});
      break;
    case aidf::dtype::uint32:
      read(std::uint32_t{});
      break;
    case aidf::dtype::int64:
      read(std::int64_t{});
      break;
    case aidf::dtype::uint64:
      read(std::uint64_t{});
      break;
    case aidf::dtype::float16: {
      std::vector<std::uint16_t> halves(n);
      std::vector<float> floats(n);
      std::memcpy(halves.data(), bytes.data(), n * 2);
      (void)aidf::fp16_to_fp32(halves, floats);
      std::copy(floats.begin(), floats.end(), out.begin());
      break;
    }
    case aidf::dtype::bfloat16:
      for (std::size_t i = 0; i < n; ++i) {
        std::uint16_t v = 0;
        std::memcpy(&v, bytes.data() + 2 * i, 2);
        out[i] = std::bit_cast<float>(std::uint32_t{v} << 16);
      }
      break;
    default:
      return std::nullopt;
  }
  return out;
}

json statistics(std::vector<double> const& v) {
  std::size_t finite = 0;
  std::size_t nan = 0;
  std::size_t inf = 0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  double sum = 0;
  for (double x : v) {
    if (std::isnan(x)) {
      ++nan;
      continue;
    }
    if (std::isinf(x)) {
      ++inf;
      continue;
    }
    ++finite;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    sum += x;
  }
  json s{{"count", v.size()}, {"nan", nan}, {"inf", inf}};
  if (finite == 0) return s;
  double const mean = sum / static_cast<double>(finite);
  double squares = 0;
  for (double x : v)
    if (std::isfinite(x)) squares += (x - mean) * (x - mean);
  s["min"] = lo;
  s["max"] = hi;
  s["mean"] = mean;
  s["std"] = std::sqrt(squares / static_cast<double>(finite));
  return s;
}

int run_decode(std::string const& path, bool verify_crc, bool stats) {
  auto text = read_input(path);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  aidf::decode_options options;
  options.verify_crc = verify_crc;
  auto const frame = aidf::decode_frame(bytes_of(*text), options);
  if (!frame) {
    print_json(std::cout, json{{"error", aidf::error_json(frame.error())}});
    return invalid_input;
  }
  auto out = aidf::to_json(*frame);
  for (std::size_t i = 0; stats && i < frame->tensor_count(); ++i) {
    auto const t = frame->tensor(i);
    std::vector<std::byte> decoded(t.descriptor.decoded_len);
    auto const payload = aidf::decode_payload(t, decoded, options.limits);
    if (!payload) {
      out["tensors"][i]["statistics"] = json{{"error", aidf::error_json(payload.error())}};
      continue;
    }
    auto const values = values_of(*frame, i, decoded);
    out["tensors"][i]["statistics"] = values ? statistics(*values) : json();
  }
  print_json(std::cout, out);
  return ok;
}

int run_fragment(std::string const& path, std::string const& prefix, std::uint64_t max_message_size,
                 bool interleaving, std::uint32_t seq, std::size_t parity) {
  auto text = read_input(path);
  if (!text) {
    std::cerr << "imsdp: " << text.error().message() << '\n';
    return usage_or_io;
  }
  auto const frame = bytes_of(*text);
  auto const plan = aidf::plan_fragments(frame.size(), {max_message_size, interleaving},
                                         aidf::max_fragment_count);
  if (!plan) {
    std::cerr << path << ": " << plan.error().message() << '\n';
    return invalid_input;
  }
  if (parity != 0 && (plan->count < 2 || parity > plan->count)) {
    std::cerr << "imsdp: --parity must be 1 to the fragment count (" << plan->count
              << "), and the frame needs two fragments\n";
    return usage_or_io;
  }
  json list = json::array();
  std::vector<std::byte> message;
  // PREFIX.0000... for data fragments, PREFIX.p0000... for parity fragments (docs/aidf.md).
  auto const write = [&](char const* format, std::size_t i, bool is_parity) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, format, i);
    std::string const name = prefix + suffix;
    if (!write_file(name, message)) {
      std::cerr << "imsdp: cannot write " << name << '\n';
      return false;
    }
    list.push_back({{"file", name}, {"bytes", message.size()}, {"parity", is_parity}});
    return true;
  };
  for (std::size_t i = 0; i < plan->count; ++i) {
    message.resize(plan->message_size(i));
    (void)aidf::write_fragment(*plan, i, seq, frame, message);
    if (!write(".%04zu", i, false)) return usage_or_io;
  }
  for (std::size_t j = 0; parity != 0 && j < aidf::parity_groups(plan->count, parity); ++j) {
    message.resize(plan->message_size(j * parity));
    (void)aidf::write_parity_fragment(*plan, parity, j, seq, frame, message);
    if (!write(".p%04zu", j, true)) return usage_or_io;
  }
  print_json(std::cout, json{{"chunkSize", plan->chunk_size}, {"fragments", list}});
  return ok;
}

int run_reassemble(std::vector<std::string> const& files, std::string const& out_path) {
  aidf::reassembly_limits limits;
  limits.max_fragments = aidf::max_fragment_count;
  aidf::reassembler r(limits);
  std::vector<std::string> messages;
  std::size_t completed = 0;
  for (auto const& file : files) {
    auto text = read_input(file);
    if (!text) {
      std::cerr << "imsdp: " << text.error().message() << '\n';
      return usage_or_io;
    }
    messages.push_back(std::move(*text));
    auto const event = r.push(bytes_of(messages.back()), {});
    if (!event) {
      std::cerr << file << ": " << event.error().message() << " at byte "
                << event.error().where.offset << '\n';
      return invalid_input;
    }
    if (event->status != aidf::fragment_status::complete) continue;
    std::string const name = completed == 0 ? out_path : out_path + "." + std::to_string(completed);
    if (!write_file(name, event->frame)) {
      std::cerr << "imsdp: cannot write " << name << '\n';
      return usage_or_io;
    }
    ++completed;
  }
  if (completed == 0) {
    std::cerr << "imsdp: no frame completed (" << r.inflight() << " incomplete)\n";
    return invalid_input;
  }
  print_json(std::cout, json{{"completed", completed}, {"rebuilt", r.stats().recovered}});
  return ok;
}

// Offers the step of each frame, in order, to one sequence tracker (docs/aidf.md).
int run_steps(std::vector<std::string> const& files) {
  aidf::sequence_tracker tracker;
  json list = json::array();
  std::size_t applied = 0;
  for (auto const& file : files) {
    auto text = read_input(file);
    if (!text) {
      std::cerr << "imsdp: " << text.error().message() << '\n';
      return usage_or_io;
    }
    auto const frame = aidf::decode_frame(bytes_of(*text));
    if (!frame) {
      print_json(std::cout, json{{"file", file}, {"error", aidf::error_json(frame.error())}});
      return invalid_input;
    }
    auto const step = frame->sequence_step();
    if (!step) {
      std::cerr << file << ": the frame has no sequence-step TLV\n";
      return invalid_input;
    }
    auto const d = tracker.offer(*step, {});
    json entry{{"file", file},
               {"step", aidf::to_json(*step)},
               {"verdict", aidf::to_string(d.verdict)},
               {"epoch", d.epoch},
               {"expected", d.expected}};
    if (d.fresh_state) entry["freshState"] = true;
    if (d.rollback_to) entry["rollbackTo"] = *d.rollback_to;
    if (d.finished) entry["finished"] = true;
    applied += d.verdict == aidf::step_verdict::apply ? 1 : 0;
    list.push_back(std::move(entry));
  }
  print_json(std::cout,
             json{{"steps", list}, {"applied", applied}, {"refused", files.size() - applied}});
  return ok;
}

}  // namespace

void add_frame_commands(CLI::App& app, int& status) {
  auto* frame = app.add_subcommand("frame", "AIDF v1 intermediate-data frames and fragments");
  frame->require_subcommand(1);

  struct options {
    std::string input;
    std::string output;
    std::vector<std::string> inputs;
    bool no_crc = false;
    bool no_stats = false;
    std::uint64_t max_message_size = 65536;
    bool interleaving = false;
    std::uint32_t seq = 0;
    std::size_t parity = 0;
  };
  auto o = std::make_shared<options>();

  auto* encode = frame->add_subcommand("encode", "Write a frame from a JSON SPEC");
  encode->add_option("spec", o->input, "SPEC.json, or - for standard input")->required();
  encode->add_option("-o,--output", o->output, "frame file to write")->required();
  encode->callback([o, &status] { status = run_encode(o->input, o->output); });

  auto* decode =
      frame->add_subcommand("decode", "Validate a frame; print it and tensor statistics");
  decode->add_option("file", o->input, "frame file, or - for standard input")->required();
  decode->add_flag("--no-crc", o->no_crc, "Do not verify the CRC-32C");
  decode->add_flag("--no-stats", o->no_stats, "Do not compute tensor statistics");
  decode->callback([o, &status] { status = run_decode(o->input, !o->no_crc, !o->no_stats); });

  auto* fragment = frame->add_subcommand("fragment", "Cut a frame into data-channel messages");
  fragment->add_option("file", o->input, "frame file, or - for standard input")->required();
  fragment->add_option("-o,--output", o->output, "prefix of the message files (PREFIX.0000...)")
      ->required();
  fragment
      ->add_option("--max-message-size", o->max_message_size,
                   "the peer's a=max-message-size (0: no limit)")
      ->capture_default_str();
  fragment->add_flag("--interleaving", o->interleaving,
                     "SCTP message interleaving is on (else 16 KiB messages)");
  fragment->add_option("--seq", o->seq, "frame_seq of the fragments")->capture_default_str();
  fragment->add_option("--parity", o->parity,
                       "add a parity fragment per G data fragments (PREFIX.p0000...)");
  fragment->callback([o, &status] {
    status =
        run_fragment(o->input, o->output, o->max_message_size, o->interleaving, o->seq, o->parity);
  });

  auto* reassemble = frame->add_subcommand("reassemble", "Put frames together from messages");
  reassemble->add_option("files", o->inputs, "message files, in any order")->required();
  reassemble->add_option("-o,--output", o->output, "frame file to write (.1, .2 ... for more)")
      ->required();
  reassemble->callback([o, &status] { status = run_reassemble(o->inputs, o->output); });

  auto* steps = frame->add_subcommand(
      "steps", "Offer the steps of stateful frames, in order, to a sequence tracker");
  steps->add_option("files", o->inputs, "frame files with a sequence-step TLV")->required();
  steps->callback([o, &status] { status = run_steps(o->inputs); });
}

}  // namespace imsdp::cli
