import type { QuantizedMultiplier } from '../fixed-point/quantize-multiplier.js';
import type { RequantRounding } from '@anvil/core';
import { requantMultiplier } from './requant-multiplier.js';

/**
 * PopulateConvolutionQuantizationParams (TFLM kernel_util): one multiplier per output channel,
 * from `(double)input_scale * (double)filter_scale / (double)output_scale` evaluated left to
 * right. A per-tensor filter scale is broadcast to every channel, so conv and depthwise always
 * run the per-channel kernel. Also used by FULLY_CONNECTED with per-channel weights.
 */
export function perChannelMultipliers(
  inputScale: number,
  filterScales: readonly number[],
  outputScale: number,
  channels: number,
  label: string,
  single?: { readonly rounding: RequantRounding; readonly bounds: readonly number[] },
): QuantizedMultiplier[] {
  const out: QuantizedMultiplier[] = [];
  for (let c = 0; c < channels; c++) {
    const filterScale = filterScales.length > 1 ? (filterScales[c] ?? 0) : (filterScales[0] ?? 0);
    const bound = single?.bounds[c] ?? Infinity;
    out.push(
      requantMultiplier(
        (inputScale * filterScale) / outputScale,
        label,
        `channel ${c}`,
        single === undefined ? undefined : { rounding: single.rounding, bound },
      ),
    );
  }
  return out;
}
