// The answers of a response against the actions it may answer (design rule 7e), shared by the
// guard (a template and its token's subset) and the UE side (its offer, before sending).
#pragma once

#include <imsdp/user_interaction/guard.hpp>
#include <span>
#include <string_view>

namespace imsdp::user_interaction {

/// Writes "/answers/<i>/<member>[/<j>]" (or `member` alone when i < 0) without allocating.
void point(pointer_text& at, std::string_view member, int i = -1, int j = -1) noexcept;

/// ok, or ui_unknown_reference / ui_cardinality with `at` naming the value: free text only
/// when `free_text`; each aid among `allowed` and `actions`; ratings within the scale; choices
/// and multi values among the action's options, multi within its max and without repeats.
[[nodiscard]] errc check_answers(response_view const& r, std::span<action const> actions,
                                 bool free_text, std::span<std::string_view const> allowed,
                                 pointer_text& at) noexcept;

}  // namespace imsdp::user_interaction
