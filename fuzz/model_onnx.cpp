// model_onnx: the bounded protobuf reader of ONNX ModelProto (fuzz/model_check.hpp).
#include "model_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  check_inspect(imsdp::aiml::model::format_name::onnx,
                {reinterpret_cast<std::byte const*>(data), size});
  return 0;
}
