// Checks for fuzz oracles that never compile out (assert() does under NDEBUG).
#pragma once

#include <cstdio>
#include <cstdlib>

#define IMSDP_FUZZ_CHECK(condition, message)                                               \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "%s:%d: oracle failed: %s (%s)\n", __FILE__, __LINE__, message, \
                   #condition);                                                            \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)
