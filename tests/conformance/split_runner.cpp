// The "split" target: AI/ML split configuration offer/answer (DESIGN.md section 5).
//
//   {"id": "y_...", "offer": SDP, "capabilities": {...}, "accepted": [cfg-ids],
//    "values": ["1 split ...", ...]}      answer() on the offer's first configuration set
//   {"id": "y_...", "offer": SDP, "answer": SDP}            check_answer() finds nothing
//   {"id": "n_...", "offer": SDP, "answer": SDP, "errors": [codes]}  it finds these codes
//
// The idata channels accepted are those of the answer (or, for answer() cases, those the
// offer declares with subprotocol 3gpp-aiml-idata, unless "idata" lists their stream ids),
// reliable when their dcmap is ordered without max-retr or max-time.
#include <algorithm>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/aiml/split/json.hpp>
#include <imsdp/datachannel/view.hpp>
#include <imsdp/sdp/parse.hpp>

#include "conformance/runner.hpp"

namespace imsdp::conformance {
namespace {

using nlohmann::json;
using namespace imsdp::aiml::split;

std::vector<idata_channel> idata_channels(sdp::session_description const& doc, std::size_t media) {
  std::vector<idata_channel> out;
  for (auto const& a : datachannel::associations(doc))
    if (a.media_index == media)
      for (auto const& c : a.channels)
        if (c.subprotocol() == "3gpp-aiml-idata") out.push_back(idata_of(c));
  return out;
}

}  // namespace

std::string check_split_case(json const& test) {
  auto const offer_doc = sdp::parse(test.at("offer").get<std::string>(), profile::lenient());
  if (!offer_doc) return "offer rejected: " + offer_doc.error().message();
  auto const offers = configuration_sets(*offer_doc);
  if (offers.empty()) return "the offer has no split configurations";
  auto const& offered = offers.front();
  bool const positive = test["id"].get<std::string>()[0] == 'y';

  if (test.contains("capabilities")) {
    auto const caps = capabilities_from_json(test["capabilities"].dump());
    if (!caps) return "capabilities: " + caps.error().message();
    auto idata = idata_channels(*offer_doc, offered.media_index);
    if (test.contains("idata")) {
      auto const listed = test["idata"].get<std::vector<std::uint16_t>>();
      std::erase_if(idata, [&](idata_channel const& c) {
        return std::find(listed.begin(), listed.end(), c.stream_id) == listed.end();
      });
    }
    auto const result = answer(offered.configurations, *caps, idata);
    std::vector<unsigned> ids;
    for (auto const& c : result.accepted)
      ids.push_back(c.cfg_id);
    if (ids != test.at("accepted").get<std::vector<unsigned>>())
      return "accepted " + json(ids).dump() + ", expected " + test["accepted"].dump();
    if (test.contains("values")) {
      std::vector<std::string> values;
      for (auto const& c : result.accepted)
        values.push_back(c.value());
      if (values != test["values"].get<std::vector<std::string>>())
        return "values " + json(values).dump();
    }
    // The computed answer always obeys the rules.
    auto const errors = check_answer(offered.configurations, result.accepted, idata);
    if (!errors.empty()) return "the computed answer breaks a rule: " + errors.front().message();
    return {};
  }

  auto const answer_doc = sdp::parse(test.at("answer").get<std::string>(), profile::lenient());
  if (!answer_doc) return "answer rejected: " + answer_doc.error().message();
  auto const answers = configuration_sets(*answer_doc);
  std::vector<configuration> const answered =
      answers.empty() ? std::vector<configuration>{} : answers.front().configurations;
  auto const errors = check_answer(offered.configurations, answered,
                                   idata_channels(*answer_doc, offered.media_index));
  std::vector<std::string> codes;
  for (auto const& e : errors)
    codes.emplace_back(to_string(e.code));
  std::sort(codes.begin(), codes.end());
  auto expected = test.value("errors", std::vector<std::string>{});
  std::sort(expected.begin(), expected.end());
  if (positive && !codes.empty()) return "unexpected errors " + json(codes).dump();
  if (!positive && (codes != expected || codes.empty()))
    return "errors " + json(codes).dump() + ", expected " + json(expected).dump();
  return {};
}

}  // namespace imsdp::conformance
