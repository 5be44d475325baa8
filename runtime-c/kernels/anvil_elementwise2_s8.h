/*
 * The output walk the binary kernels share (anvil_add_s8, anvil_sub_s8, anvil_mul_s8,
 * anvil_squared_difference_s8, anvil_minimum_s8, anvil_maximum_s8): every output element in
 * row-major order over out_shape, each input read at its broadcast offset. A macro rather than
 * a function taking the element operation, so that operation stays inline in each kernel's
 * own loop (and folds with it in a specialised copy).
 *
 * `p` points at a parameter struct with fields flat, out_shape, in1_stride and in2_stride
 * (see any of those kernels' headers); `one(p, a, b)` gives the int8 result for inputs a and b.
 */
#ifndef ANVIL_KERNELS_ELEMENTWISE2_S8_H
#define ANVIL_KERNELS_ELEMENTWISE2_S8_H

#include <stdint.h>

#include "anvil_kernel_limits.h"

/* Offsets accumulate per axis so the innermost loop only adds one stride per element. */
#define ANVIL_ELEMENTWISE2_S8(p, x1, x2, y, one)                                                                            \
  do {                                                                                                                      \
    const int32_t *n_ = (p)->out_shape, *s_ = (p)->in1_stride, *t_ = (p)->in2_stride;                                     \
    int8_t *out_ = (y);                                                                                                     \
    int32_t i0_, i1_, i2_, i3_, i4_, i5_;                                                                                   \
    if ((p)->flat) {                                                                                                        \
      const int32_t count_ = n_[0] * n_[1] * n_[2] * n_[3] * n_[4] * n_[5];                                                 \
      for (i0_ = 0; i0_ < count_; ++i0_) out_[i0_] = one((p), (x1)[i0_], (x2)[i0_]);                                      \
      break;                                                                                                                \
    }                                                                                                                       \
    for (i0_ = 0; i0_ < n_[0]; ++i0_) {                                                                                     \
      const int32_t a0_ = i0_ * s_[0], b0_ = i0_ * t_[0];                                                                   \
      for (i1_ = 0; i1_ < n_[1]; ++i1_) {                                                                                   \
        const int32_t a1_ = a0_ + i1_ * s_[1], b1_ = b0_ + i1_ * t_[1];                                                     \
        for (i2_ = 0; i2_ < n_[2]; ++i2_) {                                                                                 \
          const int32_t a2_ = a1_ + i2_ * s_[2], b2_ = b1_ + i2_ * t_[2];                                                   \
          for (i3_ = 0; i3_ < n_[3]; ++i3_) {                                                                               \
            const int32_t a3_ = a2_ + i3_ * s_[3], b3_ = b2_ + i3_ * t_[3];                                                 \
            for (i4_ = 0; i4_ < n_[4]; ++i4_) {                                                                             \
              const int32_t a4_ = a3_ + i4_ * s_[4], b4_ = b3_ + i4_ * t_[4];                                               \
              for (i5_ = 0; i5_ < n_[5]; ++i5_) *out_++ = one((p), (x1)[a4_ + i5_ * s_[5]], (x2)[b4_ + i5_ * t_[5]]);       \
            }                                                                                                               \
          }                                                                                                                 \
        }                                                                                                                   \
      }                                                                                                                     \
    }                                                                                                                       \
  } while (0)

#endif
