#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>
#include <string>

#include "support/files.hpp"
#include "unit/aiml/model/model_files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::model;

namespace {

std::filesystem::path examples() {
  return test::source_dir() / "examples" / "model";
}

std::string example_descriptor() {
  return test::read_file(examples() / "asr-encoder.json");
}

// Replaces the first occurrence of `from` in `text`.
std::string edit(std::string text, std::string_view from, std::string_view to) {
  auto const at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

check_report check_example(std::string const& descriptor_text, std::string const& model) {
  auto const d = read_descriptor(descriptor_text);
  REQUIRE(d);
  auto const info = inspect(d->format.name, test::as_bytes(model));
  REQUIRE(info);
  return compare(*d, 0, *info);
}

}  // namespace

TEST_SUITE("aiml/model/descriptor") {
  TEST_CASE("the example files are what our writer writes") {
    auto const model = test::write_onnx({});
    if (std::getenv("IMSDP_UPDATE_EXAMPLES") != nullptr) {
      std::ofstream(examples() / "asr-encoder.onnx", std::ios::binary) << model;
    }
    CHECK(test::read_file(examples() / "asr-encoder.onnx") == model);
    auto const d = read_descriptor(example_descriptor());
    REQUIRE(d);
    CHECK(d->artifacts[0].size == model.size());
    CHECK(d->artifacts[0].digest.value ==
          *hex_digest(digest_algorithm::sha_256, test::as_bytes(model)));
  }

  TEST_CASE("read, write, read gives the same value; writing is a fixpoint") {
    auto const d = read_descriptor(example_descriptor());
    REQUIRE(d);
    CHECK(d->model_id == "urn:3gpp:aiml:model:example:asr-encoder");
    CHECK(d->format.ir_version == 10u);
    REQUIRE(d->inputs.size() == 1);
    CHECK(d->inputs[0].dtype == dtype::float32);
    REQUIRE(std::holds_alternative<symbolic_dim>(d->inputs[0].shape[2]));
    CHECK(std::get<symbolic_dim>(d->inputs[0].shape[2]).max == 3000);
    auto const text = write_descriptor(*d);
    auto const again = read_descriptor(text);
    REQUIRE(again);
    CHECK(*again == *d);
    CHECK(write_descriptor(*again) == text);
  }

  TEST_CASE("errors name the JSON pointer") {
    auto const text = example_descriptor();
    auto const r = read_descriptor(edit(text, R"("dtype": "float32")", R"("dtype": "float33")"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::json_value_out_of_range);
    CHECK(r.error().path == "/inputs/0/dtype");
    auto const dup = read_descriptor(
        edit(text, R"("version": "2.1.0")", R"("version": "2.1.0", "version": "2")"));
    CHECK(dup.error().code == errc::json_duplicate_key);
    CHECK(dup.error().path == "/version");
    auto const syntax = read_descriptor(edit(text, R"("modelId")", R"("modelId" x)"));
    CHECK(syntax.error().code == errc::json_syntax);
    CHECK(syntax.error().where.line == 3);
  }

  TEST_CASE("ONNX types outside the descriptor's dtype enum are refused (research 8.2)") {
    for (auto const* name : {"undefined", "complex64", "complex128"}) {
      CAPTURE(name);
      auto const r = read_descriptor(edit(example_descriptor(), R"("dtype": "float32")",
                                          std::string(R"("dtype": ")") + name + '"'));
      REQUIRE_FALSE(r);
      CHECK(r.error().code == errc::json_value_out_of_range);
      CHECK(r.error().path == "/inputs/0/dtype");
    }
    // A string tensor, as ONNX tokenizers take, is a model input; it cannot be an
    // intermediate tensor, which travels in frames.
    auto const text = edit(example_descriptor(), R"("dtype": "float32")", R"("dtype": "string")");
    REQUIRE(read_descriptor(text));
    auto const intermediate = read_descriptor(
        edit(example_descriptor(), R"("dtype": "float16")", R"("dtype": "string")"));
    REQUIRE_FALSE(intermediate);
    CHECK(intermediate.error().path == "/partitions/0/intermediate/0/dtype");
    // A file's STRING tensor is a string dtype: against float32 the mismatch names it.
    test::onnx_model m;
    m.inputs[0].elem_type = 8;
    auto const info = inspect(format_name::onnx, test::as_bytes(test::write_onnx(m)));
    REQUIRE(info);
    CHECK(info->inputs[0].dtype == dtype::string);
    auto const report = compare(*read_descriptor(example_descriptor()), 0, *info);
    REQUIRE_FALSE(report.mismatches.empty());
    CHECK(report.mismatches[0].code == errc::model_dtype_mismatch);
    CHECK(report.mismatches[0].detail == "descriptor float32, file string");
    // ... and a type code ONNX has not assigned has none.
    m.inputs[0].elem_type = 99;
    auto const unknown = inspect(format_name::onnx, test::as_bytes(test::write_onnx(m)));
    REQUIRE(unknown);
    CHECK_FALSE(unknown->inputs[0].dtype);
    CHECK(compare(*read_descriptor(example_descriptor()), 0, *unknown).mismatches[0].detail ==
          "descriptor float32, file type code 99");
  }

  TEST_CASE("size and depth limits") {
    limits small;
    small.max_descriptor_bytes = 100;
    CHECK(read_descriptor(example_descriptor(), small).error().code == errc::limit_exceeded);
    std::string deep =
        R"({"extensions":{"x":)" + std::string(40, '[') + std::string(40, ']') + "}}";
    auto const r = read_descriptor(deep);
    CHECK(r.error().code == errc::json_too_deep);
    CHECK(r.error().path.rfind("/extensions/x", 0) == 0);
  }

  TEST_CASE("writing never throws on caller strings") {
    auto d = *read_descriptor(example_descriptor());
    d.version = std::string("\xff\xfe", 2);
    d.extensions = "not json";
    auto const text = write_descriptor(d);
    CHECK(text.find(R"("extensions":{})") != std::string::npos);
  }

  TEST_CASE("the example descriptor matches the generated ONNX file") {
    auto const report = check_example(example_descriptor(), test::write_onnx({}));
    CHECK(report.ok());
    CHECK(report.verified.size() >= 5);
  }

  TEST_CASE("a file checked where it lies reports what its bytes report") {
    auto const d = read_descriptor(example_descriptor());
    REQUIRE(d);
    auto const path = (examples() / "asr-encoder.onnx").string();
    auto const from_file = check_artifact_file(*d, 0, path.c_str());
    auto const from_bytes =
        check_artifact(*d, 0, test::as_bytes(test::read_file(examples() / "asr-encoder.onnx")));
    CHECK(from_file.ok());
    CHECK(from_file.verified == from_bytes.verified);
    CHECK(from_file.not_checked == from_bytes.not_checked);
    auto const info = inspect_file(format_name::onnx, path.c_str());
    REQUIRE(info);
    CHECK(info->inputs.size() == 1);
    for (char const* bad : {"/nonexistent/model.onnx", "/"}) {
      CAPTURE(bad);
      auto const r = check_artifact_file(*d, 0, bad);
      REQUIRE(r.mismatches.size() == 1);
      CHECK(r.mismatches[0].code == errc::io_error);
      CHECK(inspect_file(format_name::onnx, bad).error().code == errc::io_error);
    }
    // An empty file: a size mismatch and a truncated model, never a crash on the empty map.
    auto const empty = std::filesystem::temp_directory_path() / "imsdp-empty.onnx";
    std::ofstream(empty).close();
    auto const r = check_artifact_file(*d, 0, empty.string().c_str());
    REQUIRE_FALSE(r.ok());
    CHECK(r.mismatches[0].path == "/artifacts/0/size");
    std::filesystem::remove(empty);
  }

  TEST_CASE("one edited input dtype is a mismatch at /inputs/0/dtype") {
    auto const report =
        check_example(edit(example_descriptor(), R"("dtype": "float32")", R"("dtype": "float16")"),
                      test::write_onnx({}));
    REQUIRE(report.mismatches.size() == 1);
    CHECK(report.mismatches[0].code == errc::model_dtype_mismatch);
    CHECK(report.mismatches[0].path == "/inputs/0/dtype");
    CHECK(report.mismatches[0].where.offset > 0);
  }

  TEST_CASE("versions, names, ranks and dimensions are compared") {
    test::onnx_model m;
    m.ir_version = 9;
    m.opsets = {{"", 20}, {"com.microsoft", 1}};
    m.inputs[0].dims = {std::int64_t{1}, std::int64_t{64}, std::int64_t{5000}};
    m.outputs[0].name = "scores";
    auto const report = check_example(example_descriptor(), test::write_onnx(m));
    std::vector<std::string> paths;
    for (auto const& e : report.mismatches)
      paths.push_back(e.path);
    CHECK(paths == std::vector<std::string>{"/format/irVersion", "/format/opsets/0/version",
                                            "/format/opsets", "/inputs/0/shape/1",
                                            "/inputs/0/shape/2", "/outputs/0/name", "/outputs"});
  }

  TEST_CASE("issue 25 defect 1: sequence and optional inputs, or a missing shape, never verify") {
    for (std::uint32_t field : {4u, 9u}) {  // sequence_type, optional_type of float tensors
      CAPTURE(field);
      test::onnx_model m;
      m.inputs[0].type_field = field;
      auto const report = check_example(example_descriptor(), test::write_onnx(m));
      REQUIRE(report.mismatches.size() == 1);
      CHECK(report.mismatches[0].code == errc::model_dtype_mismatch);
      CHECK(report.mismatches[0].path == "/inputs/0/dtype");
      for (auto const& v : report.verified)
        CHECK(v.find("input mel") == std::string::npos);
    }
    test::onnx_model m;
    m.inputs[0].with_shape = false;
    auto const report = check_example(example_descriptor(), test::write_onnx(m));
    CHECK(report.ok());
    CHECK(report.not_checked == std::vector<std::string>{"input mel shape (the file states none)"});
    CHECK(std::find(report.verified.begin(), report.verified.end(), "input mel float32") !=
          report.verified.end());
  }

  TEST_CASE("issue 25 defect 2: outputs declared in another order are a mismatch") {
    // TFLite and MediaPipe bind outputs by index: two swapped outputs must not verify.
    test::onnx_model m;
    m.outputs.push_back({"lengths", 7, {std::int64_t{1}}});
    auto const two = edit(example_descriptor(), R"({"name": "logits", "dtype": "float32")",
                          R"({"name": "lengths", "dtype": "int64", "shape": [1]},
    {"name": "logits", "dtype": "float32")");
    auto const swapped = check_example(two, test::write_onnx(m));
    std::vector<std::string> paths;
    for (auto const& e : swapped.mismatches) {
      CHECK(e.code == errc::model_tensor_order);
      paths.push_back(e.path);
    }
    CHECK(paths == std::vector<std::string>{"/outputs/0/name", "/outputs/1/name"});
    std::swap(m.outputs[0], m.outputs[1]);
    CHECK(check_example(two, test::write_onnx(m)).ok());
  }

  TEST_CASE("head and tail artifacts meet at the partition's intermediate tensors") {
    auto d = *read_descriptor(example_descriptor());
    artifact head = d.artifacts[0];
    head.role = artifact_role::head;
    head.partition_id = 2;
    d.artifacts.push_back(head);
    test::onnx_model m;
    m.outputs = {{"encoder_out", 10, {std::int64_t{1}, std::int64_t{1500}, std::int64_t{512}}}};
    auto const info = inspect(format_name::onnx, test::as_bytes(test::write_onnx(m)));
    REQUIRE(info);
    CHECK(compare(d, 1, *info).ok());
    m.outputs[0].elem_type = 1;
    auto const wrong =
        compare(d, 1, *inspect(format_name::onnx, test::as_bytes(test::write_onnx(m))));
    REQUIRE(wrong.mismatches.size() == 1);
    CHECK(wrong.mismatches[0].path == "/partitions/0/intermediate/0/dtype");
  }

  TEST_CASE("TFLite files are compared the same way") {
    auto const d = read_descriptor(R"({"descriptorVersion":"1.0","modelId":"urn:x:m","version":"1",
      "format":{"name":"tflite","schemaVersion":3},
      "artifacts":[{"role":"full","uri":"m.tflite","size":1,"digest":{"alg":"sha-256","value":")" +
                                   std::string(64, '0') + R"("}}],
      "inputs":[{"name":"input","dtype":"float32","shape":[1,224,224,3]}],
      "outputs":[{"name":"features","dtype":"int8","shape":[1,1000]}]})");
    REQUIRE(d);
    auto const info = inspect(format_name::tflite, test::as_bytes(test::write_tflite({})));
    REQUIRE(info);
    auto const report = compare(*d, 0, *info);
    CHECK(report.ok());
    test::tflite_model m;
    m.version = 2;
    m.tensors[1].type = 0;
    auto const other =
        compare(*d, 0, *inspect(format_name::tflite, test::as_bytes(test::write_tflite(m))));
    REQUIRE(other.mismatches.size() == 2);
    CHECK(other.mismatches[0].path == "/format/schemaVersion");
    CHECK(other.mismatches[1].path == "/outputs/0/dtype");
  }
}
