// AIDF tensors for ML runtimes (issue 25 item 5; docs/aidf.md "Runtimes"): a tensor of a
// validated frame as a DLPack DLManagedTensor (DLPack 0.6, Debian libdlpack-dev), without a
// copy. PyTorch (torch.from_dlpack), CuPy, TVM and ONNX Runtime take it as it is; with a
// reassembler whose frame_allocator gives page-locked memory, its device is kDLCUDAHost.
#pragma once

#include <dlpack/dlpack.h>

#include <array>
#include <cstdint>
#include <imsdp/aiml/intermediate/decoder.hpp>
#include <imsdp/aiml/intermediate/fragment.hpp>
#include <memory>
#include <new>
#include <span>

namespace imsdp::aiml::intermediate {

/// Tensor `index` of `frame` as a DLManagedTensor: data = `bytes` (its stored bytes when
/// raw, else what decode_payload made of them; decoded_len bytes), dtype = dlpack_type,
/// shape = the dims, strides NULL (row-major), on `device`. `owner` keeps `bytes` alive until
/// the consumer calls the tensor's deleter (a frame_buffer from reassembler::take_frame, say).
/// The consumer must not write through `data` (DLPack 0.6 has no read-only flag).
/// Quantized tensors are exported as their integers; their scale and zero point stay in the
/// descriptor (or companions). Companion and sub-byte types export as DLPack codes them.
/// Errors: `unsupported` for a dtype DLPack has no code for; `invalid_argument` when `bytes`
/// is not decoded_len long; `out_of_memory`.
[[nodiscard]] inline result<DLManagedTensor*> to_dlpack(frame_view const& frame, std::size_t index,
                                                        std::span<std::byte const> bytes,
                                                        std::shared_ptr<void const> owner,
                                                        buffer_device device = {}) {
  using wire::fail;
  if (index >= frame.tensor_count()) return fail(errc::invalid_argument, 0, "index");
  auto const t = frame.tensor(index);
  auto const& d = t.descriptor;
  auto const type = dlpack_type(d.type);
  if (!type) return fail(errc::unsupported, 0, "dtype");
  if (bytes.size() != d.decoded_len) return fail(errc::invalid_argument, 0, "decoded_len");
  // The tensor, its shape and its owner in one allocation, freed by the deleter.
  struct managed {
    DLManagedTensor tensor{};
    std::array<std::int64_t, max_rank> shape{};
    std::shared_ptr<void const> owner;
  };
  auto* m = new (std::nothrow) managed{};
  if (m == nullptr) return fail(errc::out_of_memory, 0, "DLManagedTensor");
  m->shape = t.shape();
  m->owner = std::move(owner);
  auto& dl = m->tensor.dl_tensor;
  dl.data = const_cast<std::byte*>(bytes.data());
  dl.device = {static_cast<DLDeviceType>(device.type), device.id};
  dl.ndim = static_cast<int>(d.rank);
  dl.dtype = {type->code, type->bits, type->lanes};
  dl.shape = m->shape.data();
  dl.strides = nullptr;
  dl.byte_offset = 0;
  m->tensor.manager_ctx = m;
  m->tensor.deleter = [](DLManagedTensor* self) {
    delete static_cast<managed*>(self->manager_ctx);
  };
  return &m->tensor;
}

}  // namespace imsdp::aiml::intermediate
