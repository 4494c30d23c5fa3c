#include <doctest/doctest.h>

#include <cmath>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>
#include <map>
#include <string>

#include "unit/aiml/model/model_files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::model;
using imsdp::test::as_bytes;
using imsdp::test::put_le;

namespace {

result<model_info> read_as(format_name f, std::string const& bytes, limits const& bounds = {}) {
  return inspect(f, as_bytes(bytes), bounds);
}

// Every prefix of a valid file is handled: an error within the prefix, or (for formats
// whose file length is not fixed by their header) a value.
void check_prefixes(format_name f, std::string const& bytes, bool length_is_declared) {
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto const r = read_as(f, bytes.substr(0, n));
    CAPTURE(n);
    if (r) {
      CHECK_FALSE(length_is_declared);
    } else {
      CHECK(r.error().where.offset <= n + 8);
    }
  }
}

}  // namespace

TEST_SUITE("aiml/model/onnx") {
  TEST_CASE("reads ir_version, opsets and graph inputs and outputs") {
    auto const bytes = test::write_onnx({});
    auto const info = read_as(format_name::onnx, bytes);
    REQUIRE(info);
    CHECK(info->ir_version == 10u);
    REQUIRE(info->opsets.size() == 1);
    CHECK(info->opsets[0] == opset{"", 21});
    REQUIRE(info->inputs.size() == 1);
    CHECK(info->inputs[0].name == "mel");
    CHECK(info->inputs[0].dtype == dtype::float32);
    REQUIRE(info->inputs[0].shape.size() == 3);
    CHECK(info->inputs[0].shape[1].value == 80);
    CHECK(info->inputs[0].shape[2].symbol == "T");
    CHECK_FALSE(info->inputs[0].shape[2].value);
    REQUIRE(info->outputs.size() == 1);
    CHECK(info->outputs[0].name == "logits");
  }

  TEST_CASE("initializers listed among the inputs (IR < 4) are weights, not inputs") {
    test::onnx_model m;
    m.ir_version = 3;
    m.inputs.push_back({"weight", 1, {std::int64_t{4}}});
    auto const info = read_as(format_name::onnx, test::write_onnx(m));
    REQUIRE(info);
    REQUIRE(info->inputs.size() == 1);
    CHECK(info->inputs[0].name == "mel");
  }

  TEST_CASE("external data: the files are listed, and must stay inside the model's directory") {
    test::onnx_model m;
    m.initializers = {"w1", "w2", "w3"};
    m.external_location = "model.onnx.data";
    auto info = read_as(format_name::onnx, test::write_onnx(m));
    REQUIRE(info);
    CHECK(info->external_data == std::vector<std::string>{"model.onnx.data"});
    CHECK(info->inputs.size() == 1);
    for (char const* escaping : {"/etc/passwd", "../model.data", "a/../../b", "c:\\w", ".."}) {
      CAPTURE(escaping);
      m.external_location = escaping;
      auto const refused = read_as(format_name::onnx, test::write_onnx(m));
      REQUIRE_FALSE(refused);
      CHECK(refused.error().code == errc::model_malformed);
    }
    m.external_location = "weights/..data";  // a name, not a parent directory
    CHECK(read_as(format_name::onnx, test::write_onnx(m)));
    m.external_location = "";  // EXTERNAL without a location
    CHECK(read_as(format_name::onnx, test::write_onnx(m)).error().detail ==
          "external data without a location");
  }

  TEST_CASE("a truncated varint fails with its offset") {
    auto const bytes = test::write_onnx({});
    // Field 1 (ir_version) with a varint whose continuation bit never clears.
    std::string const hostile = std::string("\x08\xff\xff\xff", 4);
    auto const r = read_as(format_name::onnx, hostile);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::model_truncated);
    CHECK(r.error().where.offset == 1);
    CHECK(r.error().where.line == 0);
    check_prefixes(format_name::onnx, bytes, false);
  }

  TEST_CASE("hostile wire data") {
    auto code = [](std::string const& bytes) {
      auto const r = read_as(format_name::onnx, bytes);
      return r ? errc::ok : r.error().code;
    };
    // An eleven-byte varint, a tenth byte above 1, a group, field number 0.
    CHECK(code(std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12)) ==
          errc::model_malformed);
    CHECK(code(std::string("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 11)) ==
          errc::model_malformed);
    CHECK(code(std::string("\x0b\x0c", 2)) == errc::model_malformed);
    CHECK(code(std::string("\x00\x01", 2)) == errc::model_malformed);
    // A graph claiming 2^62 bytes.
    CHECK(code(std::string("\x08\x0a\x3a\x80\x80\x80\x80\x80\x80\x80\x80\x40", 12)) ==
          errc::model_truncated);
    // graph with a varint wire type; no graph at all.
    CHECK(code(std::string("\x08\x0a\x38\x01", 4)) == errc::model_malformed);
    CHECK(code(std::string("\x08\x0a", 2)) == errc::model_format_mismatch);
  }

  TEST_CASE("rank and name limits") {
    test::onnx_model m;
    m.inputs[0].dims.assign(9, std::int64_t{1});
    auto const r = read_as(format_name::onnx, test::write_onnx(m));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::limit_exceeded);
    limits small;
    small.max_name_bytes = 2;
    CHECK(read_as(format_name::onnx, test::write_onnx({}), small).error().code ==
          errc::limit_exceeded);
  }
}

