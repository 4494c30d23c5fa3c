// AIDF v1 (DESIGN.md section 10): decode + validate of a 2 KB and a 200 KB frame (the same
// cost without CRC: no per-byte work), CRC-32C (SSE4.2 when present, and the portable
// table), the element loops (int8 quantization, fp16, fp8, int4 blocks) per instruction set
// against memcpy of the same input, and fragment + reassemble against memcpy of the same
// bytes, all in one run.
#include <benchmark/benchmark.h>

#include <cstring>
#include <imsdp/aiml/intermediate/crc32c.hpp>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <imsdp/aiml/intermediate/quantize.hpp>
#include <random>
#include <vector>

namespace {

namespace aidf = imsdp::aiml::intermediate;

constexpr std::size_t small_payload = 2048 - 192;  // a 2 KB frame
constexpr std::size_t large_payload = 200704;      // ResNet-50 layer3 in int8 (research 7.7)

std::vector<std::byte> make_frame(std::size_t payload_size, bool crc) {
  std::vector<std::byte> payload(payload_size);
  std::mt19937 rng(1);
  for (auto& b : payload)
    b = static_cast<std::byte>(rng());
  std::string_view const mid = "v0";
  aidf::tlv_input const tlv{aidf::tlv_type::media_mid,
                            std::as_bytes(std::span(mid.data(), mid.size()))};
  aidf::tensor_input tensor;
  tensor.descriptor.type = aidf::dtype::int8;
  tensor.descriptor.rank = 2;
  tensor.descriptor.dims = {1, static_cast<std::uint32_t>(payload_size)};
  tensor.descriptor.quant = aidf::quantization::per_tensor;
  tensor.descriptor.scale = 0.0235f;
  tensor.descriptor.zero_point = -128;
  tensor.data = payload;
  aidf::frame_input in;
  in.header.flags = aidf::flags::independent | (crc ? aidf::flags::crc32c : 0);
  in.tlvs = std::span(&tlv, 1);
  in.tensors = std::span(&tensor, 1);
  std::vector<std::byte> out(*aidf::encoded_size(in));
  (void)aidf::encode_frame(in, out);
  return out;
}

void decode(benchmark::State& state, std::size_t payload, bool crc) {
  auto const frame = make_frame(payload, crc);
  for (auto _ : state) {
    auto f = aidf::decode_frame(frame);
    benchmark::DoNotOptimize(f);
    if (!f) state.SkipWithError("decode failed");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}

void crc(benchmark::State& state, bool portable) {
  auto const data = make_frame(large_payload, false);
  for (auto _ : state) {
    auto c = portable ? aidf::crc32c_portable(data) : aidf::crc32c(data);
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.SetLabel(portable ? "portable" : (aidf::crc32c_hardware() ? "sse4.2" : "portable"));
}

// Post-ReLU features: state.range(1) of them (200 704, ResNet-50 layer3; or 4 Mi, 16 MiB).
std::vector<float> activations(benchmark::State const& state) {
  std::vector<float> v(static_cast<std::size_t>(state.range(1)));
  std::mt19937 rng(2);
  std::normal_distribution<float> d(0.5f, 1.0f);
  for (auto& x : v)
    x = std::max(0.0f, d(rng));
  return v;
}

// The element loops of state.range(0) (aidf::kernel_isa); false (and the row skipped) when
// this CPU lacks them. The loops in use are restored by the next row's call.
bool use_isa(benchmark::State& state) {
  auto const isa = static_cast<aidf::kernel_isa>(state.range(0));
  constexpr char const* names[] = {"portable", "avx2", "avx512"};
  state.SetLabel(names[state.range(0)]);
  if (aidf::use_kernel_isa(isa) == isa) return true;
  state.SkipWithError("this CPU lacks these instructions");
  return false;
}

// Bytes processed are fp32 input bytes (or fp32 output bytes for the way back).
void set_fp32_bytes(benchmark::State& state, std::size_t elements) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * elements * sizeof(float)));
}

