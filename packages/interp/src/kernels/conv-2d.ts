import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { Conv2dParams } from '../params/conv-2d.js';

/**
 * reference_integer_ops::ConvPerChannel. Taps that fall in the padding are skipped rather than
 * read as zero point, which is the same thing since every term is filter * (input - zp).
 *
 * The C accumulator is an int32 that may wrap (undefined, but a plain add on x86-64). Summing
 * in a double is exact far beyond any real filter (|term| < 2^15) and `| 0` then wraps modulo
 * 2^32 exactly as the sequence of wrapping adds would, so the order of terms does not matter.
 * Groups (input channels a multiple of the filter's) are handled as TFLM does.
 */
export function conv2d(p: Conv2dParams, input: Int8Array, filter: Int8Array, bias: Int32Array | undefined): Int8Array {
  const [batches, inH, inW, inC] = p.inputShape;
  const [outC, kH, kW, filterC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const groups = inC / filterC;
  const filtersPerGroup = outC / groups;
  const output = new Int8Array(batches * outH * outW * outC);
  let o = 0;
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * p.strideW - p.padLeft;
        for (let oc = 0; oc < outC; oc++) {
          const channelBase = Math.floor(oc / filtersPerGroup) * filterC;
          let acc = 0;
          for (let fy = 0; fy < kH; fy++) {
            const iy = inY0 + p.dilationH * fy;
            if (iy < 0 || iy >= inH) continue;
            for (let fx = 0; fx < kW; fx++) {
              const ix = inX0 + p.dilationW * fx;
              if (ix < 0 || ix >= inW) continue;
              const inBase = ((b * inH + iy) * inW + ix) * inC + channelBase;
              const fBase = ((oc * kH + fy) * kW + fx) * filterC;
              for (let ic = 0; ic < filterC; ic++) {
                acc += (filter[fBase + ic] as number) * ((input[inBase + ic] as number) + p.inputOffset);
              }
            }
          }
          acc = (acc + (bias === undefined ? 0 : (bias[oc] as number))) | 0;
          const scaled = multiplyByQuantizedMultiplier(acc, p.outputMultipliers[oc] as number, p.outputShifts[oc] as number);
          output[o++] = clamp(scaled + p.outputOffset, p.activationMin, p.activationMax);
        }
      }
    }
  }
  return output;
}
