/*
 * Building blocks for the RISC-V vector kernels (RVV 1.0 intrinsics, embedded profile Zve32x:
 * integer elements of at most 32 bits), and the plain C they fall back to on any other
 * compiler or ISA, so that every kernel file also builds and runs on the host.
 *
 * Per-channel constants come as "lanes": for each chunk of up to ANVIL_RVV_CHUNK output
 * channels (vl of them), vl int32 biases, vl multipliers, vl right shifts (>= 0) and, unless
 * the kernel is told every shift is a right one, vl left shifts (>= 0). One pointer walks them
 * in step with the chunks; a chunk shorter than ANVIL_RVV_CHUNK (the last) stores only its own
 * vl entries of each.
 */
#ifndef ANVIL_INTERNAL_RVV_H
#define ANVIL_INTERNAL_RVV_H

#include <stddef.h>
#include <stdint.h>

#include "anvil/compiler.h"
#include "anvil/internal/fixedpoint.h"

/*
 * Channels per chunk: the 32-bit lanes of a group of eight registers at VLEN 128, the least
 * the target guarantees (zvl128b). The generator lays tables out in chunks of this width, so
 * it is fixed at compile time, not read from vlenb; a longer VLEN still takes exactly this
 * many (vl = AVL whenever AVL <= VLMAX).
 */
#define ANVIL_RVV_CHUNK 32

#if defined(__riscv_vector) && defined(__riscv_v_intrinsic)
#define ANVIL_RVV 1
#include <riscv_vector.h>
#if defined(__riscv_v_min_vlen) && __riscv_v_min_vlen < 128
#error "anvil/internal/rvv.h needs VLEN >= 128 (e.g. -march=rv32imac_zve32x_zvl128b)"
#endif
#else
#define ANVIL_RVV 0
#endif

/* The channels of the chunk that starts `done` channels into `total`. */
ANVIL_INLINE int32_t anvil_rvv_chunk(int32_t total, int32_t done) {
  return total - done < ANVIL_RVV_CHUNK ? total - done : ANVIL_RVV_CHUNK;
}

/*
 * One channel's requantization from its lanes (`at` its index in the chunk, `vl` the chunk's
 * width): anvil_mbqm with the shift given as left and right, then offset and clamp. The
 * fallbacks use it, so they read the same tables as the vector code.
 */
ANVIL_INLINE int8_t anvil_rvv_requant_one(int32_t acc, const int32_t *lanes, int32_t at, int32_t vl, int right_only, int32_t out_offset,
                                          int32_t lo, int32_t hi) {
  const int32_t mult = lanes[vl + at];
  const int32_t right = lanes[2 * vl + at];
  const int32_t left = right_only ? 0 : lanes[3 * vl + at];
  return (int8_t)anvil_clamp(anvil_add_wrap(anvil_mbqm(acc, mult, (int)(left - right)), out_offset), lo, hi);
}

/* Lanes a chunk of vl channels takes (see the top of this file). */
ANVIL_INLINE int32_t anvil_rvv_lanes_per_chunk(int32_t vl, int right_only) { return (right_only ? 3 : 4) * vl; }

#if ANVIL_RVV
/*
 * anvil_mbqm on vl lanes, then the output offset and the clamp, narrowed to int8 and stored;
 * the lanes' fields (multipliers, right shifts, left shifts) are `field` entries apart.
 * With vxrm = round-to-nearest-up, vsmul is gemmlowp's saturating rounding doubling high
 * multiply exactly, saturation included (floor((2ab + 2^31) / 2^32), INT32_MAX for
 * INT32_MIN²). vssra rounds ties up; anvil_rdbpot rounds them away from zero, which is the
 * same after subtracting 1 from negative values, but only where the shift is not zero. The
 * subtraction saturates, which keeps INT32_MIN exact (it is divisible by every power of two).
 * The clamp bounds lie in int8, so the two narrowing steps drop no information.
 */