void quantize_int8(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::byte> q(v.size());
  auto const p = *aidf::choose_affine(v, aidf::dtype::int8);
  for (auto _ : state) {
    (void)aidf::quantize(v, p, aidf::dtype::int8, q);
    benchmark::DoNotOptimize(q.data());
  }
  set_fp32_bytes(state, v.size());
}

void choose_affine_int8(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  for (auto _ : state)
    benchmark::DoNotOptimize(aidf::choose_affine(v, aidf::dtype::int8));
  set_fp32_bytes(state, v.size());
}

void quantize_int8_per_axis(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::uint32_t const dims[] = {1, 1024, static_cast<std::uint32_t>(v.size() / 1024), 1};
  auto const shape = *aidf::axis_shape_of(dims, 1);
  std::vector<float> scales(shape.channels);
  std::vector<std::int32_t> zps(shape.channels);
  (void)aidf::choose_affine_per_axis(v, shape, aidf::dtype::int8, scales, zps);
  std::vector<std::byte> q(v.size());
  for (auto _ : state) {
    (void)aidf::quantize_per_axis(v, shape, scales, zps, aidf::dtype::int8, q);
    benchmark::DoNotOptimize(q.data());
  }
  set_fp32_bytes(state, v.size());
}

void dequantize_int8(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::byte> q(v.size());
  auto const p = *aidf::choose_affine(v, aidf::dtype::int8);
  (void)aidf::quantize(v, p, aidf::dtype::int8, q);
  std::vector<float> back(v.size());
  for (auto _ : state) {
    (void)aidf::dequantize(q, aidf::dtype::int8, p, back);
    benchmark::DoNotOptimize(back.data());
  }
  set_fp32_bytes(state, v.size());
}

void fp32_to_fp16(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::uint16_t> h(v.size());
  for (auto _ : state) {
    (void)aidf::fp32_to_fp16(v, h);
    benchmark::DoNotOptimize(h.data());
  }
  set_fp32_bytes(state, v.size());
}

void fp16_to_fp32(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::uint16_t> h(v.size());
  (void)aidf::fp32_to_fp16(v, h);
  std::vector<float> back(v.size());
  for (auto _ : state) {
    (void)aidf::fp16_to_fp32(h, back);
    benchmark::DoNotOptimize(back.data());
  }
  set_fp32_bytes(state, v.size());
}

void fp32_to_fp8_e4m3(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::uint8_t> q(v.size());
  for (auto _ : state) {
    (void)aidf::fp32_to_fp8(v, aidf::dtype::float8e4m3fn, q);
    benchmark::DoNotOptimize(q.data());
  }
  set_fp32_bytes(state, v.size());
}

void fp8_e4m3_to_fp32(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<std::uint8_t> q(v.size());
  (void)aidf::fp32_to_fp8(v, aidf::dtype::float8e4m3fn, q);
  std::vector<float> back(v.size());
  for (auto _ : state) {
    (void)aidf::fp8_to_fp32(q, aidf::dtype::float8e4m3fn, back);
    benchmark::DoNotOptimize(back.data());
  }
  set_fp32_bytes(state, v.size());
}

// int4 in blocks of 32 (GGUF Q4_0's block): the scale search, and quantize + pack.
void choose_int4_block_scales(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<float> scales(aidf::block_count(v.size(), 32));
  for (auto _ : state) {
    (void)aidf::choose_block_scales(v, 32, aidf::dtype::int4, scales);
    benchmark::DoNotOptimize(scales.data());
  }
  set_fp32_bytes(state, v.size());
}

void quantize_int4_blocks(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<float> scales(aidf::block_count(v.size(), 32));
  (void)aidf::choose_block_scales(v, 32, aidf::dtype::int4, scales);
  std::vector<std::byte> q((v.size() + 1) / 2);
  for (auto _ : state) {
    (void)aidf::quantize_blocks(v, 32, scales, aidf::dtype::int4, q);
    benchmark::DoNotOptimize(q.data());
  }
  set_fp32_bytes(state, v.size());
}

