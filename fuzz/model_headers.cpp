// model_headers: GGUF, safetensors, NNEF, MPEG NNC and ExecuTorch headers; the first byte
// picks the format, the rest is the file (fuzz/model_check.hpp).
#include "model_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using imsdp::aiml::model::format_name;
  constexpr format_name formats[] = {format_name::gguf, format_name::safetensors, format_name::nnef,
                                     format_name::nnc, format_name::executorch};
  if (size == 0) return 0;
  check_inspect(formats[data[0] % std::size(formats)],
                {reinterpret_cast<std::byte const*>(data + 1), size - 1});
  return 0;
}
