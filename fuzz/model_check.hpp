// The oracle shared by the model file fuzz targets: a reader either fails with an error
// inside the input, or returns what the limits allow; the same bytes give the same result.
// For the formats with a graph, describe() either refuses as unsupported or writes a
// descriptor that the file passes check_artifact against (no false mismatch), its external
// data files added as weights artifacts; those files' locations stay inside the model's
// directory.
#pragma once

#include <imsdp/aiml/model/inspect.hpp>
#include <span>
#include <string>

#include "fuzz_check.hpp"

inline void check_inspect(imsdp::aiml::model::format_name format,
                          std::span<std::byte const> bytes) {
  imsdp::aiml::model::limits const bounds;
  auto const info = imsdp::aiml::model::inspect(format, bytes, bounds);
  if (!info) {
    IMSDP_FUZZ_CHECK(info.error().code != imsdp::errc::ok, "an error has a code");
    IMSDP_FUZZ_CHECK(info.error().where.offset <= bytes.size() + 8,
                     "the error offset is inside the input");
    IMSDP_FUZZ_CHECK(info.error().where.line == 0, "binary errors have no line");
    return;
  }
  IMSDP_FUZZ_CHECK(info->size == bytes.size(), "the size is the input's");
  IMSDP_FUZZ_CHECK(info->inputs.size() + info->outputs.size() <= bounds.max_graph_tensors,
                   "graph tensor limit");
  for (auto const* list : {&info->inputs, &info->outputs}) {
    for (auto const& t : *list) {
      IMSDP_FUZZ_CHECK(t.shape.size() <= bounds.max_rank, "rank limit");
      IMSDP_FUZZ_CHECK(t.name.size() <= bounds.max_name_bytes, "name limit");
      IMSDP_FUZZ_CHECK(t.offset < bytes.size(), "a tensor record lies inside the input");
    }
  }
  auto const& files = info->external_data;
  IMSDP_FUZZ_CHECK(files.size() <= bounds.max_artifacts, "external data file limit");
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto const& f = files[i];
    IMSDP_FUZZ_CHECK(!f.empty() && f.size() <= bounds.max_name_bytes, "location length");
    IMSDP_FUZZ_CHECK(f.front() != '/' && ("/" + f + "/").find("/../") == std::string::npos,
                     "a location stays inside the model's directory");
    for (std::size_t j = 0; j < i; ++j)
      IMSDP_FUZZ_CHECK(files[j] != f, "each file once");
  }
  auto const again = imsdp::aiml::model::inspect(format, bytes, bounds);
  IMSDP_FUZZ_CHECK(again.has_value() && *again == *info, "deterministic");
  if (!info->has_graph || bytes.empty()) return;
  imsdp::aiml::model::describe_options options;
  options.uri = "model";
  auto const d = imsdp::aiml::model::describe(format, bytes, options, bounds);
  if (!d) {
    IMSDP_FUZZ_CHECK(d.error().code == imsdp::errc::unsupported, "describe refuses as unsupported");
    return;
  }
  // describe() sees the graph only: the external data files are the caller's to add.
  auto described = *d;
  for (auto const& f : files) {
    imsdp::aiml::model::artifact weights;
    weights.role = imsdp::aiml::model::artifact_role::weights;
    weights.uri = f;
    weights.digest.value = std::string(64, '0');
    described.artifacts.push_back(weights);
  }
  auto const report = imsdp::aiml::model::check_artifact(described, 0, bytes, bounds);
  IMSDP_FUZZ_CHECK(report.ok(), "a model passes the check of its own description");
}
