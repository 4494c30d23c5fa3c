#include <imsdp/detail/spare_block.hpp>
// The header under test first; then what the tests use.
#include <doctest/doctest.h>

#include <imsdp/sdp/parse.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using imsdp::detail::give_spare_block;
using imsdp::detail::take_spare_block;

namespace {

// Empties this thread's spare, so a test starts from none.
void drop_spare() {
  for (std::size_t bytes = 1; bytes <= 64 * 1024; bytes *= 2)
    if (void* p = take_spare_block(bytes)) ::operator delete(p);
}

}  // namespace

TEST_SUITE("detail.spare_block") {
  TEST_CASE("a freed block serves the next request of its size or up to half of it") {
    drop_spare();
    void* block = ::operator new(1000);
    give_spare_block(block, 1000);
    CHECK(take_spare_block(1001) == nullptr);  // too small
    CHECK(take_spare_block(499) == nullptr);   // more than twice the request
    CHECK(take_spare_block(500) == block);
    CHECK(take_spare_block(500) == nullptr);  // taken: there is one spare
    give_spare_block(block, 1000);
    CHECK(take_spare_block(1000) == block);
    ::operator delete(block);
  }

  TEST_CASE("the newest block is kept; a block above 64 KiB is not") {
    drop_spare();
    void* older = ::operator new(100);
    void* newer = ::operator new(100);
    give_spare_block(older, 100);  // freed when the newer one comes
    give_spare_block(newer, 100);
    CHECK(take_spare_block(100) == newer);
    ::operator delete(newer);
    give_spare_block(::operator new(64 * 1024 + 1), 64 * 1024 + 1);  // freed at once
    CHECK(take_spare_block(64 * 1024 + 1) == nullptr);
    give_spare_block(nullptr, 10);
    CHECK(take_spare_block(10) == nullptr);
  }

  TEST_CASE("the spare is the thread's own") {
    drop_spare();
    void* block = ::operator new(256);
    give_spare_block(block, 256);
    void* seen = &block;  // anything but nullptr
    std::thread([&] { seen = take_spare_block(256); }).join();
    CHECK(seen == nullptr);
    CHECK(take_spare_block(256) == block);
    ::operator delete(block);
  }

  TEST_CASE("a description destroyed after its thread's spare frees its block") {
    // thread_locals are destroyed in the reverse order of their making. `held` is made
    // before the thread first touches its spare, so it is destroyed after the spare: its
    // block must be freed, not kept by a spare that is gone (in the sanitizer build a
    // block kept there would be reported as a leak).
    std::thread([] {
      struct late {
        std::optional<imsdp::result<imsdp::sdp::session_description>> doc;
      };
      thread_local late held;
      held.doc = imsdp::sdp::parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n");
      REQUIRE(*held.doc);
    }).join();
  }

  TEST_CASE("a parse takes the line records of the description destroyed before it") {
    drop_spare();
    std::string const text = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n";
    void const* first = nullptr;
    {
      auto doc = imsdp::sdp::parse(text);
      REQUIRE(doc);
      first = &doc->session().fields().front();
    }
    auto again = imsdp::sdp::parse(text);
    REQUIRE(again);
    CHECK(&again->session().fields().front() == first);
    // A second description alive at once gets its own block.
    auto other = imsdp::sdp::parse(text);
    REQUIRE(other);
    CHECK(&other->session().fields().front() != first);
  }
}