TEST_SUITE("aiml/model/tflite") {
  TEST_CASE("reads version and subgraph inputs and outputs") {
    auto const info = read_as(format_name::tflite, test::write_tflite({}));
    REQUIRE(info);
    CHECK(info->schema_version == 3u);
    REQUIRE(info->inputs.size() == 1);
    CHECK(info->inputs[0].name == "input");
    CHECK(info->inputs[0].dtype == dtype::float32);
    REQUIRE(info->inputs[0].shape.size() == 4);
    CHECK_FALSE(info->inputs[0].shape[0].value);  // -1 in shape_signature
    CHECK(info->inputs[0].shape[1].value == 224);
    REQUIRE(info->outputs.size() == 1);
    CHECK(info->outputs[0].dtype == dtype::int8);
  }

  TEST_CASE("quantization is read, described and compared (issue 25)") {
    test::tflite_model m;
    m.tensors[0].type = 3;  // uint8 input, per tensor
    m.tensors[0].quantization = test::tflite_quantization{{0.0078125f}, {128}, 0};
    m.tensors[1].shape = {1, 2};  // int8 output, per axis 1
    m.tensors[1].quantization = test::tflite_quantization{{0.5f, 0.1f}, {0, -3}, 1};
    auto const bytes = test::write_tflite(m);
    auto const info = read_as(format_name::tflite, bytes);
    REQUIRE(info);
    REQUIRE(info->inputs[0].quantization);
    CHECK(info->inputs[0].quantization->scale == std::vector<double>{0.0078125});
    CHECK(info->inputs[0].quantization->zero_point == std::vector<std::int64_t>{128});
    CHECK_FALSE(info->inputs[0].quantization->axis);
    REQUIRE(info->outputs[0].quantization);
    CHECK(info->outputs[0].quantization->axis == 1u);
    describe_options uri;
    uri.uri = "m.tflite";
    auto const d = describe(format_name::tflite, as_bytes(bytes), uri);
    REQUIRE(d);
    auto const report = check_artifact(*read_descriptor(write_descriptor(*d)), 0, as_bytes(bytes));
    CHECK(report.ok());
    CHECK(std::find(report.verified.begin(), report.verified.end(),
                    "input input uint8 [d0,224,224,3] quantized") != report.verified.end());
    // One fact changed at a time: each is a mismatch at its pointer.
    auto mismatch_at = [&](auto edit) {
      auto changed = *d;
      edit(changed);
      auto const r = check_artifact(changed, 0, as_bytes(bytes));
      REQUIRE(r.mismatches.size() == 1);
      CHECK(r.mismatches[0].code == errc::model_quantization_mismatch);
      return r.mismatches[0].path;
    };
    CHECK(mismatch_at([](descriptor& x) { x.inputs[0].quantization->scale[0] = 0.0079; }) ==
          "/inputs/0/quantization/scale/0");
    CHECK(mismatch_at([](descriptor& x) { x.inputs[0].quantization->zero_point = {127}; }) ==
          "/inputs/0/quantization/zeroPoint/0");
    CHECK(mismatch_at([](descriptor& x) { x.inputs[0].quantization->zero_point.clear(); }) ==
          "/inputs/0/quantization/zeroPoint/0");  // absent is 0
    CHECK(mismatch_at([](descriptor& x) { x.inputs[0].quantization.reset(); }) == "/inputs/0");
    CHECK(mismatch_at([](descriptor& x) { x.outputs[0].quantization->axis = 0; }) ==
          "/outputs/0/quantization/axis");
    CHECK(mismatch_at([](descriptor& x) { x.outputs[0].quantization->scale.pop_back(); }) ==
          "/outputs/0/quantization/scale");
    // A quantization the file does not have.
    auto const plain = test::write_tflite({});
    auto declared = *describe(format_name::tflite, as_bytes(plain), uri);
    declared.inputs[0].quantization = quantization{{0.5}, {}, std::nullopt};
    auto const r = check_artifact(declared, 0, as_bytes(plain));
    REQUIRE(r.mismatches.size() == 1);
    CHECK(r.mismatches[0].path == "/inputs/0/quantization");
    // A scale that is not a finite number >= 0 (found by fuzz_model_tflite: NaN).
    for (float bad : {std::nanf(""), -0.5f, INFINITY}) {
      auto nan = m;
      nan.tensors[0].quantization->scale = {bad};
      auto const refused = read_as(format_name::tflite, test::write_tflite(nan));
      REQUIRE_FALSE(refused);
      CHECK(refused.error().code == errc::model_malformed);
    }
    // All the file's parameters count against the limit, shared tables included.
    limits tight;
    tight.max_quantization_params = 2;
    CHECK(read_as(format_name::tflite, bytes, tight).error().code == errc::limit_exceeded);
  }

  TEST_CASE("ONNX graph I/O states no quantization: a declared one is not checked") {
    auto const bytes = test::write_onnx({});
    describe_options uri;
    uri.uri = "m.onnx";
    auto d = *describe(format_name::onnx, as_bytes(bytes), uri);
    d.inputs[0].quantization = quantization{{0.5}, {}, std::nullopt};
    auto const r = check_artifact(d, 0, as_bytes(bytes));
    CHECK(r.ok());
    CHECK(r.not_checked ==
          std::vector<std::string>{"input mel quantization (the format states none for its I/O)"});
  }

  TEST_CASE("identifier, offsets and indices are checked") {
    auto bytes = test::write_tflite({});
    auto wrong_id = bytes;
    wrong_id[7] = '4';
    CHECK(read_as(format_name::tflite, wrong_id).error().code == errc::model_format_mismatch);
    auto far_root = bytes;
    far_root[3] = '\x7f';
    CHECK(read_as(format_name::tflite, far_root).error().code == errc::model_malformed);
    test::tflite_model m;
    m.outputs = {7};
    CHECK(read_as(format_name::tflite, test::write_tflite(m)).error().code ==
          errc::model_malformed);
    check_prefixes(format_name::tflite, bytes, false);
  }

  TEST_CASE("every single-byte change is handled") {
    auto const bytes = test::write_tflite({});
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      for (int v : {0x00, 0x7f, 0x80, 0xff}) {
        auto changed = bytes;
        changed[i] = static_cast<char>(v);
        auto const r = read_as(format_name::tflite, changed);
        if (!r) CHECK(r.error().where.offset <= bytes.size());
      }
    }
  }
}