ANVIL_INLINE void anvil_rvv_requant_store_at(vint32m8_t acc, const int32_t *lanes, size_t field, int right_only, int32_t out_offset,
                                             int32_t lo, int32_t hi, int8_t *y, size_t vl) {
  /*
   * Each table is loaded just before its use: a register group of eight is an eighth of the
   * file, and loaded together up front they left too few for the sums, which then spilled.
   */
  vint32m8_t h, fix;
  vuint32m8_t right;
  if (right_only == 2) {
    /* No shift at all (single-rounding graphs): vsmul alone is anvil_mbqm. */
    h = __riscv_vsmul_vv_i32m8(acc, __riscv_vle32_v_i32m8(lanes + field, vl), __RISCV_VXRM_RNU, vl);
  } else if (right_only) {
    h = __riscv_vsmul_vv_i32m8(acc, __riscv_vle32_v_i32m8(lanes + field, vl), __RISCV_VXRM_RNU, vl);
    h = __riscv_vsadd_vv_i32m8(h, __riscv_vsra_vx_i32m8(h, 31, vl), vl);
    right = __riscv_vreinterpret_v_i32m8_u32m8(__riscv_vle32_v_i32m8(lanes + 2 * field, vl));
  } else {
    const vuint32m8_t left = __riscv_vreinterpret_v_i32m8_u32m8(__riscv_vle32_v_i32m8(lanes + 3 * field, vl));
    h = __riscv_vsmul_vv_i32m8(__riscv_vsll_vv_i32m8(acc, left, vl), __riscv_vle32_v_i32m8(lanes + field, vl), __RISCV_VXRM_RNU, vl);
    right = __riscv_vreinterpret_v_i32m8_u32m8(__riscv_vle32_v_i32m8(lanes + 2 * field, vl));
    /* -right has its sign bit set exactly when the shift is not zero. */
    fix = __riscv_vneg_v_i32m8(__riscv_vreinterpret_v_u32m8_i32m8(right), vl);
    fix = __riscv_vsra_vx_i32m8(__riscv_vand_vv_i32m8(h, fix, vl), 31, vl);
    h = __riscv_vsadd_vv_i32m8(h, fix, vl);
  }
  if (right_only != 2) h = __riscv_vssra_vv_i32m8(h, right, __RISCV_VXRM_RNU, vl);
  h = __riscv_vmin_vx_i32m8(__riscv_vmax_vx_i32m8(__riscv_vadd_vx_i32m8(h, out_offset, vl), lo, vl), hi, vl);
  __riscv_vse8_v_i8m2(y, __riscv_vncvt_x_x_w_i8m2(__riscv_vncvt_x_x_w_i16m4(h, vl), vl), vl);
}

/* The same for a chunk whose fields are vl entries apart, as the lanes tables lay them out. */
ANVIL_INLINE void anvil_rvv_requant_store(vint32m8_t acc, const int32_t *lanes, int right_only, int32_t out_offset, int32_t lo, int32_t hi,
                                          int8_t *y, size_t vl) {
  anvil_rvv_requant_store_at(acc, lanes, vl, right_only, out_offset, lo, hi, y, vl);
}

/*
 * anvil_mbqm_lt1 on vl lanes with one multiplier and right shift (>= 0) for all: the rounding
 * of anvil_rvv_requant_store, the fix-up skipped when there is no shift.
 */
ANVIL_INLINE vint32m8_t anvil_rvv_mbqm_lt1(vint32m8_t x, int32_t mult, int32_t right, size_t vl) {
  vint32m8_t h = __riscv_vsmul_vx_i32m8(x, mult, __RISCV_VXRM_RNU, vl);
  if (right > 0) h = __riscv_vssra_vx_i32m8(__riscv_vsadd_vv_i32m8(h, __riscv_vsra_vx_i32m8(h, 31, vl), vl), (size_t)right, __RISCV_VXRM_RNU, vl);
  return h;
}

/* n bytes from src to dst (no overlap), 128 bytes per instruction at VLEN 128. */
ANVIL_INLINE void anvil_rvv_copy(int8_t *ANVIL_RESTRICT dst, const int8_t *ANVIL_RESTRICT src, int32_t n) {
  while (n > 0) {
    const size_t vl = __riscv_vsetvl_e8m8((size_t)n);
    __riscv_vse8_v_i8m8(dst, __riscv_vle8_v_i8m8(src, vl), vl);
    dst += vl;
    src += vl;
    n -= (int32_t)vl;
  }
}

/* n bytes of dst set to v. */
ANVIL_INLINE void anvil_rvv_fill(int8_t *dst, int8_t v, int32_t n) {
  while (n > 0) {
    const size_t vl = __riscv_vsetvl_e8m8((size_t)n);
    __riscv_vse8_v_i8m8(dst, __riscv_vmv_v_x_i8m8(v, vl), vl);
    dst += vl;
    n -= (int32_t)vl;
  }
}
#else
ANVIL_INLINE void anvil_rvv_copy(int8_t *ANVIL_RESTRICT dst, const int8_t *ANVIL_RESTRICT src, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) dst[i] = src[i];
}

ANVIL_INLINE void anvil_rvv_fill(int8_t *dst, int8_t v, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i) dst[i] = v;
}
#endif

#endif
