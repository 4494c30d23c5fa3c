// From a negotiated 3gpp-aiml-split line (imsdp::aiml::split, DESIGN.md section 5) to the
// expectations check_frame applies to intermediate data: cfg-id -> config_id, cmp= ->
// profiles. The partition id comes from the model descriptor's partition that `part=`
// names, so the caller passes it (with the partition's tensors, when it has them).
#pragma once

#include <imsdp/aiml/intermediate/check.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <imsdp/aiml/split/configuration.hpp>
#include <imsdp/result.hpp>
#include <utility>
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

}  // namespace imsdp::aiml::intermediate
