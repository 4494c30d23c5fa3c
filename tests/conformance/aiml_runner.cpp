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

#include "conformance/json_case.hpp"
#include "conformance/runner.hpp"

namespace imsdp::conformance {

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