void dequantize_int4_blocks(benchmark::State& state) {
  if (!use_isa(state)) return;
  auto const v = activations(state);
  std::vector<float> scales(aidf::block_count(v.size(), 32));
  std::vector<std::byte> q((v.size() + 1) / 2);
  (void)aidf::choose_block_scales(v, 32, aidf::dtype::int4, scales);
  (void)aidf::quantize_blocks(v, 32, scales, aidf::dtype::int4, q);
  std::vector<float> back(v.size());
  for (auto _ : state) {
    (void)aidf::dequantize_blocks(q, 32, scales, aidf::dtype::int4, back);
    benchmark::DoNotOptimize(back.data());
  }
  set_fp32_bytes(state, v.size());
}

// The yardstick of the loops above (issue 25: each within 1.5x of it): memcpy of the same
// fp32 input bytes.
void memcpy_fp32(benchmark::State& state) {
  std::vector<float> const v(static_cast<std::size_t>(state.range(0)), 1.0f);
  std::vector<float> copy(v.size());
  for (auto _ : state) {
    std::memcpy(copy.data(), v.data(), v.size() * sizeof(float));
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  set_fp32_bytes(state, v.size());
}

// The sender cuts the frame into data-channel messages, the receiver puts it together:
// in place (send_fragments: the only copy is the reassembler's), or with write_fragment
// copying each chunk into a message buffer first (two copies).
void fragment_reassemble(benchmark::State& state, aidf::transport_limits peer, bool in_place) {
  auto const frame = make_frame(large_payload, false);
  auto const plan = *aidf::plan_fragments(frame.size(), peer);
  std::vector<std::byte> buffer(aidf::fragment_header_size);
  buffer.insert(buffer.end(), frame.begin(), frame.end());
  std::vector<std::vector<std::byte>> messages(plan.count);
  for (std::size_t i = 0; i < plan.count; ++i)
    messages[i].resize(plan.message_size(i));
  aidf::reassembler r;
  std::uint32_t seq = 0;
  std::size_t completed = 0;
  auto receive = [&](std::span<std::byte const> m) {
    auto const e = r.push(m, {});
    completed += e && e->status == aidf::fragment_status::complete ? 1 : 0;
  };
  for (auto _ : state) {
    ++seq;
    if (in_place) {
      (void)aidf::send_fragments(plan, seq, buffer, receive);
      continue;
    }
    for (std::size_t i = 0; i < plan.count; ++i)
      (void)aidf::write_fragment(plan, i, seq, frame, messages[i]);
    for (auto const& m : messages)
      receive(m);
  }
  if (completed != state.iterations()) state.SkipWithError("a frame did not complete");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
  state.counters["fragments"] = plan.count;
}

// Frame loss against message loss (issue 25 item 3): a 1 MiB frame in 16 KiB messages (65
// data fragments) over a channel that loses each message with probability
// state.range(0) / 1000, with a parity fragment per state.range(1) data fragments (0: none).
// Each iteration sends one frame; the counters give the frames lost and the parity overhead.
void frame_loss(benchmark::State& state) {
  auto const frame = make_frame(1u << 20, false);
  auto const plan = *aidf::plan_fragments(frame.size(), {16384, false});
  auto const group = static_cast<std::size_t>(state.range(1));
  std::vector<std::vector<std::byte>> messages;
  for (std::size_t i = 0; i < plan.count; ++i) {
    messages.emplace_back(plan.message_size(i));
    (void)aidf::write_fragment(plan, i, 0, frame, messages.back());
  }
  for (std::size_t j = 0; group != 0 && j < aidf::parity_groups(plan.count, group); ++j) {
    messages.emplace_back(plan.message_size(j * group));
    (void)aidf::write_parity_fragment(plan, group, j, 0, frame, messages.back());
  }
  std::uint64_t const threshold = static_cast<std::uint64_t>(state.range(0)) * (1ull << 32) / 1000;
  std::uint64_t x = 0x9E3779B97F4A7C15ull;  // xorshift64: the same losses in every run
  aidf::reassembler r;
  std::uint32_t seq = 0;
  std::size_t sent = 0, completed = 0;
  for (auto _ : state) {
    ++seq;
    for (auto& m : messages) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      if ((x >> 32) < threshold) continue;
      std::memcpy(m.data() + 8, &seq, 4);  // frame_seq, little-endian hosts
      auto const e = r.push(m, {});
      completed += e && e->status == aidf::fragment_status::complete ? 1 : 0;
    }
    ++sent;
    r.expire(aidf::reassembler::clock::time_point{} + std::chrono::hours(1));
  }
  state.counters["frames_lost_%"] =
      100.0 * static_cast<double>(sent - completed) / static_cast<double>(sent);
  state.counters["overhead_%"] =
      100.0 * static_cast<double>(messages.size() - plan.count) / plan.count;
  state.counters["rebuilt/frame"] =
      static_cast<double>(r.stats().recovered) / static_cast<double>(sent);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}

