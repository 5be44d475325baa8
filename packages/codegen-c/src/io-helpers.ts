import { elementCount, isPerChannel } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { cComment, cFloat, cInt, cType } from './c-text.js';
import type { GeneratedFile } from './emit-model.js';

/** The kernel-library headers the int8 helpers call (their `_body`, inline). */
const QUANTIZE_S8 = 'anvil_quantize_f32_s8';
const DEQUANTIZE_S8 = 'anvil_dequantize_s8_f32';

/** What the application gets for one model input or output. */
export interface IoHelper {
  readonly kind: 'input' | 'output';
  /** Position among the model's inputs or outputs. */
  readonly index: number;
  readonly dtype: Tensor['dtype'];
  readonly count: number;
  /** `anvil_<model>_quantize_input_<i>` / `anvil_<model>_dequantize_output_<j>`; absent: none, see `why`. */
  readonly function?: string;
  readonly scale?: number;
  readonly zeroPoint?: number;
  /** Why the tensor has no helper (a float tensor, per-channel quantization…). */
  readonly why?: string;
}

export interface IoHelpers {
  readonly helpers: readonly IoHelper[];
  /** Macros and prototypes for `<model>.h`. */
  readonly header: string;
  /** `<model>_io.c`, when any helper exists. */
  readonly file?: GeneratedFile;
  /** Library kernels whose headers `<model>_io.c` includes. */
  readonly kernels: readonly string[];
}

const RANGE: Partial<Record<Tensor['dtype'], readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

function describe(t: Tensor, kind: 'input' | 'output', index: number, prefix: string): IoHelper {
  const count = elementCount(t.shape);
  const base = { kind, index, dtype: t.dtype, count };
  if (RANGE[t.dtype] === undefined) return { ...base, why: `a ${t.dtype} tensor: the application passes its values as they are` };
  const q = t.quant;
  if (q === undefined || q.scale.length === 0) return { ...base, why: `a ${t.dtype} tensor without quantization parameters` };
  if (isPerChannel(q))
    return {
      ...base,
      why: `quantized per channel (${q.scale.length} scales along axis ${q.axis}): no single scale and zero point to convert with`,
    };
  const scale = q.scale[0] as number;
  const zeroPoint = q.zeroPoint[0] ?? 0;
  if (!Number.isFinite(scale) || scale <= 0) return { ...base, why: `its scale ${scale} is not a positive number` };
  const fn = kind === 'input' ? `${prefix}_quantize_input_${index}` : `${prefix}_dequantize_output_${index}`;
  return { ...base, function: fn, scale, zeroPoint };
}

/**
 * Float ↔ quantized conversions for the model's inputs and outputs, with the model's own
 * rounding: QUANTIZE as TFLite's reference (float divide, round half away from zero, add the
 * zero point, saturate) and DEQUANTIZE as `scale * (q - zero_point)`. int8 tensors call the
 * library kernels' bodies (bit-exact with the interpreter); uint8 and int16 the same formula
 * with their own range.
 */
export function ioHelpers(name: string, prefix: string, upper: string, inputs: readonly Tensor[], outputs: readonly Tensor[]): IoHelpers {
  const helpers = [...inputs.map((t, i) => describe(t, 'input', i, prefix)), ...outputs.map((t, j) => describe(t, 'output', j, prefix))];
  const tensorOf = (h: IoHelper): Tensor => (h.kind === 'input' ? inputs[h.index] : outputs[h.index]) as Tensor;
  const macro = (h: IoHelper): string => `ANVIL_${upper}_${h.kind.toUpperCase()}_${h.index}`;
  const signature = (h: IoHelper): string => {
    const q = cType(h.dtype);
    return h.kind === 'input' ? `void ${h.function}(const float *src, ${q} *dst)` : `void ${h.function}(const ${q} *src, float *dst)`;
  };

  const headerLines = helpers.map((h) => {
    const t = tensorOf(h);
    const what = `/* ${h.kind} ${h.index}: ${t.dtype} [${t.shape.join(', ')}] ${cComment(t.name)} */`;
    const count = `#define ${macro(h)}_COUNT ${h.count}`;
    if (h.function === undefined) return `${what}\n${count}\n/* No ${h.kind === 'input' ? 'quantize' : 'dequantize'} helper: ${h.why}. */`;
    const zp = h.zeroPoint as number;
    const doc =
      h.kind === 'input'
        ? `/* ${h.count} floats → ${t.dtype}, as the model's QUANTIZE rounds: roundf(x / scale) + zero_point, saturated. src and dst must not overlap. */`
        : `/* ${h.count} ${t.dtype} values → floats: scale * (q - zero_point). src and dst must not overlap. */`;
    return [
      what,
      count,
      `#define ${macro(h)}_SCALE ${cFloat(h.scale as number)}`,
      `#define ${macro(h)}_ZERO_POINT ${zp < 0 ? `(${cInt(zp)})` : cInt(zp)}`,
      doc,
      `${signature(h)};`,
    ].join('\n');
  });
  const header = `/*
 * Quantization of the inputs and outputs (real = scale * (q - zero_point)), and helpers that
 * convert floats to what ${prefix}_run takes and its outputs back (${name}_io.c).
 */
${headerLines.join('\n')}`;

  const withHelper = helpers.filter((h) => h.function !== undefined);
  if (withHelper.length === 0) return { helpers, header, kernels: [] };
  const kernels = new Set<string>();
  const bodies = withHelper.map((h) => {
    const m = macro(h);
    const q = cType(h.dtype);
    if (h.dtype === 'int8') {
      const k = h.kind === 'input' ? QUANTIZE_S8 : DEQUANTIZE_S8;
      kernels.add(k);
      return `${signature(h)} {
  static const ${k}_params_t p = {${m}_COUNT, ${m}_SCALE, ${m}_ZERO_POINT};
  (void)${k}_body(&p, src, dst, NULL);
}`;
    }
    const [lo, hi] = RANGE[h.dtype] as readonly [number, number];
    if (h.kind === 'input') {
      kernels.add(QUANTIZE_S8); // for anvil_clamp and anvil_add_wrap, through its fixedpoint.h
      return `${signature(h)} {
  int32_t i;
  for (i = 0; i < ${m}_COUNT; ++i) {
    const float r = roundf(src[i] / ${m}_SCALE);
    const int32_t q = (r >= -2147483648.0f && r < 2147483648.0f) ? (int32_t)r : INT32_MIN;
    dst[i] = (${q})anvil_clamp(anvil_add_wrap(q, ${m}_ZERO_POINT), ${cInt(lo)}, ${cInt(hi)});
  }
}`;
    }
    return `${signature(h)} {
  int32_t i;
  for (i = 0; i < ${m}_COUNT; ++i) dst[i] = (float)((double)${m}_SCALE * (double)((int32_t)src[i] - ${m}_ZERO_POINT));
}`;
  });
  const includes = [...kernels].sort().map((k) => `#include "runtime/kernels/${k}.h"`);
  const file: GeneratedFile = {
    path: `${name}_io.c`,
    content: `/* Generated by Anvil. Do not edit: recompile the model instead. */
/*
 * Float conversions for the inputs and outputs of ${name}, with the model's own rounding:
 * QUANTIZE as TFLite's reference kernel computes it, DEQUANTIZE as scale * (q - zero_point).
 * int8 tensors go through the kernel library's QUANTIZE/DEQUANTIZE bodies, so they agree bit
 * for bit with a model that quantizes in-graph. No allocation, no I/O.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "${name}.h"
${includes.join('\n')}

${bodies.join('\n\n')}
`,
  };
  return { helpers, header, file, kernels: [...kernels].sort() };
}
