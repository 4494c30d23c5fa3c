// check_artifact with the digest fed by the caller: from bytes in memory (compare.cpp) or
// in windows of a mapped file (file.cpp).
#pragma once

#include <functional>
#include <imsdp/aiml/model/inspect.hpp>
#include <imsdp/aiml/model/verify.hpp>

namespace imsdp::aiml::model::detail {

/// check_artifact, where `hash` feeds the artifact's bytes (the same as `bytes`) to the
/// verifier.
[[nodiscard]] check_report check_artifact_with(
    descriptor const& d, std::size_t artifact_index, std::span<std::byte const> bytes,
    limits const& bounds, std::function<result<void>(artifact_verifier&)> const& hash);

}  // namespace imsdp::aiml::model::detail
