/*
 * TensorFlow Lite's int16 fixed-point sigmoid and tanh (its int16 Logistic and Tanh reference
 * kernels), header-only helpers for the LSTM kernel: both interpolate one table of
 * sigmoid(i / 24) in unsigned Q0.16 (tanh(x) = 2·sigmoid(2x) − 1), looking up |x| and
 * mirroring the negative side. Inputs are rescaled by `(x·multiplier + round) >> shift`, where
 * multiplier 0 means the power-of-two case 3·2^shift with no shift. Outputs are Q0.15.
 * Right shifts of negative values are arithmetic, as on every compiler we target.
 */
#ifndef ANVIL_KERNELS_LUT_ACTIVATIONS_S16_H
#define ANVIL_KERNELS_LUT_ACTIVATIONS_S16_H

#include <stdint.h>

#include "anvil/compiler.h"

/*
 * The table is a fixed constant of TFLite's integer semantics, not a formula (44 entries
 * differ by one from rounding 65536·sigmoid(i/24)); packages/interp holds the same values and
 * a test compares the two.
 */
ANVIL_INLINE uint32_t anvil_sigmoid_table_u16(uint32_t i) {
  static const uint16_t table[256] = {
      32768u, 33451u, 34133u, 34813u, 35493u, 36169u, 36843u, 37513u, 38180u, 38841u, 39498u, 40149u,
      40794u, 41432u, 42064u, 42688u, 43304u, 43912u, 44511u, 45102u, 45683u, 46255u, 46817u, 47369u,
      47911u, 48443u, 48964u, 49475u, 49975u, 50464u, 50942u, 51409u, 51865u, 52311u, 52745u, 53169u,
      53581u, 53983u, 54374u, 54755u, 55125u, 55485u, 55834u, 56174u, 56503u, 56823u, 57133u, 57433u,
      57724u, 58007u, 58280u, 58544u, 58800u, 59048u, 59288u, 59519u, 59743u, 59959u, 60168u, 60370u,
      60565u, 60753u, 60935u, 61110u, 61279u, 61441u, 61599u, 61750u, 61896u, 62036u, 62172u, 62302u,
      62428u, 62549u, 62666u, 62778u, 62886u, 62990u, 63090u, 63186u, 63279u, 63368u, 63454u, 63536u,
      63615u, 63691u, 63765u, 63835u, 63903u, 63968u, 64030u, 64090u, 64148u, 64204u, 64257u, 64308u,
      64357u, 64405u, 64450u, 64494u, 64536u, 64576u, 64614u, 64652u, 64687u, 64721u, 64754u, 64786u,
      64816u, 64845u, 64873u, 64900u, 64926u, 64950u, 64974u, 64997u, 65019u, 65039u, 65060u, 65079u,
      65097u, 65115u, 65132u, 65149u, 65164u, 65179u, 65194u, 65208u, 65221u, 65234u, 65246u, 65258u,
      65269u, 65280u, 65291u, 65301u, 65310u, 65319u, 65328u, 65337u, 65345u, 65352u, 65360u, 65367u,
      65374u, 65381u, 65387u, 65393u, 65399u, 65404u, 65410u, 65415u, 65420u, 65425u, 65429u, 65433u,
      65438u, 65442u, 65445u, 65449u, 65453u, 65456u, 65459u, 65462u, 65465u, 65468u, 65471u, 65474u,
      65476u, 65479u, 65481u, 65483u, 65485u, 65488u, 65489u, 65491u, 65493u, 65495u, 65497u, 65498u,
      65500u, 65501u, 65503u, 65504u, 65505u, 65507u, 65508u, 65509u, 65510u, 65511u, 65512u, 65513u,
      65514u, 65515u, 65516u, 65517u, 65517u, 65518u, 65519u, 65520u, 65520u, 65521u, 65522u, 65522u,
      65523u, 65523u, 65524u, 65524u, 65525u, 65525u, 65526u, 65526u, 65526u, 65527u, 65527u, 65528u,
      65528u, 65528u, 65529u, 65529u, 65529u, 65529u, 65530u, 65530u, 65530u, 65530u, 65531u, 65531u,
      65531u, 65531u, 65531u, 65532u, 65532u, 65532u, 65532u, 65532u, 65532u, 65533u, 65533u, 65533u,
      65533u, 65533u, 65533u, 65533u, 65533u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u, 65534u,
      65534u, 65534u, 65534u, 65535u,
  };
  return table[i];
}

ANVIL_INLINE int32_t anvil_lut_rescale_s16(int16_t x, int32_t multiplier, int32_t shift) {
  const int32_t m = multiplier == 0 ? (int32_t)(3u << shift) : multiplier;
  const int32_t s = multiplier == 0 ? 0 : shift;
  const int32_t round = s > 0 ? (int32_t)(1u << (s - 1)) : 0;
  return ((int32_t)x * m + round) >> s;
}

/* Sigmoid: the table in steps of 2^9 of the rescaled input, 9 bits of interpolation. */
ANVIL_INLINE int16_t anvil_sigmoid_s16(int16_t x, int32_t multiplier, int32_t shift) {
  const int32_t v = anvil_lut_rescale_s16(x, multiplier, shift);
  const uint32_t a = (uint32_t)(v >= 0 ? v : -v);
  const uint32_t uh = a >> 9;
  uint32_t result;
  if (uh >= 255u) {
    result = 0x7FFFu << 10;
  } else {
    const uint32_t ua = anvil_sigmoid_table_u16(uh);
    const uint32_t ub = anvil_sigmoid_table_u16(uh + 1u);
    result = (ua << 9) + (a & 0x1FFu) * (ub - ua);
  }
  result = v >= 0 ? result + (1u << 9) : (1u << 25) - result + (1u << 9) - 1u;
  return (int16_t)(result >> 10);
}

/* Tanh: the table in steps of 2^8 (sigmoid of twice the input), 8 bits of interpolation. */
ANVIL_INLINE int16_t anvil_tanh_s16(int16_t x, int32_t multiplier, int32_t shift) {
  const int32_t v = anvil_lut_rescale_s16(x, multiplier, shift);
  const uint32_t a = (uint32_t)(v >= 0 ? v : -v);
  const uint32_t uh = a >> 8;
  int32_t result;
  if (uh >= 255u) {
    result = (int32_t)(0xFFFFu << 8);
  } else {
    const uint32_t ua = anvil_sigmoid_table_u16(uh);
    const uint32_t ub = anvil_sigmoid_table_u16(uh + 1u);
    result = (int32_t)((ua << 8) + (a & 0xFFu) * (ub - ua));
  }
  result = v >= 0 ? result - (1 << 23) + (1 << 7) : -result + (1 << 23) + (1 << 7) - 1;
  return (int16_t)(result >> 8);
}

#endif
