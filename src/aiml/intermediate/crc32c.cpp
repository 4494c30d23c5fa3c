// CRC-32C: portable slicing-by-8 and the SSE4.2 CRC32 instruction with run-time dispatch.
//
// The instruction has a latency of three cycles and a throughput of one, so the hardware
// path runs three independent streams over a block and joins them by multiplying the first
// two by x^(8n) modulo the polynomial (CRC linearity: crc(a.b) = crc(a)*x^(8|b|) + crc(b)).
#include <array>
#include <imsdp/aiml/intermediate/crc32c.hpp>
#include <imsdp/aiml/intermediate/wire.hpp>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define IMSDP_CRC32C_SSE42 1
#endif

namespace imsdp::aiml::intermediate {
namespace {

constexpr std::uint32_t polynomial = 0x82F63B78u;  // reflected Castagnoli

using table_set = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr table_set make_tables() {
  table_set t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) != 0 ? (c >> 1) ^ polynomial : c >> 1;
    t[0][i] = c;
  }
  for (std::size_t s = 1; s < 8; ++s)
    for (std::size_t i = 0; i < 256; ++i)
      t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
  return t;
}
constexpr table_set tables = make_tables();

// Raw register update (no pre/post inversion), eight bytes per step.
std::uint32_t update_portable(std::uint32_t c, std::byte const* p, std::size_t n) noexcept {
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t const v = wire::load<std::uint64_t>(p) ^ c;
    c = tables[7][v & 0xFF] ^ tables[6][(v >> 8) & 0xFF] ^ tables[5][(v >> 16) & 0xFF] ^
        tables[4][(v >> 24) & 0xFF] ^ tables[3][(v >> 32) & 0xFF] ^ tables[2][(v >> 40) & 0xFF] ^
        tables[1][(v >> 48) & 0xFF] ^ tables[0][v >> 56];
  }
  for (; n != 0; --n, ++p)
    c = (c >> 8) ^ tables[0][(c ^ std::to_integer<std::uint32_t>(*p)) & 0xFF];
  return c;
}

#ifdef IMSDP_CRC32C_SSE42

// a * b modulo the polynomial, both in reflected order (bit 31 is x^0).
constexpr std::uint32_t multiply(std::uint32_t a, std::uint32_t b) noexcept {
  std::uint32_t product = 0;
  for (int i = 0; i < 32; ++i) {
    if ((a & (0x80000000u >> i)) != 0) product ^= b;
    b = (b & 1) != 0 ? (b >> 1) ^ polynomial : b >> 1;
  }
  return product;
}

// x^(8n) modulo the polynomial.
constexpr std::uint32_t shift_constant(std::size_t bytes) noexcept {
  std::uint32_t result = 0x80000000u;  // x^0
  std::uint32_t x8 = 0x00800000u;      // x^8
  for (std::size_t n = bytes; n != 0; n >>= 1) {
    if ((n & 1) != 0) result = multiply(result, x8);
    x8 = multiply(x8, x8);
  }
  return result;
}

constexpr std::size_t stream_bytes = 8192;  // per stream and block: the join costs ~1 %
constexpr std::uint32_t shift_one = shift_constant(stream_bytes);
constexpr std::uint32_t shift_two = shift_constant(2 * stream_bytes);

__attribute__((target("sse4.2"))) std::uint32_t update_sse42(std::uint32_t c, std::byte const* p,
                                                             std::size_t n) noexcept {
  std::uint64_t c0 = c;
  for (; n >= 3 * stream_bytes; n -= 3 * stream_bytes, p += 3 * stream_bytes) {
    std::uint64_t c1 = 0;
    std::uint64_t c2 = 0;
    for (std::size_t i = 0; i < stream_bytes; i += 8) {
      c0 = _mm_crc32_u64(c0, wire::load<std::uint64_t>(p + i));
      c1 = _mm_crc32_u64(c1, wire::load<std::uint64_t>(p + stream_bytes + i));
      c2 = _mm_crc32_u64(c2, wire::load<std::uint64_t>(p + 2 * stream_bytes + i));
    }
    c0 = multiply(static_cast<std::uint32_t>(c0), shift_two) ^
         multiply(static_cast<std::uint32_t>(c1), shift_one) ^ static_cast<std::uint32_t>(c2);
  }
  for (; n >= 8; n -= 8, p += 8)
    c0 = _mm_crc32_u64(c0, wire::load<std::uint64_t>(p));
  auto c32 = static_cast<std::uint32_t>(c0);
  for (; n != 0; --n, ++p)
    c32 = _mm_crc32_u8(c32, std::to_integer<std::uint8_t>(*p));
  return c32;
}

bool detect_sse42() noexcept {
  __builtin_cpu_init();  // needed before static constructors have run
  return __builtin_cpu_supports("sse4.2") != 0;
}
bool const has_sse42 = detect_sse42();

#endif

}  // namespace

std::uint32_t crc32c_portable(std::span<std::byte const> data, std::uint32_t crc) noexcept {
  return ~update_portable(~crc, data.data(), data.size());
}

std::uint32_t crc32c(std::span<std::byte const> data, std::uint32_t crc) noexcept {
#ifdef IMSDP_CRC32C_SSE42
  if (has_sse42) return ~update_sse42(~crc, data.data(), data.size());
#endif
  return crc32c_portable(data, crc);
}

bool crc32c_hardware() noexcept {
#ifdef IMSDP_CRC32C_SSE42
  return has_sse42;
#else
  return false;
#endif
}

}  // namespace imsdp::aiml::intermediate
