import { errors, fail, perTensor } from '@anvil/core';
import type { Quantization } from '@anvil/core';
import type { FoldContext, QConst } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import { permute, transposeData } from './layout.js';
import type { OnnxNode } from './onnx-model.js';

/** Relative difference below which a stored bias scale counts as input scale × weight scale (float32 rounding). */
export const BIAS_SCALE_TOLERANCE = 2 ** -20;

/** An int8 weight constant re-laid out for Anvil, with its quantization on the new axis. */
export function weightTensor(ctx: FoldContext, n: OnnxNode, w: QConst, perm: readonly number[]): number {
  if (w.init.dataType === 6) unsupported(n, `weights "${w.name}" are int32`, 'quantize weights to int8');
  if (w.zeroPoint.some((z) => z !== 0)) {
    unsupported(
      n,
      `weights "${w.name}" have non-zero zero points (asymmetric)`,
      'quantize weights symmetrically (zero point 0), as TFLite and onnxruntime do by default for int8',
    );
  }
  const quant: Quantization =
    w.scale.length === 1 ? perTensor(w.scale[0] ?? 0, 0) : { scale: w.scale, zeroPoint: w.zeroPoint, axis: perm.indexOf(w.axis) };
  const data = transposeData(w.bytes, w.init.dims, perm, 1);
  return ctx.b.addTensor(w.name, permute(w.init.dims, perm), 'int8', quant, data);
}

/**
 * The int32 bias of an op whose accumulator has scale inputScale × weightScale[c]. ONNX stores
 * the bias's own scale; Anvil (like TFLite) implies it. When the stored scale is that product
 * up to float32 rounding the integers are kept; otherwise they are rescaled to the product,
 * and the importer notes which tensor and by how much, since the result may move by a rounding.
 */
export function biasTensor(
  ctx: FoldContext,
  n: OnnxNode,
  bias: QConst,
  inputScale: number,
  weightScales: readonly number[],
  channels: number,
): number {
  if (bias.init.dataType !== 6) unsupported(n, `bias "${bias.name}" is not int32`, 'quantize biases to int32');
  if (bias.init.bytes.length !== 4 * channels) {
    fail(errors.modelCorrupt(`${label(n)}: bias "${bias.name}" has ${bias.init.bytes.length / 4} values for ${channels} channels`));
  }
  if (bias.zeroPoint.some((z) => z !== 0))
    unsupported(n, `bias "${bias.name}" has a non-zero zero point`, 'quantize biases with zero point 0');
  const src = new DataView(bias.bytes.buffer, bias.bytes.byteOffset, bias.bytes.byteLength);
  const out = new Uint8Array(4 * channels);
  const dst = new DataView(out.buffer);
  const scales: number[] = [];
  let worst = 0;
  for (let c = 0; c < channels; c++) {
    const product = inputScale * (weightScales.length > 1 ? (weightScales[c] ?? 0) : (weightScales[0] ?? 0));
    const stored = bias.scale.length > 1 ? (bias.scale[c] ?? 0) : (bias.scale[0] ?? 0);
    const ratio = stored / product;
    const v = src.getInt32(4 * c, true);
    let q = v;
    if (Math.abs(ratio - 1) > BIAS_SCALE_TOLERANCE) {
      worst = Math.max(worst, Math.abs(ratio - 1));
      q = Math.round(v * ratio);
      if (q < -(2 ** 31) || q >= 2 ** 31)
        unsupported(n, `bias "${bias.name}" channel ${c} rescaled to ${q}, outside int32`, 'requantize the bias with scale input × weight');
    }
    dst.setInt32(4 * c, q, true);
    scales.push(Math.fround(product));
  }
  if (worst > 0) {
    ctx.b.notes.push(
      `bias "${bias.name}": stored scale differs from input scale × weight scale by up to ${(worst * 100).toPrecision(3)}%; its integers were rescaled to the product (rounded to nearest)`,
    );
  }
  const quant: Quantization =
    channels === 1 || scales.every((s) => s === scales[0])
      ? perTensor(scales[0] ?? 0, 0)
      : { scale: scales, zeroPoint: scales.map(() => 0), axis: 0 };
  return ctx.b.addTensor(bias.name, [channels], 'int32', quant, out);
}
