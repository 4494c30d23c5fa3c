#include "negotiation/sdes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <vector>

#include "detail/ascii.hpp"

namespace imsdp::negotiation::detail {
namespace {

bool protection_off(std::string_view p) {
  return p == "UNENCRYPTED_SRTP" || p == "UNENCRYPTED_SRTCP" || p == "UNAUTHENTICATED_SRTP";
}

}  // namespace

bool is_sdes_proto(std::string_view proto) noexcept {
  return proto.find("SAVP") != std::string_view::npos &&
         proto.find("TLS") == std::string_view::npos;
}

std::optional<std::string> unacceptable(sdp::crypto const& offered,
                                        sdes_capabilities const& local) {
  if (std::find(local.suites.begin(), local.suites.end(), offered.suite) == local.suites.end())
    return "suite not in the capabilities";
  if (sdp::find_srtp_suite(offered.suite) == nullptr) return "suite without known key lengths";
  for (auto const& k : sdp::key_params_of(offered))
    if (!imsdp::detail::iequals(k.method, "inline"))
      return "key method " + std::string(k.method) + " (only inline is defined, RFC 4568 6.1)";
  for (auto const p : sdp::session_params_of(offered)) {
    if (protection_off(p)) {
      if (!local.allow_unprotected) return std::string(p) + " and the capabilities want protection";
    } else if (p.starts_with("FEC_ORDER=") || p.starts_with("FEC_KEY=")) {
      return "FEC with SRTP is not supported (RFC 4568 6.3.5, 6.3.6)";
    } else if (!p.starts_with("KDR=") && !p.starts_with("WSH=") && !p.starts_with("-")) {
      // RFC 4568 6.3: an unknown mandatory session parameter refuses the line; one
      // prefixed with '-' may be ignored.
      return "unknown session parameter";
    }
  }
  return std::nullopt;
}

std::optional<std::string> new_key_params(sdp::srtp_suite const& suite,
                                          sdes_capabilities const& local) {
  if (!local.keys) return std::nullopt;
  std::vector<std::uint8_t> key(suite.key_salt_length());
  if (!local.keys(key)) return std::nullopt;
  std::string out = "inline:";
  auto const head = out.size();
  out.resize(head + 4 * ((key.size() + 2) / 3) + 1);
  auto const written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + head),
                                       key.data(), static_cast<int>(key.size()));
  OPENSSL_cleanse(key.data(), key.size());
  out.resize(head + static_cast<std::size_t>(written));
  return out;
}

std::optional<negotiated_srtp> negotiated_sdes(sdp::media_description const& local,
                                               sdp::media_description const& remote,
                                               sdp::media_description const& answer) {
  auto const* chosen = answer.find<sdp::crypto>();
  if (chosen == nullptr) return std::nullopt;
  auto const line = [&](sdp::media_description const& m) -> sdp::crypto const* {
    for (auto const& c : m.all<sdp::crypto>())
      if (c.tag == chosen->tag) return &c;
    return nullptr;
  };
  auto const* mine = line(local);
  auto const* theirs = line(remote);
  if (mine == nullptr || theirs == nullptr) return std::nullopt;
  return negotiated_srtp{chosen->tag, std::string(chosen->suite), std::string(mine->key_params),
                         std::string(theirs->key_params), std::string(chosen->session_params)};
}

std::string answered_session_params(sdp::crypto const& offered) {
  std::string out;
  for (auto const p : sdp::session_params_of(offered))
    if (p.starts_with("KDR=") || protection_off(p))
      out += (out.empty() ? "" : " ") + std::string(p);
  return out;
}

}  // namespace imsdp::negotiation::detail
