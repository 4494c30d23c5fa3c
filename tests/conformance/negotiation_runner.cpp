// The "negotiation" target: event scripts (include/imsdp/negotiation/json.hpp) and the
// trace they must give, line for line.
//
//   {"id": "y_...", "bodies": {...}, "capabilities": {...}, "events": [...],
//    "trace": ["receive INVITE offer => have-remote-offer", "  create-answer for INVITE"]}
//
// y_ cases have no refused event, n_ cases at least one ("=> error", or a step that
// "refused" an answer it could not reject, in the trace). Bodies
// given as {"file": PATH} are read from PATH relative to the repository root.
#include <filesystem>
#include <fstream>
#include <imsdp/negotiation/json.hpp>
#include <sstream>

#include "conformance/runner.hpp"
#include "support/test_keys.hpp"

namespace imsdp::conformance {

std::string check_negotiation_case(nlohmann::json const& test) {
  // The file's "shared" members go to every case that has none of that name.
  auto script = test;
  auto const shared = current_file != nullptr
                          ? current_file->value("shared", nlohmann::json::object())
                          : nlohmann::json::object();
  for (auto const& [key, value] : shared.items())
    if (!script.contains(key)) script[key] = value;
  auto const trace = negotiation::run_script(
      script,
      [](std::string const& path) -> result<std::string> {
        std::ifstream in(std::filesystem::path(IMSDP_SOURCE_DIR) / path, std::ios::binary);
        if (!in) {
          error e;
          e.code = errc::io_error;
          e.detail = "cannot read " + path;
          return e;
        }
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
      },
      nullptr, test::counting_keys());
  if (!trace) return "the script does not run: " + trace.error().message();
  bool refused = false;
  for (auto const& line : *trace) {
    auto const arrow = line.find(" => ");
    refused = refused ||
              (arrow != std::string::npos && (line.compare(arrow, 10, " => error ") == 0 ||
                                              line.find(" refused ", arrow) != std::string::npos));
  }
  auto const id = test["id"].get<std::string>();
  if (id[0] == 'y' && refused) return "a y_ case with a refused event";
  if (id[0] == 'n' && !refused) return "an n_ case without a refused event";
  auto const expected = test.at("trace").get<std::vector<std::string>>();
  for (std::size_t i = 0; i < std::max(expected.size(), trace->size()); ++i) {
    auto const want = i < expected.size() ? expected[i] : std::string("(end)");
    auto const got = i < trace->size() ? (*trace)[i] : std::string("(end)");
    if (want != got)
      return "trace line " + std::to_string(i + 1) + ": expected \"" + want + "\", got \"" + got +
             "\"; whole trace: " + nlohmann::json(*trace).dump();
  }
  return {};
}

}  // namespace imsdp::conformance
