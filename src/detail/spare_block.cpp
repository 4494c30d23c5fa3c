#include <imsdp/detail/spare_block.hpp>
#include <utility>

namespace imsdp::detail {
namespace {

// A description of about 180 lines; a thread keeps at most this much.
constexpr std::size_t max_spare_bytes = 64 * 1024;

struct spare_block {
  void* data = nullptr;
  std::size_t bytes = 0;
  ~spare_block() { ::operator delete(data); }
};

thread_local spare_block spare;

}  // namespace

void* take_spare_block(std::size_t bytes) noexcept {
  auto& s = spare;
  if (s.data == nullptr || s.bytes < bytes || s.bytes / 2 > bytes) return nullptr;
  return std::exchange(s.data, nullptr);
}

void give_spare_block(void* block, std::size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes > max_spare_bytes) {
    ::operator delete(block);
    return;
  }
  auto& s = spare;
  ::operator delete(s.data);
  s.data = block;
  s.bytes = bytes;
}

}  // namespace imsdp::detail