TEST_SUITE("aiml/model/safetensors") {
  TEST_CASE("a valid header and buffer") {
    auto const info = read_as(format_name::safetensors, test::write_safetensors());
    REQUIRE(info);
    CHECK(info->tensor_count == 1);
  }

  TEST_CASE("hostile headers") {
    auto code = [](std::string const& bytes) {
      auto const r = read_as(format_name::safetensors, bytes);
      return r ? errc::ok : r.error().code;
    };
    // A tensor claiming 2^62 bytes: shape [2^60] of F32, offsets that cannot match it.
    CHECK(code(test::write_safetensors("[1152921504606846976]", 0, 16)) == errc::model_malformed);
    // (its size in bits overflows 64 bits); a 2^60-byte one whose offsets agree with its
    // shape fails on the missing buffer.
    CHECK(code(test::write_safetensors("[1152921504606846976]", 0, std::uint64_t{1} << 62)) ==
          errc::model_malformed);
    CHECK(code(test::write_safetensors("[288230376151711744]", 0, std::uint64_t{1} << 60)) ==
          errc::model_size_mismatch);
    // Shape product overflowing 64 bits.
    CHECK(code(test::write_safetensors("[4294967296,4294967296,16]", 0, 16)) ==
          errc::model_malformed);
    // Offsets that leave a hole, that overrun the buffer, data beyond the tensors.
    CHECK(code(test::write_safetensors("[2,2]", 8, 24, 24)) == errc::model_malformed);
    CHECK(code(test::write_safetensors("[2,2]", 0, 16, 8)) == errc::model_size_mismatch);
    CHECK(code(test::write_safetensors("[2,2]", 0, 16, 32)) == errc::model_size_mismatch);
    // Duplicate keys, non-string metadata, unknown members, a header length of 2^62.
    auto const twice =
        read_as(format_name::safetensors,
                test::write_safetensors(
                    "[2,2]", 0, 16, 16,
                    R"(,"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]})"));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == errc::json_duplicate_key);
    CHECK(twice.error().path == "/weight");
    CHECK(code(test::write_safetensors("[2,2]", 0, 16, 16, R"(,"__metadata__":{"a":1})")) ==
          errc::model_malformed);
    CHECK(code(test::write_safetensors(
              "[2,2]", 0, 16, 16,
              R"(,"x":{"dtype":"F32","shape":[],"data_offsets":[16,20],"y":1})")) ==
          errc::json_unknown_member);
    std::string huge;
    put_le<std::uint64_t>(huge, std::uint64_t{1} << 62);
    huge += "{}";
    CHECK(code(huge) == errc::limit_exceeded);
    check_prefixes(format_name::safetensors, test::write_safetensors(), true);
  }
}

