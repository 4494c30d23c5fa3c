// The zstd codec of AIDF (research/model-and-tensor.md 7.3 codec 1, RFC 8878), on top of
// any profile (raw, fp16, int8). Decompression writes into a buffer of exactly the declared
// decoded_len: a stream that wants more room or yields less fails (the bomb guard of
// research 3.8 item 10), and nothing is allocated from a size the stream declares.
#pragma once

#include <cstddef>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/format.hpp>
#include <imsdp/result.hpp>
#include <span>

namespace imsdp::aiml::intermediate {

/// The largest compressed size of n bytes (ZSTD_compressBound).
[[nodiscard]] std::size_t zstd_bound(std::size_t n) noexcept;

/// Compresses `in` into `out` (zstd_bound(in.size()) bytes are always enough) at `level`
/// (1..19; 3 is zstd's default); returns the compressed size.
result<std::size_t> zstd_compress(std::span<std::byte const> in, std::span<std::byte> out,
                                  int level = 3);

/// Decompresses `in` into exactly out.size() bytes: fails with decompression_failed when the
/// stream is malformed, declares another content size, needs more room or yields less.
result<void> zstd_decompress(std::span<std::byte const> in, std::span<std::byte> out);

/// The decoded bytes of tensor `t` (raw: a copy; zstd: decompressed) into `out`, which must
/// be exactly t.descriptor.decoded_len bytes (at most limits.max_decoded, checked again).
inline result<void> decode_payload(tensor_view const& t, std::span<std::byte> out,
                                   frame_limits const& limits = {}) {
  auto const& d = t.descriptor;
  if (d.decoded_len > limits.max_decoded) return wire::fail(errc::limit_exceeded, 0, "decoded_len");
  if (out.size() != d.decoded_len) return wire::fail(errc::invalid_argument, 0, "decoded_len");
  switch (d.payload_codec) {
    case codec::raw:
      wire::copy(out.data(), t.stored);
      return {};
    case codec::zstd:
      return zstd_decompress(t.stored, out);
    default:
      return wire::fail(errc::unsupported, 0, "codec");
  }
}

}  // namespace imsdp::aiml::intermediate
