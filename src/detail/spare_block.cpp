#include <imsdp/detail/spare_block.hpp>
#include <utility>

// Under AddressSanitizer the spare is poisoned while it waits, so a view that outlives its
// description is still reported (as a use after poison).
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define IMSDP_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define IMSDP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/asan_interface.h>
#define IMSDP_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define IMSDP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#endif
#endif
#ifndef IMSDP_POISON
#define IMSDP_POISON(p, n) ((void)(p), (void)(n))
#define IMSDP_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace imsdp::detail {
namespace {

// A description of about 180 lines; a thread keeps at most this much.
constexpr std::size_t max_spare_bytes = 64 * 1024;

// Set when the spare below is destroyed with its thread: a description destroyed after
// that (in a later thread_local, or a static at exit) frees its block as before. A plain
// bool, so it can still be read then (the spare's own members cannot).
thread_local bool spare_closed = false;

struct spare_block {
  void* data = nullptr;
  std::size_t bytes = 0;
  ~spare_block() {
    IMSDP_UNPOISON(data, bytes);
    ::operator delete(data);
    spare_closed = true;
  }
};

thread_local spare_block spare;

}  // namespace

void* take_spare_block(std::size_t bytes) noexcept {
  if (spare_closed) return nullptr;
  auto& s = spare;
  if (s.data == nullptr || s.bytes < bytes || s.bytes / 2 > bytes) return nullptr;
  IMSDP_UNPOISON(s.data, s.bytes);
  return std::exchange(s.data, nullptr);
}

void give_spare_block(void* block, std::size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes > max_spare_bytes || spare_closed) {
    ::operator delete(block);
    return;
  }
  auto& s = spare;
  IMSDP_UNPOISON(s.data, s.bytes);
  ::operator delete(s.data);
  IMSDP_POISON(block, bytes);
  s.data = block;
  s.bytes = bytes;
}

}  // namespace imsdp::detail
