// The y_/n_ check shared by the targets whose cases are JSON documents read by a library
// reader (aiml-model-descriptor, aiml-control, ui-message): the input from "document",
// "text" or "patch" (RFC 6902 on the file's "base"); y_ must read, write, read back equal
// and write again the same; n_ must fail with "error": {code, path}.
#pragma once

#include <imsdp/error.hpp>
#include <string>

#include "conformance/runner.hpp"

namespace imsdp::conformance {

using nlohmann::json;

inline std::string input_of(json const& test, std::string& why) {
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

}  // namespace imsdp::conformance
