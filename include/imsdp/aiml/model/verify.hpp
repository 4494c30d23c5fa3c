// Size and digest of artifact bytes, fed chunk by chunk (DESIGN.md section 6.2), the
// delivery of an artifact over a channel in ranges, and adaptive delivery as versions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/model/descriptor.hpp>
#include <imsdp/result.hpp>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace imsdp::aiml::model {

/// Lowercase hex digest of `bytes` (OpenSSL libcrypto EVP).
[[nodiscard]] result<std::string> hex_digest(digest_algorithm alg,
                                             std::span<std::byte const> bytes);

/// Streaming check of one artifact's size and digest: update() per chunk, then finish().
class artifact_verifier {
 public:
  /// Errors: invalid_argument if the expected digest is malformed.
  [[nodiscard]] static result<artifact_verifier> create(std::uint64_t size, digest const& expected);

  /// model_size_mismatch as soon as the bytes exceed the declared size (where.offset is
  /// the first byte too many).
  result<void> update(std::span<std::byte const> chunk);
  /// model_size_mismatch if fewer bytes arrived, model_digest_mismatch if they differ.
  result<void> finish();
  /// Ends the stream like finish() but returns the digest of the bytes (lowercase hex)
  /// instead of comparing it (describing a file). model_size_mismatch if bytes are missing.
  result<std::string> finish_digest();

  [[nodiscard]] std::uint64_t received() const noexcept { return received_; }

 private:
  struct context_deleter {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };
  artifact_verifier(std::unique_ptr<evp_md_ctx_st, context_deleter> context, std::uint64_t size,
                    digest expected)
      : context_(std::move(context)), size_(size), expected_(std::move(expected)) {}

  std::unique_ptr<evp_md_ctx_st, context_deleter> context_;
  std::uint64_t size_ = 0;
  std::uint64_t received_ = 0;
  digest expected_;
  bool finished_ = false;
};

/// [begin, end) in bytes.
struct byte_range {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  friend bool operator==(byte_range const&, byte_range const&) = default;
};

/// Receives one artifact in chunks at any offsets and in any order (a data channel,
/// HTTP ranges, retransmissions). Bytes are kept in a buffer of the declared size
/// (checked against limits.max_model_bytes before it is allocated); a chunk that
/// overlaps received bytes must agree with them; the digest is computed as the
/// contiguous prefix grows. The artifact is verified only when every byte arrived and
/// size and digest match. When the artifact has an `encoding`, the bytes received are
/// the encoded ones and the encoding's size and digest apply.
class artifact_receiver {
 public:
  [[nodiscard]] static result<artifact_receiver> create(artifact const& expected,
                                                        limits const& bounds = {});

  /// Errors (state unchanged): delivery_finished, delivery_out_of_range,
  /// delivery_conflict (where.offset: first differing byte), limit_exceeded (too many
  /// disjoint ranges).
  result<void> receive(std::uint64_t offset, std::span<std::byte const> chunk);
  /// delivery_incomplete (where.offset: first missing byte) or the verifier's errors.
  result<void> finish();

  [[nodiscard]] std::uint64_t size() const noexcept { return buffer_.size(); }
  [[nodiscard]] std::uint64_t received_bytes() const noexcept { return received_; }
  [[nodiscard]] bool complete() const noexcept { return received_ == buffer_.size(); }
  [[nodiscard]] bool verified() const noexcept { return verified_; }
  [[nodiscard]] std::vector<byte_range> missing() const;
  /// The artifact's bytes; empty until verified.
  [[nodiscard]] std::span<std::byte const> bytes() const noexcept;

 private:
  artifact_receiver(artifact_verifier verifier, std::size_t size, std::size_t max_ranges);

  artifact_verifier verifier_;
  std::vector<std::byte> buffer_;
  std::map<std::uint64_t, std::uint64_t> ranges_;  // begin -> end, disjoint, not adjacent
  std::uint64_t received_ = 0;
  std::uint64_t hashed_ = 0;  // the digest covers [0, hashed_)
  std::size_t max_ranges_ = 0;
  bool finished_ = false;
  bool verified_ = false;
};

/// Adaptive delivery (a base model, then updates that name their base by `updateOf`)
/// tracked as versions of one model. A version is complete when each of its artifacts
/// is verified; an update artifact can be verified only once its base version is
/// complete, so a chain is applied in order.
class model_versions {
 public:
  explicit model_versions(limits const& bounds = {}) : max_versions_(bounds.max_versions) {}

  /// Registers d.version. Errors: invalid_argument (another modelId), model_duplicate
  /// (version known), delivery_base_missing (updateOf names no known version, path
  /// /artifacts/N/updateOf), limit_exceeded.
  result<void> add(descriptor const& d);
  /// Records that artifact `artifact_index` of `version` was received and verified.
  /// Errors: not_found, delivery_base_missing (the update's base is not complete).
  result<void> mark_verified(std::string_view version, std::size_t artifact_index);

  [[nodiscard]] bool complete(std::string_view version) const;
  /// The most recently added complete version.
  [[nodiscard]] std::optional<std::string> current() const;
  /// Versions from the first base to `version`, base first; empty if unknown.
  [[nodiscard]] std::vector<std::string> chain(std::string_view version) const;

 private:
  struct entry {
    std::string version;
    std::optional<std::string> base;  // the updateOf of its update artifacts
    std::vector<bool> verified;       // per artifact
    std::vector<bool> is_update;      // per artifact
  };
  [[nodiscard]] entry const* find(std::string_view version) const;

  std::string model_id_;
  std::vector<entry> entries_;  // in order of add()
  std::size_t max_versions_;
};

}  // namespace imsdp::aiml::model
