// Streaming size and digest checks, ranged delivery and versions (verify.hpp).
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <imsdp/aiml/model/verify.hpp>

#include "aiml/model/byte_reader.hpp"
#include "detail/hex.hpp"

namespace imsdp::aiml::model {
namespace {

using detail::file_error;

EVP_MD const* algorithm(digest_algorithm alg) {
  switch (alg) {
    case digest_algorithm::sha_256:
      return EVP_sha256();
    case digest_algorithm::sha_384:
      return EVP_sha384();
    case digest_algorithm::sha_512:
      return EVP_sha512();
  }
  return nullptr;
}

bool well_formed(digest const& d) {
  return d.value.size() == 2 * digest_bytes(d.alg) &&
         std::all_of(d.value.begin(), d.value.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

void artifact_verifier::context_deleter::operator()(evp_md_ctx_st* context) const noexcept {
  EVP_MD_CTX_free(context);
}

result<std::string> hex_digest(digest_algorithm alg, std::span<std::byte const> bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out, &size, algorithm(alg), nullptr) != 1)
    return file_error(errc::unsupported, 0, "digest failed");
  return imsdp::detail::to_hex({out, size});
}

result<artifact_verifier> artifact_verifier::create(std::uint64_t size, digest const& expected) {
  if (!well_formed(expected))
    return file_error(errc::invalid_argument, 0, "digest value is not lowercase hex of its length");
  std::unique_ptr<evp_md_ctx_st, context_deleter> context(EVP_MD_CTX_new());
  if (!context || EVP_DigestInit_ex(context.get(), algorithm(expected.alg), nullptr) != 1)
    return file_error(errc::unsupported, 0, "digest initialisation failed");
  return artifact_verifier(std::move(context), size, expected);
}

result<void> artifact_verifier::update(std::span<std::byte const> chunk) {
  if (finished_) return file_error(errc::delivery_finished, received_);
  if (chunk.size() > size_ - received_)
    return file_error(errc::model_size_mismatch, size_,
                      "more than the declared " + std::to_string(size_) + " bytes");
  if (EVP_DigestUpdate(context_.get(), chunk.data(), chunk.size()) != 1)
    return file_error(errc::unsupported, received_, "digest update failed");
  received_ += chunk.size();
  return {};
}

result<std::string> artifact_verifier::finish_digest() {
  if (finished_) return file_error(errc::delivery_finished, received_);
  finished_ = true;
  if (received_ != size_)
    return file_error(errc::model_size_mismatch, received_,
                      std::to_string(received_) + " bytes, declared " + std::to_string(size_));
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  if (EVP_DigestFinal_ex(context_.get(), out, &length) != 1)
    return file_error(errc::unsupported, received_, "digest final failed");
  return imsdp::detail::to_hex({out, length});
}

result<void> artifact_verifier::finish() {
  auto const actual = finish_digest();
  if (!actual) return actual.error();
  if (*actual != expected_.value)
    return file_error(errc::model_digest_mismatch, 0,
                      std::string(to_string(expected_.alg)) + " is " + *actual);
  return {};
}

// ---- artifact_receiver ----

artifact_receiver::artifact_receiver(artifact_verifier verifier, std::size_t size,
                                     std::size_t max_ranges)
    : verifier_(std::move(verifier)), buffer_(size), max_ranges_(max_ranges) {}

result<artifact_receiver> artifact_receiver::create(artifact const& expected,
                                                    limits const& bounds) {
  auto const size = expected.encoding ? expected.encoding->size : expected.size;
  auto const& want = expected.encoding ? expected.encoding->digest : expected.digest;
  if (size > bounds.max_model_bytes)
    return file_error(errc::limit_exceeded, 0,
                      "artifact of " + std::to_string(size) + " bytes, limit " +
                          std::to_string(bounds.max_model_bytes));
  auto verifier = artifact_verifier::create(size, want);
  if (!verifier) return std::move(verifier).error();
  return artifact_receiver(std::move(*verifier), size, bounds.max_ranges);
}

result<void> artifact_receiver::receive(std::uint64_t offset, std::span<std::byte const> chunk) {
  if (finished_) return file_error(errc::delivery_finished, offset);
  std::uint64_t end = 0;
  if (__builtin_add_overflow(offset, chunk.size(), &end) || end > buffer_.size())
    return file_error(
        errc::delivery_out_of_range, offset,
        "chunk ends beyond the artifact's " + std::to_string(buffer_.size()) + " bytes");
  if (chunk.empty()) return {};
  // Ranges touching [offset, end) (overlapping or adjacent) merge with it; the bytes they
  // share with the chunk must be equal.
  auto first = ranges_.upper_bound(offset);
  if (first != ranges_.begin() && std::prev(first)->second >= offset) --first;
  auto last = first;
  std::uint64_t begin = offset;
  std::uint64_t merged_end = end;
  std::uint64_t already = 0;
  for (; last != ranges_.end() && last->first <= end; ++last) {
    auto const lo = std::max(last->first, offset);
    auto const hi = std::min(last->second, end);
    if (hi > lo) {
      auto const* held = buffer_.data() + lo;
      auto const* sent = chunk.data() + (lo - offset);
      auto const [differs, unused] = std::mismatch(held, held + (hi - lo), sent);
      if (differs != held + (hi - lo))
        return file_error(errc::delivery_conflict, lo + static_cast<std::uint64_t>(differs - held),
                          "re-sent byte differs");
      already += hi - lo;
    }
    begin = std::min(begin, last->first);
    merged_end = std::max(merged_end, last->second);
  }
  auto const touched = static_cast<std::size_t>(std::distance(first, last));
  if (ranges_.size() - touched + 1 > max_ranges_)
    return file_error(errc::limit_exceeded, offset,
                      "more than " + std::to_string(max_ranges_) + " disjoint ranges");
  std::memcpy(buffer_.data() + offset, chunk.data(), chunk.size());
  ranges_.erase(first, last);
  ranges_.emplace(begin, merged_end);
  received_ += chunk.size() - already;
  // The digest follows the contiguous prefix.
  auto const prefix = ranges_.begin();
  if (prefix->first == 0 && prefix->second > hashed_) {
    auto const from = hashed_;
    auto const to = static_cast<std::size_t>(prefix->second);
    if (auto r = verifier_.update(std::span(buffer_).subspan(from, to - from)); !r) return r;
    hashed_ = prefix->second;
  }
  return {};
}

result<void> artifact_receiver::finish() {
  if (finished_) return file_error(errc::delivery_finished, received_);
  if (!complete()) {
    auto const gaps = missing();
    return file_error(errc::delivery_incomplete, gaps.empty() ? 0 : gaps.front().begin,
                      std::to_string(buffer_.size() - received_) + " bytes missing");
  }
  finished_ = true;
  auto r = verifier_.finish();
  verified_ = r.has_value();
  return r;
}

std::vector<byte_range> artifact_receiver::missing() const {
  std::vector<byte_range> gaps;
  std::uint64_t at = 0;
  for (auto const& [begin, end] : ranges_) {
    if (begin > at) gaps.push_back({at, begin});
    at = end;
  }
  if (at < buffer_.size()) gaps.push_back({at, buffer_.size()});
  return gaps;
}

std::span<std::byte const> artifact_receiver::bytes() const noexcept {
  if (!verified_) return {};
  return buffer_;
}

// ---- model_versions ----

model_versions::entry const* model_versions::find(std::string_view version) const {
  for (auto const& e : entries_)
    if (e.version == version) return &e;
  return nullptr;
}

result<void> model_versions::add(descriptor const& d) {
  if (!entries_.empty() && d.model_id != model_id_)
    return make_json_error(errc::invalid_argument, "/modelId", "another model: " + d.model_id);
  if (find(d.version) != nullptr)
    return make_json_error(errc::model_duplicate, "/version", d.version);
  if (entries_.size() >= max_versions_)
    return file_error(errc::limit_exceeded, 0,
                      "more than " + std::to_string(max_versions_) + " versions");
  entry e;
  e.version = d.version;
  for (std::size_t i = 0; i < d.artifacts.size(); ++i) {
    auto const& a = d.artifacts[i];
    e.verified.push_back(false);
    e.is_update.push_back(a.update_of.has_value());
    if (!a.update_of) continue;
    auto const path = "/artifacts/" + std::to_string(i) + "/updateOf";
    if (find(*a.update_of) == nullptr)
      return make_json_error(errc::delivery_base_missing, path, "no version " + *a.update_of);
    if (e.base && *e.base != *a.update_of)
      return make_json_error(errc::invalid_argument, path, "updates of two versions");
    e.base = a.update_of;
  }
  model_id_ = d.model_id;
  entries_.push_back(std::move(e));
  return {};
}

result<void> model_versions::mark_verified(std::string_view version, std::size_t artifact_index) {
  auto const* found = find(version);
  if (found == nullptr || artifact_index >= found->verified.size())
    return file_error(errc::not_found, 0, std::string(version));
  auto& e = entries_[static_cast<std::size_t>(found - entries_.data())];
  if (e.is_update[artifact_index] && !complete(*e.base))
    return file_error(errc::delivery_base_missing, 0, "base " + *e.base + " is not complete");
  e.verified[artifact_index] = true;
  return {};
}

bool model_versions::complete(std::string_view version) const {
  auto const* e = find(version);
  return e != nullptr &&
         std::all_of(e->verified.begin(), e->verified.end(), [](bool v) { return v; });
}

std::optional<std::string> model_versions::current() const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it)
    if (complete(it->version)) return it->version;
  return std::nullopt;
}

std::vector<std::string> model_versions::chain(std::string_view version) const {
  std::vector<std::string> out;
  // Bases are added before their updates, so the walk ends within entries_.size() steps.
  for (auto const* e = find(version); e != nullptr && out.size() <= entries_.size();
       e = e->base ? find(*e->base) : nullptr)
    out.insert(out.begin(), e->version);
  return out;
}

}  // namespace imsdp::aiml::model
