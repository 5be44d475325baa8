import { clamp } from '../fixed-point/int32.js';
import { multiplyByQuantizedMultiplier } from '../fixed-point/multiply-by-quantized-multiplier.js';
import type { DepthwiseConv2dParams } from '../params/depthwise-conv-2d.js';

/**
 * reference_integer_ops::DepthwiseConvPerChannel: output channel ic * multiplier + m reads
 * input channel ic only. Accumulation as in conv2d (exact sum, then int32 wrap).
 */
export function depthwiseConv2d(p: DepthwiseConv2dParams, input: Int8Array, filter: Int8Array, bias: Int32Array | undefined): Int8Array {
  const [batches, inH, inW, inC] = p.inputShape;
  const [, kH, kW, outC] = p.filterShape;
  const [, outH, outW] = p.outputShape;
  const m = p.depthMultiplier;
  const output = new Int8Array(batches * outH * outW * outC);
  for (let b = 0; b < batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * p.strideH - p.padTop;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * p.strideW - p.padLeft;
        const outBase = ((b * outH + oy) * outW + ox) * outC;
        for (let ic = 0; ic < inC; ic++) {
          for (let k = 0; k < m; k++) {
            const oc = ic * m + k;
            let acc = 0;
            for (let fy = 0; fy < kH; fy++) {
              const iy = inY0 + p.dilationH * fy;
              if (iy < 0 || iy >= inH) continue;
              for (let fx = 0; fx < kW; fx++) {
                const ix = inX0 + p.dilationW * fx;
                if (ix < 0 || ix >= inW) continue;
                const inputValue = input[((b * inH + iy) * inW + ix) * inC + ic] as number;
                acc += (filter[(fy * kW + fx) * outC + oc] as number) * (inputValue + p.inputOffset);
              }
            }
            acc = (acc + (bias === undefined ? 0 : (bias[oc] as number))) | 0;
            const scaled = multiplyByQuantizedMultiplier(acc, p.outputMultipliers[oc] as number, p.outputShifts[oc] as number);
            output[outBase + oc] = clamp(scaled + p.outputOffset, p.activationMin, p.activationMax);
          }
        }
      }
    }
  }
  return output;
}
