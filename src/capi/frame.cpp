// The C API of AIDF frames (imsdp.h; docs/aidf.md): encode, zero-copy decode, fragments and
// reassembly.
#include <algorithm>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/encoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <memory>
#include <vector>

#include "capi/common.hpp"

using namespace imsdp;
namespace aidf = imsdp::aiml::intermediate;
using namespace imsdp::capi;

struct imsdp_frame {
  aidf::frame_view view;
};

struct imsdp_reassembler {
  aidf::reassembler r;
};

namespace {

std::span<std::byte const> bytes_of(void const* p, std::size_t n) noexcept {
  return {static_cast<std::byte const*>(p), n};
}

/// The encoder's input from the C structs; `tensors` holds what `in.tensors` views.
result<aidf::frame_input> input_of(imsdp_frame_info const* info, imsdp_tensor const* tensors,
                                   std::size_t count, std::vector<aidf::tensor_input>& storage) {
  if (info == nullptr || (tensors == nullptr && count != 0))
    return make_error(errc::invalid_argument, "frame");
  if (count > aidf::max_tensor_count) return make_error(errc::limit_exceeded, "tensor_count");
  aidf::frame_input in;
  in.header.frame_seq = info->frame_seq;
  in.header.config_id = info->config_id;
  in.header.partition_id = info->partition_id;
  in.header.stream_ref = info->stream_ref;
  in.header.flags = info->flags;
  in.header.rtp_ts = info->rtp_ts;
  in.header.rtp_duration = info->rtp_duration;
  in.header.capture_ntp = info->capture_ntp;
  storage.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto const& t = tensors[i];
    if (t.data == nullptr && t.size != 0) return make_error(errc::invalid_argument, "data");
    auto& d = storage[i].descriptor;
    d.tensor_id = t.tensor_id;
    d.type = static_cast<aiml::dtype>(t.dtype);
    d.rank = t.rank;
    d.payload_codec = static_cast<aidf::codec>(t.codec);
    d.decoded_len = t.decoded_len;
    for (std::size_t k = 0; k < aidf::max_rank; ++k)
      d.dims[k] = t.dims[k];
    storage[i].data = bytes_of(t.data, t.size);
  }
  in.tensors = storage;
  return in;
}

}  // namespace

