// zstd through Debian's libzstd, one compression and one decompression context per thread.
#include <zstd.h>

#include <imsdp/aiml/intermediate/compression.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>
#include <memory>

namespace imsdp::aiml::intermediate {
namespace {

struct cctx_free {
  void operator()(ZSTD_CCtx* c) const noexcept { ZSTD_freeCCtx(c); }
};
struct dctx_free {
  void operator()(ZSTD_DCtx* d) const noexcept { ZSTD_freeDCtx(d); }
};

ZSTD_CCtx* compression_context() {
  thread_local std::unique_ptr<ZSTD_CCtx, cctx_free> const context(ZSTD_createCCtx());
  return context.get();
}
ZSTD_DCtx* decompression_context() {
  thread_local std::unique_ptr<ZSTD_DCtx, dctx_free> const context(ZSTD_createDCtx());
  return context.get();
}

}  // namespace

std::size_t zstd_bound(std::size_t n) noexcept {
  return ZSTD_compressBound(n);
}

result<std::size_t> zstd_compress(std::span<std::byte const> in, std::span<std::byte> out,
                                  int level) {
  auto* c = compression_context();
  if (c == nullptr) return wire::fail(errc::limit_exceeded, 0, "zstd context");
  std::size_t const n = ZSTD_compressCCtx(c, out.data(), out.size(), in.data(), in.size(), level);
  if (ZSTD_isError(n)) return wire::fail(errc::buffer_too_small, out.size(), "zstd");
  return n;
}

result<void> zstd_decompress(std::span<std::byte const> in, std::span<std::byte> out) {
  // A declared content size must be the descriptor's decoded_len (checked before any work).
  auto const declared = ZSTD_getFrameContentSize(in.data(), in.size());
  if (declared == ZSTD_CONTENTSIZE_ERROR)
    return wire::fail(errc::decompression_failed, 0, "zstd frame");
  if (declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != out.size())
    return wire::fail(errc::decompression_failed, 0, "zstd content size");
  auto* d = decompression_context();
  if (d == nullptr) return wire::fail(errc::limit_exceeded, 0, "zstd context");
  // Single-pass decompression into the caller's buffer: no window is allocated, and a
  // stream producing more than out.size() bytes stops with dstSize_tooSmall.
  std::size_t const n = ZSTD_decompressDCtx(d, out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(n)) return wire::fail(errc::decompression_failed, 0, ZSTD_getErrorName(n));
  if (n != out.size()) return wire::fail(errc::decompression_failed, 0, "zstd short output");
  return {};
}

}  // namespace imsdp::aiml::intermediate
