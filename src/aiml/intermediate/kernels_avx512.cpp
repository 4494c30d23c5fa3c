// The AIDF element loops (kernels.hpp) built for AVX512: CMake compiles this unit alone
// with those instructions, and convert.cpp calls it only on a CPU that has them.
#include "aiml/intermediate/kernels.hpp"

namespace imsdp::aiml::intermediate::detail {

kernel_table const& kernels_avx512() noexcept {
  return this_unit_kernels;
}

}  // namespace imsdp::aiml::intermediate::detail
