// Counts the program's allocations by replacing the global operator new. Include it in
// exactly one file of a benchmark program; allocations_so_far() is the running count.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace imsdp::bench {
inline std::atomic<std::size_t> allocation_count{0};

inline std::size_t allocations_so_far() noexcept {
  return allocation_count.load(std::memory_order_relaxed);
}
}  // namespace imsdp::bench

void* operator new(std::size_t n) {
  imsdp::bench::allocation_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
