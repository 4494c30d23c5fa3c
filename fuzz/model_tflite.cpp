// model_tflite: the bounded FlatBuffer reader of TFLite models (fuzz/model_check.hpp).
#include "model_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  check_inspect(imsdp::aiml::model::format_name::tflite,
                {reinterpret_cast<std::byte const*>(data), size});
  return 0;
}
