/*
 * Limits the kernel library's parameter structs are sized by. Shape and stride arrays are
 * fixed-size so a specialised call can overwrite each element with a literal; the compiler
 * merges adjacent axes that iterate alike and pads the rest with leading extents of 1, so
 * only tensors whose axes alternate more often than this are refused.
 */
#ifndef ANVIL_KERNELS_KERNEL_LIMITS_H
#define ANVIL_KERNELS_KERNEL_LIMITS_H

#include <stdint.h>

/* TFLite broadcasts up to six dimensions; the loops are written for exactly this many. */
#define ANVIL_KERNEL_MAX_DIMS 6

/* Extents or strides, one per axis, outermost first. */
typedef int32_t anvil_kernel_dims_t[ANVIL_KERNEL_MAX_DIMS];

#endif
