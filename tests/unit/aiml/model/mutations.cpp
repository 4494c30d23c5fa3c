// Issue 25: no "verified" without a comparison. Every ONNX test model of the ONNX project
// (Debian libonnx-testdata) is described, and each fact of its descriptor that the file
// states is changed, one at a time: version members, each opset, each input and output's
// name, dtype, rank, static dimension and position, an undeclared and a missing tensor, the
// size and the digest. Every mutation must fail the check.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <imsdp/aiml/model/inspect.hpp>
#include <string>
#include <vector>

#include "support/files.hpp"
#include "unit/aiml/model/model_files.hpp"

using namespace imsdp;
using namespace imsdp::aiml::model;

namespace {

using mutation = std::function<void(descriptor&)>;

// The one-fact changes of `d`, each with a name for the failure message.
std::vector<std::pair<std::string, mutation>> mutations_of(descriptor const& d) {
  std::vector<std::pair<std::string, mutation>> out;
  out.emplace_back("size", [](descriptor& x) { ++x.artifacts[0].size; });
  out.emplace_back("digest", [](descriptor& x) {
    auto& v = x.artifacts[0].digest.value;
    v[0] = v[0] == '0' ? '1' : '0';
  });
  out.emplace_back("irVersion", [](descriptor& x) { ++*x.format.ir_version; });
  for (std::size_t i = 0; i < d.format.opsets.size(); ++i)
    out.emplace_back("opset " + std::to_string(i),
                     [i](descriptor& x) { ++x.format.opsets[i].version; });
  out.emplace_back("an opset the file lacks", [](descriptor& x) {
    x.format.opsets.push_back({"com.example", 1});
  });
  for (auto list : {&descriptor::inputs, &descriptor::outputs}) {
    auto const& tensors = d.*list;
    std::string const side = list == &descriptor::inputs ? "input " : "output ";
    for (std::size_t i = 0; i < tensors.size(); ++i) {
      auto const what = side + std::to_string(i) + " ";
      out.emplace_back(what + "name", [=](descriptor& x) { (x.*list)[i].name += "_m"; });
      out.emplace_back(what + "dtype", [=](descriptor& x) {
        auto& t = (x.*list)[i].dtype;
        t = t == dtype::float32 ? dtype::int64 : dtype::float32;
      });
      out.emplace_back(what + "rank",
                       [=](descriptor& x) { (x.*list)[i].shape.emplace_back(std::uint64_t{1}); });
      for (std::size_t k = 0; k < tensors[i].shape.size(); ++k)
        if (std::holds_alternative<std::uint64_t>(tensors[i].shape[k]))
          out.emplace_back(what + "dimension " + std::to_string(k), [=](descriptor& x) {
            ++std::get<std::uint64_t>((x.*list)[i].shape[k]);
          });
      out.emplace_back(what + "removed", [=](descriptor& x) {
        (x.*list).erase((x.*list).begin() + static_cast<std::ptrdiff_t>(i));
      });
    }
    if (tensors.size() >= 2)
      out.emplace_back(side + "order",
                       [=](descriptor& x) { std::swap((x.*list)[0], (x.*list)[1]); });
    out.emplace_back(side + "added", [=](descriptor& x) {
      tensor extra;
      extra.name = "not_in_the_model";
      extra.shape = {std::uint64_t{1}};
      (x.*list).push_back(extra);
    });
  }
  return out;
}

}  // namespace

TEST_SUITE("aiml/model/mutations") {
  TEST_CASE("every one-fact change of a real ONNX model's descriptor fails its check") {
    std::filesystem::path const data = "/usr/share/libonnx-testdata/data";
    if (!std::filesystem::is_directory(data)) {
      MESSAGE("no ONNX test data at " << data.string() << " (Debian libonnx-testdata)");
      return;
    }
    std::vector<std::filesystem::path> files;
    for (auto const& e : std::filesystem::recursive_directory_iterator(data))
      if (e.path().extension() == ".onnx") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::size_t models = 0;
    std::size_t tried = 0;
    std::size_t survived = 0;
    for (auto const& file : files) {
      auto const bytes = test::read_file(file);
      describe_options options;
      options.uri = file.filename().string();
      auto const d = describe(format_name::onnx, test::as_bytes(bytes), options);
      if (!d) continue;  // sequence, map or optional I/O: refused by describe
      ++models;
      REQUIRE(check_artifact(*d, 0, test::as_bytes(bytes)).ok());
      for (auto const& m : mutations_of(*d)) {
        auto changed = *d;
        m.second(changed);
        ++tried;
        if (check_artifact(changed, 0, test::as_bytes(bytes)).ok()) {
          ++survived;
          std::string const what = file.string() + ": the mutation '" + m.first + "' passed";
          FAIL_CHECK(what);
        }
      }
    }
    MESSAGE(models << " models, " << tried << " mutations, " << survived << " passed the check");
    CHECK(models > 1000);
    CHECK(survived == 0);
  }
}
