import { fail } from '../errors/anvil-error.js';
import { opQuantizationInvalid } from '../errors/builders.js';
import type { DType } from '../ir/dtype.js';
import { dtypeRange } from '../ir/dtype.js';
import type { Tensor } from '../ir/tensor.js';

/**
 * The integer range a zero point of `dtype` must lie in: the dtype's own, since TFLite
 * stores the zero point as a value of the tensor's type (it is the quantized 0.0). Undefined
 * for types whose zero point Anvil does not interpret (float, bool).
 */
function zeroPointRange(dtype: DType): readonly [number, number] | undefined {
  switch (dtype) {
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'int32':
      return dtypeRange(dtype);
    case 'int64':
      return [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    default:
      return undefined;
  }
}

/**
 * The quantization parameters of one tensor, checked against its own dtype and shape, so
 * no kernel and no emitted C ever sees a zero point its arithmetic was not written for (an
 * int8 zero point of -32769 overflows int32 in ADD; 2^31 cannot even be written as a C int):
 *
 * - one zero point per scale;
 * - every scale finite and > 0 (a multiplier is derived from each);
 * - every zero point an integer inside the dtype's range (int8 [-128, 127], uint8 [0, 255],
 *   int16, int32);
 * - per-channel parameters (more than one scale) on an axis of the tensor, one per index of it.
 *
 * Rules that depend on the tensor's role (symmetric filters, zero bias zero points, the fixed
 * output quantization of softmax) are the op definitions'. `owner` names who uses the tensor.
 */
export function checkTensorQuantization(owner: string, t: Tensor): void {
  const q = t.quant;
  if (q === undefined || q.scale.length === 0) return;
  const bad = (what: string): never => fail(opQuantizationInvalid(owner, `tensor "${t.name}" (${t.dtype}) ${what}`));
  if (q.zeroPoint.length !== q.scale.length) bad(`has ${q.scale.length} scales but ${q.zeroPoint.length} zero points`);
  for (const s of q.scale) {
    if (!Number.isFinite(s) || !(s > 0)) bad(`has scale ${s}; scales must be finite and > 0`);
  }
  const range = zeroPointRange(t.dtype);
  for (const z of q.zeroPoint) {
    if (!Number.isInteger(z)) bad(`has zero point ${z}; zero points are integers`);
    if (range !== undefined && (z < range[0] || z > range[1])) {
      bad(`has zero point ${z}, outside the ${t.dtype} range [${range[0]}, ${range[1]}]`);
    }
  }
  if (q.scale.length > 1) {
    const rank = t.shape.length;
    if (!Number.isInteger(q.axis) || q.axis < 0 || q.axis >= rank) {
      bad(`is quantized per channel along axis ${q.axis} but has rank ${rank}`);
    }
    if (t.shape[q.axis] !== q.scale.length) {
      bad(`has ${q.scale.length} per-channel scales along axis ${q.axis}, which has ${t.shape[q.axis]} entries`);
    }
  }
}
