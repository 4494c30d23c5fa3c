// From a negotiated 3gpp-aiml-split line (imsdp::aiml::split, DESIGN.md section 5) and the
// model descriptor (imsdp::aiml::model) to the expectations check_frame applies to
// intermediate data (research/model-and-tensor.md 8.3): cfg-id -> config_id, cmp= ->
// profiles, part= -> partition_id = partitions[].partitionId, whose intermediate[] tensors
// (tensorId, dtype, shape) the frame's data tensors must match.
#pragma once

#include <charconv>
#include <cstdint>
#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/result.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace imsdp::aiml::intermediate {

/// The expectations for frames of an accepted `split` configuration. Fails with
/// `unsupported` when the configuration is not a split carrying AIDF v1 (fmt= other than
/// "aidf1"). Without cmp= only raw tensors are allowed; unknown cmp tokens are ignored.
[[nodiscard]] inline result<negotiated_configuration> configuration_of(
    split::configuration const& c, std::uint16_t partition_id,
    std::vector<partition_tensor> tensors = {}) {
  if (c.placement != split::placement::split) return wire::fail(errc::unsupported, 0, "placement");
  if (!c.fmt.empty() && c.fmt != "aidf1") return wire::fail(errc::unsupported, 0, "fmt");
  negotiated_configuration n;
  n.config_id = c.cfg_id;
  n.partition_id = partition_id;
  n.profiles = c.compression.empty() ? bit(compression_profile::none) : profile_set{0};
  for (auto const& token : c.compression)
    if (auto const p = profile_from_token(token)) n.profiles |= bit(*p);
  n.tensors = std::move(tensors);
  return n;
}

/// The partition id a `part=` token names: the decimal partitionId, alone or after "p"
/// (DESIGN.md section 5's part=p12 is partition 12); nullopt for other tokens.
[[nodiscard]] inline std::optional<std::uint16_t> partition_id_of(std::string_view part) noexcept {
  if (part.starts_with('p')) part.remove_prefix(1);
  if (part.empty() || (part.size() > 1 && part.front() == '0')) return std::nullopt;
  std::uint16_t id = 0;
  auto const parsed = std::from_chars(part.data(), part.data() + part.size(), id);
  if (parsed.ec != std::errc{} || parsed.ptr != part.data() + part.size()) return std::nullopt;
  return id;
}

/// The tensors of the descriptor's partition `partition_id` (research 8.3): tensorId,
/// dtype, and each dimension fixed or within its symbolic {min, max}. Errors name the
/// descriptor's JSON pointer (error.path): no such partition (model_dangling_reference at
/// /partitions), a tensor without tensorId (json_missing_member), or what a frame cannot
/// carry (json_value_out_of_range): a tensor id over 16 bits, a dtype frames refuse, a rank
/// over 8, a dimension over 32 bits; symbolic bounds with min > max are
/// model_dimension_bounds.
[[nodiscard]] inline result<std::vector<partition_tensor>> partition_tensors(
    model::descriptor const& d, std::uint16_t partition_id) {
  auto const* p = model::find_partition(d, partition_id);
  if (p == nullptr)
    return make_json_error(errc::model_dangling_reference, "/partitions",
                           "no partition " + std::to_string(partition_id));
  std::string const at =
      "/partitions/" + std::to_string(p - d.partitions.data()) + "/intermediate/";
  std::vector<partition_tensor> out;
  for (std::size_t i = 0; i < p->intermediate.size(); ++i) {
    auto const& t = p->intermediate[i];
    std::string const path = at + std::to_string(i);
    if (!t.tensor_id)
      return make_json_error(errc::json_missing_member, path + "/tensorId",
                             "frames name tensors by id");
    if (*t.tensor_id > std::numeric_limits<std::uint16_t>::max())
      return make_json_error(errc::json_value_out_of_range, path + "/tensorId",
                             "over the frame's 16-bit tensor_id");
    if (!valid_in_frames(t.dtype))
      return make_json_error(errc::json_value_out_of_range, path + "/dtype",
                             std::string(to_string(t.dtype)) + " is not a frame type");
    if (t.shape.size() > max_rank)
      return make_json_error(errc::json_value_out_of_range, path + "/shape",
                             "rank over the frame's " + std::to_string(max_rank));
    partition_tensor tensor{static_cast<std::uint16_t>(*t.tensor_id), t.dtype, {}};
    for (std::size_t k = 0; k < t.shape.size(); ++k) {
      std::string const dim = path + "/shape/" + std::to_string(k);
      auto const* symbolic = std::get_if<model::symbolic_dim>(&t.shape[k]);
      std::uint64_t const max = symbolic ? symbolic->max : *std::get_if<std::uint64_t>(&t.shape[k]);
      std::uint64_t const min = symbolic ? symbolic->min.value_or(0) : max;
      if (max > std::numeric_limits<std::uint32_t>::max())
        return make_json_error(errc::json_value_out_of_range, symbolic ? dim + "/max" : dim,
                               "over the frame's 32-bit dims");
      if (min > max)
        return make_json_error(errc::model_dimension_bounds, dim + "/min",
                               std::to_string(min) + " > max " + std::to_string(max));
      tensor.shape.push_back({static_cast<std::uint32_t>(min), static_cast<std::uint32_t>(max)});
    }
    out.push_back(std::move(tensor));
  }
  return out;
}

/// The expectations for frames of an accepted `split` configuration whose part= names a
/// partition of the model descriptor: configuration_of above with the partition's id and
/// partition_tensors. Fails as they do, and with invalid_argument (rule "part") when part=
/// is absent or is not a partition id.
[[nodiscard]] inline result<negotiated_configuration> configuration_of(
    split::configuration const& c, model::descriptor const& d) {
  auto n = configuration_of(c, 0);
  if (!n) return n;
  auto const id = partition_id_of(c.part);
  if (!id)
    return make_error(errc::invalid_argument, "part", "'" + c.part + "' is not a partition id");
  auto tensors = partition_tensors(d, *id);
  if (!tensors) return tensors.error();
  n->partition_id = *id;
  n->tensors = std::move(*tensors);
  return n;
}

}  // namespace imsdp::aiml::intermediate
