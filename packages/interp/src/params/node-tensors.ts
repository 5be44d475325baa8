import { errors, fail, nodeLabel } from '@anvil/core';
import type { Node, Tensor } from '@anvil/core';

/** Per-tensor affine parameters, the scale being the float32 value TFLite stores. */
export interface TensorQuant {
  readonly scale: number;
  readonly zeroPoint: number;
}

// The slot accessors are core's; re-exported so every param derivation imports one module.
export { inputTensor, optionalInputTensor, outputTensor } from '@anvil/core';

/** The single scale and zero point of `t`; the verifier has already required per-tensor. */
export function tensorQuant(node: Node, t: Tensor, role: string): TensorQuant {
  const scale = t.quant?.scale[0];
  const zeroPoint = t.quant?.zeroPoint[0];
  if (scale === undefined || zeroPoint === undefined) {
    fail(errors.opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" has no quantization parameters`));
  }
  return { scale, zeroPoint };
}

/** All scales of a possibly per-channel tensor (weights). */
export function tensorScales(node: Node, t: Tensor, role: string): readonly number[] {
  const scales = t.quant?.scale;
  if (scales === undefined || scales.length === 0) {
    fail(errors.opQuantizationInvalid(nodeLabel(node), `${role} "${t.name}" has no quantization parameters`));
  }
  return scales;
}

export function constantBytes(node: Node, t: Tensor, role: string): Uint8Array {
  if (t.data === undefined) fail(errors.opShapeMismatch(nodeLabel(node), `${role} "${t.name}" must be a constant`));
  return t.data;
}

export function shape4(t: Tensor): readonly [number, number, number, number] {
  const [a = 1, b = 1, c = 1, d = 1] = t.shape;
  return [a, b, c, d];
}
