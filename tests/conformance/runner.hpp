// The conformance runner: one vector file in, every case checked. A file names its
// target ("sdp", ...); each target has a function that checks one case.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace imsdp::conformance {

/// Checks one case; returns an empty string on success, else what went wrong.
using case_checker = std::string (*)(nlohmann::json const& test);

/// True when every member of `expected` is in `actual` with an equal value (objects
/// recursively; arrays element by element, same length). `why` names the first mismatch.
bool json_subset(nlohmann::json const& expected, nlohmann::json const& actual,
                 std::string const& path, std::string& why);

/// The vector file being run, for targets whose cases refer to members of the file
/// ("base" in tests/vectors/aiml/).
inline nlohmann::json const* current_file = nullptr;

// Targets.
std::string check_sdp_case(nlohmann::json const& test);
std::string check_split_case(nlohmann::json const& test);
std::string check_negotiation_case(nlohmann::json const& test);
std::string check_aiml_model_descriptor_case(nlohmann::json const& test);
std::string check_aiml_control_case(nlohmann::json const& test);
std::string check_frame_case(nlohmann::json const& test);
std::string check_interworking_case(nlohmann::json const& test);
std::string check_ui_message_case(nlohmann::json const& test);
std::string check_ui_offer_case(nlohmann::json const& test);
std::string check_ui_guard_case(nlohmann::json const& test);

}  // namespace imsdp::conformance
