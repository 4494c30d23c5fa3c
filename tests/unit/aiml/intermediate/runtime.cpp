// AIDF tensors for runtimes: a reassembler writing into a host's allocator, a completed frame
// taken out without a copy, its tensors exported as DLPack tensors that keep the frame alive,
// and the KServe v2 datatypes.
#include <doctest/doctest.h>

#include <imsdp/aiml/intermediate/dlpack.hpp>
#include <vector>

#include "unit/aiml/intermediate/frames.hpp"

namespace aidf = imsdp::aiml::intermediate;

namespace {

// A host allocator that counts what it hands out (pinned memory, say).
struct counting_pool {
  std::size_t live = 0;
  std::size_t allocations = 0;
  bool exhausted = false;
};

aidf::frame_allocator allocator_of(counting_pool& pool) {
  aidf::frame_allocator a;
  a.context = &pool;
  a.allocate = [](void* context, std::size_t bytes) -> void* {
    auto& p = *static_cast<counting_pool*>(context);
    if (p.exhausted) return nullptr;
    ++p.allocations;
    p.live += bytes;
    return ::operator new[](bytes, std::align_val_t{64});
  };
  a.deallocate = [](void* context, void* block, std::size_t bytes) {
    static_cast<counting_pool*>(context)->live -= bytes;
    ::operator delete[](block, std::align_val_t{64});
  };
  a.device = {3, 0};  // kDLCUDAHost
  return a;
}

}  // namespace

TEST_SUITE("aiml/intermediate/runtime") {
  TEST_CASE("a frame reassembled into the host's memory becomes DLPack tensors") {
    std::vector<float> values(300);
    for (std::size_t i = 0; i < values.size(); ++i)
      values[i] = static_cast<float>(i) / 4;
    auto e = imsdp::test::worked_example_input(std::as_bytes(std::span(values)),
                                               aidf::dtype::float32, {3, 100});
    auto const frame = imsdp::test::encode(e.input());
    auto const plan = *aidf::plan_fragments(frame.size(), {316, true});
    REQUIRE(plan.count > 2);
    counting_pool pool;
    aidf::reassembler r({}, allocator_of(pool));
    aidf::reassembly_event last;
    for (std::size_t i = 0; i < plan.count; ++i) {
      std::vector<std::byte> m(plan.message_size(i));
      REQUIRE(aidf::write_fragment(plan, i, 1, frame, m));
      last = *r.push(m, {});
    }
    REQUIRE(last.status == aidf::fragment_status::complete);
    CHECK(pool.allocations == 1);
    auto buffer = std::make_shared<aidf::frame_buffer>(r.take_frame());
    REQUIRE(buffer->data() == last.frame.data());
    CHECK(r.buffer_bytes() == 0);  // the frame is the caller's now
    CHECK(r.take_frame().data() == nullptr);
    auto const view = aidf::decode_frame(last.frame);
    REQUIRE(view);
    auto const t = view->tensor(0);
    auto exported = aidf::to_dlpack(*view, 0, t.stored, buffer, buffer->device());
    REQUIRE(exported);
    DLManagedTensor* dl = *exported;
    CHECK(dl->dl_tensor.data == t.stored.data());
    CHECK(dl->dl_tensor.device.device_type == kDLCUDAHost);
    CHECK(dl->dl_tensor.ndim == 2);
    CHECK(dl->dl_tensor.shape[0] == 3);
    CHECK(dl->dl_tensor.shape[1] == 100);
    CHECK(dl->dl_tensor.strides == nullptr);
    CHECK(dl->dl_tensor.dtype.code == kDLFloat);
    CHECK(dl->dl_tensor.dtype.bits == 32);
    CHECK(dl->dl_tensor.dtype.lanes == 1);
    CHECK(static_cast<float const*>(dl->dl_tensor.data)[299] == 74.75f);
    // The tensor keeps the frame alive after every other owner is gone.
    auto const bytes = pool.live;
    CHECK(bytes >= frame.size());
    buffer.reset();
    CHECK(pool.live == bytes);
    dl->deleter(dl);
    CHECK(pool.live == 0);
  }

  TEST_CASE("export refusals, and a host allocator that runs out") {
    std::vector<std::byte> const payload(16);
    auto e = imsdp::test::worked_example_input(payload, aidf::dtype::uint8, {16});
    auto const frame = imsdp::test::encode(e.input());
    auto const view = aidf::decode_frame(frame);
    REQUIRE(view);
    auto const t = view->tensor(0);
    CHECK(aidf::to_dlpack(*view, 0, t.stored.first(3), nullptr).error().code ==
          imsdp::errc::invalid_argument);
    CHECK(aidf::to_dlpack(*view, 7, t.stored, nullptr).error().code ==
          imsdp::errc::invalid_argument);
    auto ok = aidf::to_dlpack(*view, 0, t.stored, nullptr);
    REQUIRE(ok);
    CHECK((*ok)->dl_tensor.device.device_type == kDLCPU);
    CHECK((*ok)->dl_tensor.dtype.code == kDLUInt);
    (*ok)->deleter(*ok);

    counting_pool pool;
    pool.exhausted = true;
    aidf::reassembler r({}, allocator_of(pool));
    auto const big = imsdp::test::encode(
        imsdp::test::worked_example_input(std::vector<std::byte>(1000), aidf::dtype::uint8, {1000})
            .input());
    auto const plan = *aidf::plan_fragments(big.size(), {216, true});
    std::vector<std::byte> m(plan.message_size(0));
    REQUIRE(aidf::write_fragment(plan, 0, 1, big, m));
    CHECK(r.push(m, {}).error().code == imsdp::errc::out_of_memory);
    CHECK(r.buffer_bytes() == 0);
  }

  TEST_CASE("KServe v2 datatypes") {
    CHECK(aidf::kserve_datatype(aidf::dtype::float16) == "FP16");
    CHECK(aidf::kserve_datatype(aidf::dtype::bfloat16) == "BF16");
    CHECK(aidf::kserve_datatype(aidf::dtype::boolean) == "BOOL");
    CHECK(aidf::kserve_datatype(aidf::dtype::int64) == "INT64");
    CHECK_FALSE(aidf::kserve_datatype(aidf::dtype::int4));
    CHECK_FALSE(aidf::kserve_datatype(aidf::dtype::float8e4m3fn));
  }
}
