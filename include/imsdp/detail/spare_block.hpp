// The allocator of a description's line records: the last block freed on a thread is
// kept for that thread's next parse (docs/sdp-memory.md, "The spare block").
#pragma once

#include <cstddef>
#include <new>

namespace imsdp::detail {

/// The thread's spare block if it holds at least `bytes` and at most twice that; it is
/// the caller's then. nullptr otherwise.
[[nodiscard]] void* take_spare_block(std::size_t bytes) noexcept;
/// Keeps `block` (of at least `bytes`) as the thread's spare, freeing the one before;
/// frees it instead when it is larger than the most a thread keeps (64 KiB).
void give_spare_block(void* block, std::size_t bytes) noexcept;

template <class T>
struct spare_block_allocator {
  using value_type = T;

  spare_block_allocator() = default;
  template <class U>
  constexpr spare_block_allocator(spare_block_allocator<U> const&) noexcept {}

  [[nodiscard]] T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    if (void* spare = take_spare_block(n * sizeof(T))) return static_cast<T*>(spare);
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* block, std::size_t n) noexcept { give_spare_block(block, n * sizeof(T)); }

  friend constexpr bool operator==(spare_block_allocator, spare_block_allocator) noexcept {
    return true;
  }
};

}  // namespace imsdp::detail
