// The per-format readers behind inspect() (inspect.hpp), one function per format.
#pragma once

#include <imsdp/aiml/model/inspect.hpp>

namespace imsdp::aiml::model::detail {

[[nodiscard]] result<model_info> inspect_onnx(std::span<std::byte const> bytes,
                                              limits const& bounds);
[[nodiscard]] result<model_info> inspect_tflite(std::span<std::byte const> bytes,
                                                limits const& bounds);
[[nodiscard]] result<model_info> inspect_executorch(std::span<std::byte const> bytes,
                                                    limits const& bounds);
[[nodiscard]] result<model_info> inspect_gguf(std::span<std::byte const> bytes,
                                              limits const& bounds);
[[nodiscard]] result<model_info> inspect_safetensors(std::span<std::byte const> bytes,
                                                     limits const& bounds);
[[nodiscard]] result<model_info> inspect_nnef(std::span<std::byte const> bytes,
                                              limits const& bounds);
[[nodiscard]] result<model_info> inspect_nnc(std::span<std::byte const> bytes,
                                             limits const& bounds);

}  // namespace imsdp::aiml::model::detail