void memcpy_frame(benchmark::State& state) {
  auto const frame = make_frame(large_payload, false);
  std::vector<std::byte> copy(frame.size());
  for (auto _ : state) {
    std::memcpy(copy.data(), frame.data(), frame.size());
    benchmark::DoNotOptimize(copy.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
}

}  // namespace

BENCHMARK_CAPTURE(decode, 2KB, small_payload, false);
BENCHMARK_CAPTURE(decode, 200KB, large_payload, false);
BENCHMARK_CAPTURE(decode, 2KB_crc, small_payload, true);
BENCHMARK_CAPTURE(decode, 200KB_crc, large_payload, true);
BENCHMARK_CAPTURE(crc, 200KB, false);
BENCHMARK_CAPTURE(crc, 200KB_portable, true);
// Each loop with each instruction set, on 784 KiB (in cache) and 16 MiB (beyond it).
void loop_rows(benchmark::internal::Benchmark* b) {
  b->ArgsProduct({{0, 1, 2}, {200704, 4 << 20}})->ArgNames({"isa", "n"});
}
BENCHMARK(quantize_int8)->Apply(loop_rows);
BENCHMARK(choose_affine_int8)->Apply(loop_rows);
BENCHMARK(quantize_int8_per_axis)->Apply(loop_rows);
BENCHMARK(dequantize_int8)->Apply(loop_rows);
BENCHMARK(fp32_to_fp16)->Apply(loop_rows);
BENCHMARK(fp16_to_fp32)->Apply(loop_rows);
BENCHMARK(fp32_to_fp8_e4m3)->Apply(loop_rows);
BENCHMARK(fp8_e4m3_to_fp32)->Apply(loop_rows);
BENCHMARK(choose_int4_block_scales)->Apply(loop_rows);
BENCHMARK(quantize_int4_blocks)->Apply(loop_rows);
BENCHMARK(dequantize_int4_blocks)->Apply(loop_rows);
BENCHMARK(memcpy_fp32)->Arg(200704)->Arg(4 << 20)->ArgName("n");
BENCHMARK_CAPTURE(fragment_reassemble, 200KB_16KiB_in_place, aidf::transport_limits{65536, false},
                  true);
BENCHMARK_CAPTURE(fragment_reassemble, 200KB_64KiB_in_place, aidf::transport_limits{65536, true},
                  true);
BENCHMARK_CAPTURE(fragment_reassemble, 200KB_16KiB_copied, aidf::transport_limits{65536, false},
                  false);
BENCHMARK(memcpy_frame);
BENCHMARK(frame_loss)
    ->ArgsProduct({{0, 10, 50}, {0, 16, 8, 4}})
    ->ArgNames({"loss_per_mille", "parity_group"})
    ->Iterations(2000);

BENCHMARK_MAIN();