TEST_SUITE("aiml/model/gguf") {
  TEST_CASE("a valid header") {
    auto const info = read_as(format_name::gguf, test::write_gguf());
    REQUIRE(info);
    CHECK(info->gguf_version == 3u);
    CHECK(info->tensor_count == 1);
  }

  TEST_CASE("hostile headers") {
    auto code = [](std::string const& bytes) {
      auto const r = read_as(format_name::gguf, bytes);
      return r ? errc::ok : r.error().code;
    };
    // A tensor claiming 2^62 bytes (2^60 F32 elements).
    CHECK(code(test::write_gguf({{"big", {std::uint64_t{1} << 60}, 0, 0}})) ==
          errc::model_malformed);
    // Dims whose product overflows, too many dims, rows not in whole blocks.
    CHECK(code(test::write_gguf({{"o", {UINT64_MAX, 2}, 0, 0}})) == errc::model_malformed);
    CHECK(code(test::write_gguf({{"r", {1, 1, 1, 1, 1}, 0, 0}})) == errc::model_malformed);
    CHECK(code(test::write_gguf({{"q", {33}, 2, 0}})) == errc::model_malformed);
    // Offsets misaligned or past the end; unknown type; alignment abuse.
    CHECK(code(test::write_gguf({{"m", {4}, 0, 4}})) == errc::model_malformed);
    CHECK(code(test::write_gguf({{"e", {32}, 0, 512}})) == errc::model_malformed);
    CHECK(code(test::write_gguf({{"u", {32}, 99, 0}})) == errc::unsupported);
    CHECK(code(test::write_gguf({test::gguf_tensor{}}, 512, 48)) == errc::model_malformed);
    // Counts far beyond the input.
    std::string counts = "GGUF";
    put_le<std::uint32_t>(counts, 3);
    put_le<std::uint64_t>(counts, 1);
    put_le<std::uint64_t>(counts, std::uint64_t{1} << 62);
    CHECK(code(counts) == errc::limit_exceeded);
    check_prefixes(format_name::gguf, test::write_gguf(), true);
  }

  TEST_CASE("a tensor name given twice, or tensors sharing bytes, are refused at the later one") {
    // 32x4 F32 = 512 bytes each; the data section holds 1024.
    test::gguf_tensor const a{"blk.0.attn_q.weight", {32, 4}, 0, 0};
    auto b = a;
    b.offset = 512;
    REQUIRE(read_as(format_name::gguf,
                    test::write_gguf({a, {"blk.0.attn_k.weight", {32, 4}, 0, 512}}, 1024)));
    auto const bytes = test::write_gguf({a, b}, 1024);
    auto const twice = read_as(format_name::gguf, bytes);
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == errc::model_malformed);
    CHECK(twice.error().detail == "tensor name blk.0.attn_q.weight given twice");
    // At the second record: its name's u64 length comes first.
    CHECK(twice.error().where.offset == bytes.rfind(a.name) - 8);
    auto const overlap = read_as(
        format_name::gguf, test::write_gguf({a, {"blk.0.attn_k.weight", {32, 4}, 0, 480}}, 1024));
    REQUIRE_FALSE(overlap);
    CHECK(overlap.error().detail ==
          "tensor blk.0.attn_k.weight overlaps tensor blk.0.attn_q.weight");
  }

  TEST_CASE("issue 25 defect 3: a vocab-only file (no tensor, no data section) is valid") {
    auto const vocab = test::write_gguf({}, 0, 32, false);
    REQUIRE(vocab.size() % 32 != 0);  // ends right after its header
    auto const info = read_as(format_name::gguf, vocab);
    REQUIRE(info);
    CHECK(info->tensor_count == 0);
    // Zero-sized tensors need no data either; a tensor with bytes still does.
    CHECK(read_as(format_name::gguf, test::write_gguf({{"empty", {0, 4}, 0, 0}}, 0, 32, false)));
    auto const cut =
        read_as(format_name::gguf, test::write_gguf({test::gguf_tensor{}}, 0, 32, false));
    REQUIRE_FALSE(cut);
    CHECK(cut.error().code == errc::model_truncated);
  }

  TEST_CASE("a metadata key given twice is refused, as llama.cpp does") {
    std::string bytes = "GGUF";
    put_le<std::uint32_t>(bytes, 3);
    put_le<std::uint64_t>(bytes, 0);  // tensors
    put_le<std::uint64_t>(bytes, 2);  // key-value pairs
    for (char const* value : {"llama", "mistral"}) {
      test::gguf_string(bytes, "general.architecture");
      put_le<std::uint32_t>(bytes, 8);
      test::gguf_string(bytes, value);
    }
    auto const r = read_as(format_name::gguf, bytes);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::model_malformed);
    CHECK(r.error().detail == "key general.architecture given twice");
  }

  TEST_CASE("nested arrays are bounded") {
    std::string bytes = "GGUF";
    put_le<std::uint32_t>(bytes, 3);
    put_le<std::uint64_t>(bytes, 0);
    put_le<std::uint64_t>(bytes, 1);
    test::gguf_string(bytes, "deep");
    put_le<std::uint32_t>(bytes, 9);
    for (int i = 0; i < 8; ++i) {
      put_le<std::uint32_t>(bytes, 9);
      put_le<std::uint64_t>(bytes, 1);
    }
    auto const r = read_as(format_name::gguf, bytes);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::limit_exceeded);
  }
}

