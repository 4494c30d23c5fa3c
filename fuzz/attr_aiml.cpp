// attr_aiml: a=3gpp-aiml-split values and the split answer function. The input is lines:
// the first line holds capability switches, each other line a configuration value.
// Oracles: every parsed configuration renders and re-parses to the same configuration;
// the answer computed from the parsed offer is a subset of it that check_answer accepts.
#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/sdp/parse.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"

using namespace imsdp::aiml::split;

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto const first_newline = text.find('\n');
  std::string_view const switches = text.substr(0, first_newline);
  std::string_view rest =
      first_newline == std::string_view::npos ? std::string_view{} : text.substr(first_newline + 1);

  std::vector<configuration> offered;
  while (!rest.empty() && offered.size() < 64) {
    auto const end = rest.find('\n');
    auto const line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    auto const parsed = imsdp::sdp::parse_attribute("3gpp-aiml-split", line);
    if (!parsed) continue;
    auto const* value = parsed->get<aiml_split_3gpp>();
    IMSDP_FUZZ_CHECK(value != nullptr, "a parsed split attribute is typed");
    auto const c = configuration::from(*value);
    std::string const rendered = c.value();
    auto const again = imsdp::sdp::parse_attribute("3gpp-aiml-split", rendered);
    IMSDP_FUZZ_CHECK(again.has_value(), "a rendered configuration parses");
    IMSDP_FUZZ_CHECK(configuration::from(*again->get<aiml_split_3gpp>()) == c,
                     "render then parse gives the same configuration");
    offered.push_back(c);
  }

  // Capabilities from the switch bytes.
  capabilities local;
  auto const bit = [&](std::size_t i) {
    return i / 8 < switches.size() && (static_cast<unsigned char>(switches[i / 8]) >> (i % 8)) & 1;
  };
  for (auto const& c : offered)
    if (bit(c.cfg_id % 16) && !c.task.empty()) local.tasks.push_back(c.task);
  if (bit(16)) local.placements.push_back(placement::ue);
  if (bit(17)) local.placements.push_back(placement::nw);
  if (bit(18)) local.placements.push_back(placement::split);
  for (auto const* p : {"none", "fp16", "int8", "zstd"})
    if (bit(19 + static_cast<std::size_t>(p[0] % 4))) local.compression.emplace_back(p);
  if (bit(24)) local.max_ul_kbps = 100;
  if (bit(25)) local.min_latency_ms = 200;
  if (bit(27)) local.states = {"resume"};
  std::vector<idata_channel> idata;
  if (bit(26)) idata.push_back({1002, bit(28)});

  auto const result = answer(offered, local, idata);
  IMSDP_FUZZ_CHECK(result.accepted.size() <= offered.size(), "never more than offered");
  for (auto const& a : result.accepted)
    IMSDP_FUZZ_CHECK(std::any_of(offered.begin(), offered.end(),
                                 [&](configuration const& o) { return o.cfg_id == a.cfg_id; }),
                     "only offered cfg-ids");
  auto const errors = check_answer(offered, result.accepted, idata);
  IMSDP_FUZZ_CHECK(errors.empty(), "the computed answer obeys the offer/answer rules");
  return 0;
}