extern "C" {

int imsdp_frame_encoded_size(imsdp_frame_info const* info, imsdp_tensor const* tensors,
                             std::size_t count, std::size_t* size, imsdp_error* err) {
  return guarded(err, [&] {
    if (size == nullptr) return fail(err, errc::invalid_argument, "size");
    std::vector<aidf::tensor_input> storage;
    auto const in = input_of(info, tensors, count, storage);
    if (!in) return fail(err, in.error());
    auto const n = aidf::encoded_size(*in);
    if (!n) return fail(err, n.error());
    *size = *n;
    return IMSDP_OK;
  });
}

int imsdp_frame_encode(imsdp_frame_info const* info, imsdp_tensor const* tensors, std::size_t count,
                       void* out, std::size_t capacity, std::size_t* written, imsdp_error* err) {
  return guarded(err, [&] {
    if (written == nullptr || (out == nullptr && capacity != 0))
      return fail(err, errc::invalid_argument, "out");
    std::vector<aidf::tensor_input> storage;
    auto const in = input_of(info, tensors, count, storage);
    if (!in) return fail(err, in.error());
    auto const n =
        aidf::encode_frame(*in, std::span<std::byte>(static_cast<std::byte*>(out), capacity));
    if (!n) return fail(err, n.error());
    *written = *n;
    return IMSDP_OK;
  });
}

int imsdp_frame_decode(void const* bytes, std::size_t size, imsdp_frame** out, imsdp_error* err) {
  return guarded(err, [&] {
    if (out == nullptr || (bytes == nullptr && size != 0))
      return fail(err, errc::invalid_argument, "frame");
    auto v = aidf::decode_frame(bytes_of(bytes, size));
    if (!v) return fail(err, v.error());
    *out = new imsdp_frame{std::move(*v)};
    return IMSDP_OK;
  });
}

void imsdp_frame_free(imsdp_frame* frame) {
  delete frame;
}

void imsdp_frame_get_info(imsdp_frame const* frame, imsdp_frame_info* out) {
  if (frame == nullptr || out == nullptr) return;
  auto const& h = frame->view.header();
  *out = {h.frame_seq, h.config_id, h.partition_id, h.stream_ref,
          h.flags,     h.rtp_ts,    h.rtp_duration, h.capture_ntp};
}

std::size_t imsdp_frame_tensor_count(imsdp_frame const* frame) {
  return frame == nullptr ? 0 : frame->view.tensor_count();
}

int imsdp_frame_tensor(imsdp_frame const* frame, std::size_t index, imsdp_tensor* out) {
  if (frame == nullptr || out == nullptr || index >= frame->view.tensor_count())
    return IMSDP_E_INVALID_ARGUMENT;
  auto const t = frame->view.tensor(index);
  auto const& d = t.descriptor;
  *out = imsdp_tensor{};
  out->tensor_id = d.tensor_id;
  out->dtype = static_cast<std::uint8_t>(d.type);
  out->rank = d.rank;
  for (std::size_t k = 0; k < aidf::max_rank; ++k)
    out->dims[k] = d.dims[k];
  out->codec = static_cast<std::uint8_t>(d.payload_codec);
  out->decoded_len = d.decoded_len;
  out->data = t.stored.data();
  out->size = t.stored.size();
  return IMSDP_OK;
}

int imsdp_fragment_count(std::size_t frame_size, std::uint64_t max_message_size, int interleaving,
                         std::size_t* count, std::size_t* max_message, imsdp_error* err) {
  return guarded(err, [&] {
    if (count == nullptr) return fail(err, errc::invalid_argument, "count");
    auto const plan = aidf::plan_fragments(frame_size, {max_message_size, interleaving != 0});
    if (!plan) return fail(err, plan.error());
    *count = plan->count;
    if (max_message != nullptr) *max_message = plan->message_size(0);
    return IMSDP_OK;
  });
}

int imsdp_fragment_write(void const* frame, std::size_t frame_size, std::uint64_t max_message_size,
                         int interleaving, std::uint32_t frame_seq, std::size_t index, void* out,
                         std::size_t capacity, std::size_t* written, imsdp_error* err) {
  return guarded(err, [&] {
    if (frame == nullptr || written == nullptr || (out == nullptr && capacity != 0))
      return fail(err, errc::invalid_argument, "fragment");
    auto const plan = aidf::plan_fragments(frame_size, {max_message_size, interleaving != 0});
    if (!plan) return fail(err, plan.error());
    auto const n =
        aidf::write_fragment(*plan, index, frame_seq, bytes_of(frame, frame_size),
                             std::span<std::byte>(static_cast<std::byte*>(out), capacity));
    if (!n) return fail(err, n.error());
    *written = *n;
    return IMSDP_OK;
  });
}

int imsdp_reassembler_new(imsdp_reassembler** out) {
  return guarded(nullptr, [&] {
    if (out == nullptr) return IMSDP_E_INVALID_ARGUMENT;
    *out = new imsdp_reassembler{aidf::reassembler()};
    return IMSDP_OK;
  });
}

void imsdp_reassembler_free(imsdp_reassembler* r) {
  delete r;
}

int imsdp_reassembler_push(imsdp_reassembler* r, void const* message, std::size_t size,
                           std::uint64_t now_ms, int* status, void const** frame,
                           std::size_t* frame_size, imsdp_error* err) {
  return guarded(err, [&] {
    if (r == nullptr || status == nullptr || frame == nullptr || frame_size == nullptr ||
        (message == nullptr && size != 0))
      return fail(err, errc::invalid_argument, "push");
    // The caller's monotonic milliseconds on steady_clock's scale (only differences matter),
    // bounded so the conversion to nanoseconds cannot overflow (2^43 ms: 278 years).
    now_ms = std::min<std::uint64_t>(now_ms, std::uint64_t{1} << 43);
    auto const now = aidf::reassembler::clock::time_point(
        std::chrono::duration_cast<aidf::reassembler::clock::duration>(
            std::chrono::milliseconds(now_ms)));
    auto const e = r->r.push(bytes_of(message, size), now);
    if (!e) return fail(err, e.error());
    *status = static_cast<int>(e->status);
    *frame = e->frame.data();
    *frame_size = e->frame.size();
    return IMSDP_OK;
  });
}

}  // extern "C"
