// imsdp_conformance FILE.json: runs every case of a vector file (tests/vectors/README.md).
#include "conformance/runner.hpp"

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace imsdp::conformance {

bool json_subset(nlohmann::json const& expected, nlohmann::json const& actual,
                 std::string const& path, std::string& why) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why = path + ": expected an object, got " + actual.dump();
      return false;
    }
    for (auto const& [key, value] : expected.items()) {
      if (!actual.contains(key)) {
        why = path + "/" + key + ": missing";
        return false;
      }
      if (!json_subset(value, actual[key], path + "/" + key, why)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array() || actual.size() != expected.size()) {
      why = path + ": expected " + expected.dump() + ", got " + actual.dump();
      return false;
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (!json_subset(expected[i], actual[i], path + "/" + std::to_string(i), why)) return false;
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (expected.get<double>() == actual.get<double>()) return true;
  } else if (expected == actual) {
    return true;
  }
  why = path + ": expected " + expected.dump() + ", got " + actual.dump();
  return false;
}

}  // namespace imsdp::conformance

namespace {

struct target {
  char const* name;
  imsdp::conformance::case_checker check;
};

constexpr target targets[] = {
    {"sdp", &imsdp::conformance::check_sdp_case},
    {"split", &imsdp::conformance::check_split_case},
    {"negotiation", &imsdp::conformance::check_negotiation_case},
    {"aiml-model-descriptor", &imsdp::conformance::check_aiml_model_descriptor_case},
    {"aiml-control", &imsdp::conformance::check_aiml_control_case},
    {"frame", &imsdp::conformance::check_frame_case},
    {"interworking", &imsdp::conformance::check_interworking_case},
    {"ui-message", &imsdp::conformance::check_ui_message_case},
    {"ui-offer", &imsdp::conformance::check_ui_offer_case},
    {"ui-guard", &imsdp::conformance::check_ui_guard_case},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: imsdp_conformance VECTORS.json\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  auto const file = nlohmann::json::parse(text.str(), nullptr, false);
  if (file.is_discarded() || !file.is_object() || !file.contains("cases") ||
      !file.contains("target")) {
    std::cerr << argv[1] << ": not a vector file (an object with \"target\" and \"cases\")\n";
    return 2;
  }
  imsdp::conformance::current_file = &file;
  imsdp::conformance::case_checker check = nullptr;
  for (auto const& t : targets)
    if (file["target"] == t.name) check = t.check;
  if (check == nullptr) {
    std::cerr << argv[1] << ": unknown target " << file["target"].dump() << '\n';
    return 2;
  }
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::set<std::string> ids;
  for (auto const& test : file["cases"]) {
    if (test.is_string()) continue;  // a comment
    std::string const id = test.value("id", std::string("(no id)"));
    std::string why;
    if (!ids.insert(id).second) {
      why = "duplicate id";
    } else if (id.size() < 2 || (id[0] != 'y' && id[0] != 'n' && id[0] != 'i') || id[1] != '_') {
      why = "an id starts with y_, n_ or i_";
    } else {
      why = check(test);
    }
    if (why.empty()) {
      ++passed;
    } else {
      ++failed;
      std::cout << argv[1] << ": " << id << ": " << why << '\n';
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 && passed > 0 ? 0 : 1;
}