TEST_SUITE("aiml/model/other formats") {
  TEST_CASE("NNEF graph text and tensor files") {
    auto const graph = std::string(
        "version 1.0;\n# comment\nextension KHR_enable_fragment_definitions;\n"
        "graph G( input ) -> ( output )\n{\n  input = external(shape = [1, 3]);\n}\n");
    auto const info = read_as(format_name::nnef, graph);
    REQUIRE(info);
    CHECK(info->nnef_version == "1.0");
    REQUIRE(info->inputs.size() == 1);
    CHECK(info->outputs[0].name == "output");
    CHECK_FALSE(info->inputs[0].type_code);

    std::string tensor("\x4e\xef\x01\x00", 4);
    put_le<std::uint32_t>(tensor, 24);  // 2 x 3 float32
    put_le<std::uint32_t>(tensor, 2);
    put_le<std::uint32_t>(tensor, 2);
    put_le<std::uint32_t>(tensor, 3);
    tensor.resize(44, '\0');
    put_le<std::uint32_t>(tensor, 32);
    tensor.resize(128, '\0');
    tensor.append(24, '\0');
    CHECK(read_as(format_name::nnef, tensor));
    auto wrong = tensor;
    wrong[4] = 25;
    CHECK(read_as(format_name::nnef, wrong).error().code == errc::model_malformed);
    check_prefixes(format_name::nnef, tensor, true);
  }

  TEST_CASE("MPEG NNC units") {
    // NNR_STR with general_profile_idc 1, NNR_TPL with topology ONNX, NNR_NDU.
    std::string const units = std::string("\x00\x04\x00\x01", 4) +
                              std::string("\x00\x04\x0c\x02", 4) +
                              std::string("\x00\x05\x14\xaa\xbb", 5);
    auto const info = read_as(format_name::nnc, units);
    REQUIRE(info);
    CHECK(info->profile_idc == 1u);
    CHECK(info->topology_format == "onnx");
    CHECK(info->tensor_count == 3);
    CHECK(read_as(format_name::nnc, std::string("\x00\x04\x14\x01", 4)).error().code ==
          errc::model_format_mismatch);
    CHECK(read_as(format_name::nnc, std::string("\xff\xff\xff\xff\x00", 5)).error().code ==
          errc::model_malformed);
    check_prefixes(format_name::nnc, units, false);
  }

  TEST_CASE("ExecuTorch identification") {
    std::string pte(
        "\x20\x00\x00\x00"
        "ET12"
        "eh00",
        12);
    put_le<std::uint32_t>(pte, 24);
    put_le<std::uint64_t>(pte, 40);
    put_le<std::uint64_t>(pte, 0);
    pte.resize(64, '\0');
    auto const info = read_as(format_name::executorch, pte);
    REQUIRE(info);
    CHECK(info->pte_version == "ET12");
    auto far = pte;
    far[16] = '\x7f';
    CHECK(read_as(format_name::executorch, far).error().code == errc::model_malformed);
    CHECK(read_as(format_name::executorch, std::string(16, 'x')).error().code ==
          errc::model_format_mismatch);
  }

  TEST_CASE("formats without a reader") {
    CHECK(read_as(format_name::coreml, "x").error().code == errc::unsupported);
  }
}

