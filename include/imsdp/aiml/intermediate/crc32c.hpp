// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, RFC 3720 appendix B.4), the
// optional frame check of AIDF (research/model-and-tensor.md 7.2, 7.5 rule 2). The SSE4.2
// CRC32 instruction is used when the CPU has it (checked once at run time), a portable
// slicing-by-8 table otherwise.
#pragma once

#include <cstddef>
#include <cstdint>
#include <imsdp/aiml/intermediate/format.hpp>
#include <span>

namespace imsdp::aiml::intermediate {

/// CRC-32C of `data`, continuing from `crc` (the CRC of the bytes before it; 0 to start):
/// crc32c(b, crc32c(a)) == crc32c(a followed by b). crc32c("123456789") == 0xE3069283.
[[nodiscard]] std::uint32_t crc32c(std::span<std::byte const> data, std::uint32_t crc = 0) noexcept;

/// The same, always with the portable table code (for tests and benchmarks).
[[nodiscard]] std::uint32_t crc32c_portable(std::span<std::byte const> data,
                                            std::uint32_t crc = 0) noexcept;

/// True when crc32c() uses the CPU's CRC32 instruction.
[[nodiscard]] bool crc32c_hardware() noexcept;

/// The frame check (7.2): CRC-32C over the whole frame with its crc32c field read as zero.
/// `frame` must hold at least the 64-byte header.
[[nodiscard]] inline std::uint32_t frame_crc32c(std::span<std::byte const> frame) noexcept {
  constexpr std::size_t field = 56;
  constexpr std::byte zeros[4]{};
  std::uint32_t crc = crc32c(frame.first(field));
  crc = crc32c(zeros, crc);
  return crc32c(frame.subspan(field + sizeof zeros), crc);
}

}  // namespace imsdp::aiml::intermediate
