// The "aiml-model-descriptor" and "aiml-control" targets (tests/vectors/aiml/README.md).
//
//   input: "document" (a JSON value, read as its compact text), "text" (exact input), or
//          "patch" (RFC 6902 operations on the file's "base").
//   y_  must read; write(read(x)) reads back to the same value and is a fixpoint.
//   n_  must fail with "error": {code, path}.
//   "max_message_size" (aiml-control) sets the negotiated limit.
#include <imsdp/aiml/control/message.hpp>
#include <imsdp/aiml/model/descriptor.hpp>
#include <string>

#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

using nlohmann::json;

std::string input_of(json const& test, std::string& why) {
  if (test.contains("text")) return test["text"].get<std::string>();
  if (test.contains("document")) return test["document"].dump();
  if (test.contains("patch")) {
    if (current_file == nullptr || !current_file->contains("base")) {
      why = "a patch case needs the file's \"base\"";
      return {};
    }
    try {
      return (*current_file)["base"].patch(test["patch"]).dump();
    } catch (json::exception const& e) {
      why = std::string("patch does not apply: ") + e.what();
      return {};
    }
  }
  why = "a case needs \"document\", \"text\" or \"patch\"";
  return {};
}

template <class Read, class Write>
std::string check_case(json const& test, Read&& read, Write&& write) {
  std::string why;
  auto const input = input_of(test, why);
  if (!why.empty()) return why;
  auto const value = read(input);
  bool const accept = test["id"].get<std::string>()[0] == 'y';
  if (accept) {
    if (!value)
      return "rejected: " + std::string(to_string(value.error().code)) + " at " +
             value.error().path + " (" + value.error().detail + ")";
    auto const written = write(*value);
    auto const again = read(written);
    if (!again) return "the written form does not read back: " + again.error().path;
    if (!(*again == *value)) return "the written form reads back to another value";
    if (write(*again) != written) return "writing is not a fixpoint";
    return {};
  }
  if (value) return "accepted";
  auto const& expected = test.at("error");
  auto const code = std::string(to_string(value.error().code));
  if (code != expected.value("code", std::string()))
    return "error " + code + " at " + value.error().path + ", expected " + expected.dump();
  if (expected.contains("path") && value.error().path != expected["path"].get<std::string>())
    return "error at " + value.error().path + ", expected " + expected["path"].get<std::string>();
  return {};
}

}  // namespace

std::string check_aiml_model_descriptor_case(json const& test) {
  return check_case(
      test, [](std::string const& text) { return aiml::model::read_descriptor(text); },
      [](aiml::model::descriptor const& d) { return aiml::model::write_descriptor(d); });
}

std::string check_aiml_control_case(json const& test) {
  aiml::control::limits bounds;
  bounds.max_message_bytes = test.value("max_message_size", bounds.max_message_bytes);
  return check_case(
      test, [&](std::string const& text) { return aiml::control::read_message(text, bounds); },
      [&](aiml::control::message const& m) { return write_message(m, bounds).value(); });
}

}  // namespace imsdp::conformance