namespace {

describe_options named(std::string uri, std::string task = {}) {
  describe_options o;
  o.uri = std::move(uri);
  o.task = std::move(task);
  return o;
}

// A weights artifact for `bytes`, named `uri`, with their size and SHA-256.
artifact weights_of(std::string uri, std::string const& bytes) {
  artifact a;
  a.role = artifact_role::weights;
  a.uri = std::move(uri);
  a.size = bytes.size();
  a.digest.value = *hex_digest(digest_algorithm::sha_256, as_bytes(bytes));
  return a;
}

}  // namespace

TEST_SUITE("aiml/model/describe") {
  TEST_CASE("a skeleton that reads back and that its own file passes") {
    test::onnx_model m;
    m.inputs[0].dims = {std::int64_t{1}, std::string("batch size"), std::string("9x"),
                        std::string("")};
    auto const bytes = test::write_onnx(m);
    auto const d =
        describe(format_name::onnx, as_bytes(bytes), named("m.onnx", "urn:3gpp:aiml:task:asr"));
    REQUIRE(d);
    CHECK(d->model_id.starts_with("urn:x-imsdp:model:"));
    CHECK(d->task == "urn:3gpp:aiml:task:asr");
    REQUIRE(d->inputs.size() == 1);
    auto const& shape = d->inputs[0].shape;
    REQUIRE(shape.size() == 4);
    CHECK(std::get<std::uint64_t>(shape[0]) == 1);
    CHECK(std::get<symbolic_dim>(shape[1]).name == "batch_size");  // an identifier made
    CHECK(std::get<symbolic_dim>(shape[2]).name == "_9x");
    CHECK(std::get<symbolic_dim>(shape[3]).name == "d3");  // unnamed: by its axis
    CHECK(std::get<symbolic_dim>(shape[1]).max == 65536);
    CHECK(read_descriptor(write_descriptor(*d)));
    CHECK(check_artifact(*d, 0, as_bytes(bytes)).ok());
  }

  TEST_CASE("an Optimum-style Llama decoder (67 inputs, 65 outputs) works with default limits") {
    // input_ids, attention_mask, position_ids and past_key_values.N.key/value in; logits
    // and present.N.key/value out, for 32 layers (issue 25: limits real models fit).
    test::onnx_model m;
    m.inputs.clear();
    m.outputs.clear();
    std::vector<test::onnx_dim> const ids{std::string("batch_size"),
                                          std::string("sequence_length")};
    for (char const* name : {"input_ids", "attention_mask", "position_ids"})
      m.inputs.push_back({name, 7, ids});
    m.outputs.push_back({"logits", 10, {ids[0], ids[1], std::int64_t{32000}}});
    for (int layer = 0; layer < 32; ++layer) {
      for (char const* kv : {"key", "value"}) {
        auto const suffix = std::to_string(layer) + '.' + kv;
        std::vector<test::onnx_dim> cache{ids[0], std::int64_t{8}, std::string("past_length"),
                                          std::int64_t{128}};
        m.inputs.push_back({"past_key_values." + suffix, 10, cache});
        cache[2] = std::string("total_length");
        m.outputs.push_back({"present." + suffix, 10, cache});
      }
    }
    auto const bytes = test::write_onnx(m);
    auto const d = describe(format_name::onnx, as_bytes(bytes), named("decoder_model.onnx"));
    REQUIRE(d);
    CHECK(d->inputs.size() == 67);
    CHECK(d->outputs.size() == 65);
    auto const again = read_descriptor(write_descriptor(*d));
    REQUIRE(again);
    auto const report = check_artifact(*again, 0, as_bytes(bytes));
    CHECK(report.ok());
    CHECK(report.verified.size() > 132);
    limits tight;
    tight.max_io_tensors = 66;
    auto const refused = read_descriptor(write_descriptor(*d), tight);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/inputs");
  }

  TEST_CASE("ONNX external data: the graph from the .onnx, each data file a weights artifact") {
    test::onnx_model m;
    m.external_location = "model.onnx.data";
    auto const bytes = test::write_onnx(m);
    auto d = *describe(format_name::onnx, as_bytes(bytes), named("model.onnx"));
    auto const missing = check_artifact(d, 0, as_bytes(bytes));
    REQUIRE(missing.mismatches.size() == 1);
    CHECK(missing.mismatches[0].code == errc::model_external_data);
    CHECK(missing.mismatches[0].path == "/artifacts");
    std::string const data(4096, '\x01');
    d.artifacts.push_back(weights_of("https://models.example/llama/model.onnx.data", data));
    auto const report = check_artifact(d, 0, as_bytes(bytes));
    CHECK(report.ok());
    CHECK(std::find(report.verified.begin(), report.verified.end(),
                    "external data model.onnx.data is artifact 1") != report.verified.end());
    CHECK(check_artifact(d, 1, as_bytes(data)).ok());
    d.artifacts[1].uri = "https://models.example/llama/other-model.onnx.data";  // not the file
    CHECK_FALSE(check_artifact(d, 0, as_bytes(bytes)).ok());
  }

  TEST_CASE("weights files are parsed and their stated contents compared (issue 25)") {
    auto d = *describe(format_name::onnx, as_bytes(test::write_onnx({})), named("m.onnx"));
    auto const st = test::write_safetensors();  // one tensor, __metadata__ {"format": "pt"}
    d.artifacts.push_back(weights_of("model.safetensors", st));
    auto const unstated = check_artifact(d, 1, as_bytes(st));
    CHECK(unstated.ok());
    CHECK(unstated.not_checked ==
          std::vector<std::string>{"contents (the descriptor states none)"});
    d.artifacts[1].contents = weights_contents{format_name::safetensors, 1, {{"format", "pt"}}};
    auto const again = read_descriptor(write_descriptor(d));
    REQUIRE(again);
    CHECK(*again == d);
    auto const report = check_artifact(*again, 1, as_bytes(st));
    CHECK(report.ok());
    CHECK(report.verified == std::vector<std::string>{"size " + std::to_string(st.size()),
                                                      "sha-256", "contents safetensors",
                                                      "1 tensors", "format pt"});
    auto mismatch_at = [&](auto edit) {
      auto changed = d;
      edit(*changed.artifacts[1].contents);
      auto const r = check_artifact(changed, 1, as_bytes(st));
      REQUIRE(r.mismatches.size() == 1);
      return r.mismatches[0].path;
    };
    CHECK(mismatch_at([](weights_contents& c) { c.tensor_count = 2; }) ==
          "/artifacts/1/contents/tensorCount");
    CHECK(mismatch_at([](weights_contents& c) { c.metadata["format"] = "np"; }) ==
          "/artifacts/1/contents/metadata/format");
    CHECK(mismatch_at([](weights_contents& c) { c.metadata["a/b"] = "x"; }) ==
          "/artifacts/1/contents/metadata/a~1b");
    CHECK(mismatch_at([](weights_contents& c) { c.format = format_name::gguf; }) ==
          "/artifacts/1/contents/format");
    // GGUF: string values such as general.architecture.
    auto const gguf = test::write_gguf();
    auto const info = read_as(format_name::gguf, gguf);
    REQUIRE(info);
    CHECK(info->metadata == std::map<std::string, std::string>{{"general.architecture", "test"}});
    d.artifacts[1] = weights_of("model.gguf", gguf);
    d.artifacts[1].contents =
        weights_contents{format_name::gguf, 1, {{"general.architecture", "llama"}}};
    auto const llama = check_artifact(d, 1, as_bytes(gguf));
    REQUIRE(llama.mismatches.size() == 1);
    CHECK(llama.mismatches[0].detail == "descriptor llama, file test");
    // contents belong to weights artifacts only.
    auto text = write_descriptor(d);
    auto const role = text.find(R"("role":"weights")");
    REQUIRE(role != std::string::npos);
    text.replace(role, 16, R"("role":"aux")");
    CHECK(read_descriptor(text).error().path == "/artifacts/1/contents");
  }

  TEST_CASE("a sharded checkpoint of 200 weight files fits the default artifact limit") {
    auto d = *describe(format_name::onnx, as_bytes(test::write_onnx({})), named("m.onnx"));
    for (int i = 1; i <= 200; ++i) {
      artifact shard;
      shard.role = artifact_role::weights;
      shard.uri = "model-" + std::to_string(i) + "-of-00200.safetensors";
      shard.size = 5u << 30;
      shard.digest.value = std::string(64, 'a');
      d.artifacts.push_back(shard);
    }
    auto const again = read_descriptor(write_descriptor(d));
    REQUIRE(again);
    CHECK(again->artifacts.size() == 201);
  }

  TEST_CASE("dynamic maxima are lowered until the largest size fits 64 bits") {
    test::onnx_model m;
    m.inputs[0].dims = {std::string("a"), std::string("b"), std::string("c"), std::string("d"),
                        std::string("e")};
    auto const d = describe(format_name::onnx, as_bytes(test::write_onnx(m)), named("m"));
    REQUIRE(d);
    for (auto const& dim : d->inputs[0].shape)
      CHECK(std::get<symbolic_dim>(dim).max == 2048);  // 2^(11 * 5) * 32 bits < 2^64
  }

  TEST_CASE("what a descriptor cannot state is refused as unsupported, never looped on") {
    test::onnx_model m;
    // Static extents alone over 2^64 bits: no dynamic maximum to lower.
    m.inputs[0].dims = {std::int64_t{1} << 40, std::int64_t{1} << 40};
    auto const huge = describe(format_name::onnx, as_bytes(test::write_onnx(m)), named("m"));
    REQUIRE_FALSE(huge);
    CHECK(huge.error().code == errc::unsupported);
    m.inputs[0].dims = {std::int64_t{1}};
    m.inputs[0].type_field = 4;  // a sequence
    auto const sequence = describe(format_name::onnx, as_bytes(test::write_onnx(m)), named("m"));
    REQUIRE_FALSE(sequence);
    CHECK(sequence.error().detail.find("sequence") != std::string::npos);
    m.inputs[0].type_field = 1;
    m.inputs[0].elem_type = 14;  // complex64
    auto const complex = describe(format_name::onnx, as_bytes(test::write_onnx(m)), named("m"));
    REQUIRE_FALSE(complex);
    CHECK(complex.error().code == errc::unsupported);
    m.inputs[0].elem_type = 1;
    m.inputs.push_back(m.inputs[0]);  // an input name twice: the reader would refuse it
    auto const twice = describe(format_name::onnx, as_bytes(test::write_onnx(m)), named("m"));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == errc::unsupported);
    CHECK(twice.error().detail.find("/inputs/1/name") != std::string::npos);
  }
}
