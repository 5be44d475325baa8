import type { Graph, KernelCall, KernelEmitContext, KernelParam, NodeOf } from '@anvil/core';
import { fullyConnectedParams } from '@anvil/interp';
import { foldedBias, int8Weights } from './folded-bias.js';
import { dspRequantForm, int32Table, mveRequantForm, offsetParams, splitRequantExact, splitRequantParams } from './requant.js';
import type { SimdBackend } from './simd-backend.js';

/** Symmetric int8 weights only (weights offset 0, as TFLite's int8 FC always has). */
export function fullyConnectedSupported(node: NodeOf<'FULLY_CONNECTED'>, graph: Graph): boolean {
  const w = graph.tensors[node.inputs[1] ?? -1];
  return (
    w?.data !== undefined &&
    w.dtype === 'int8' &&
    fullyConnectedParams(node, graph).weightsOffset === 0 &&
    splitRequantExact(fullyConnectedParams(node, graph).outputMultipliers)
  );
}

/**
 * The DSP kernel's `weights` table (see anvil_fully_connected_dsp_s8.h) as int32 words, per
 * group of four units (zero rows past the last): the four folded biases, then for every four
 * bytes of depth the four rows' words in turn, then (depth % 4 ≠ 0) each row's last bytes
 * zero-padded to a word. One pointer walks it with immediate offsets.
 */
export function dspWeightTable(w: Int8Array, units: number, D: number, bias: Int32Array): Int32Array {
  const groups = Math.ceil(units / 4);
  const words = Math.ceil(D / 4);
  const out = new Int32Array(groups * 4 * (1 + words));
  let o = 0;
  const byte = (u: number, k: number): number => (u < units && k < D ? (w[u * D + k] as number) & 0xff : 0);
  for (let g = 0; g < units; g += 4) {
    for (let r = 0; r < 4; r++) out[o++] = g + r < units ? (bias[g + r] as number) : 0;
    for (let k = 0; k < D; k += 4)
      for (let r = 0; r < 4; r++)
        out[o++] = byte(g + r, k) | (byte(g + r, k + 1) << 8) | (byte(g + r, k + 2) << 16) | (byte(g + r, k + 3) << 24);
  }
  return out;
}

/**
 * Whether the paired layout is exact for these weights (see anvil_fully_connected_dsp_s8.h):
 * every halfword 256·w[odd row] + w[even row] fits int16, and every odd row's folded bias
 * plus its largest possible sum (inputs down to −128) stays below 2^23 in magnitude, so
 * 256 times it never leaves int32.
 */
export function dspPairable(w: Int8Array, units: number, D: number, bias: Int32Array): boolean {
  for (let u = 1; u < units; u += 2) {
    let bound = Math.abs(bias[u] as number);
    for (let k = 0; k < D; k++) {
      const hi = w[u * D + k] as number;
      const lo = w[(u - 1) * D + k] as number;
      const h = 256 * hi + lo;
      if (h < -32768 || h > 32767) return false;
      bound += 128 * Math.abs(hi);
    }
    if (bound >= 2 ** 23) return false;
  }
  return true;
}

/**
 * The paired table (anvil_fully_connected_dsp_s8.h): per group of four units, the init words
 * bias0, bias0 + 256·bias1, bias2, bias2 + 256·bias3, then per four bytes of depth the words
 * [h(d), h(d+2)], [h(d+1), h(d+3)] of rows 0 and 1, then of rows 2 and 3, h(k) = 256·w1[k] +
 * w0[k] as a little-endian int16 (zero past the depth and for missing rows).
 */
export function dspPairedTable(w: Int8Array, units: number, D: number, bias: Int32Array): Int32Array {
  const groups = Math.ceil(units / 4);
  const words = Math.ceil(D / 4);
  const out = new Int32Array(groups * 4 * (1 + words));
  let o = 0;
  const wt = (u: number, k: number): number => (u < units && k < D ? (w[u * D + k] as number) : 0);
  const b = (u: number): number => (u < units ? (bias[u] as number) : 0);
  const h = (u: number, k: number): number => (256 * wt(u + 1, k) + wt(u, k)) & 0xffff;
  for (let g = 0; g < units; g += 4) {
    out[o++] = b(g);
    out[o++] = (b(g) + Math.imul(256, b(g + 1))) | 0;
    out[o++] = b(g + 2);
    out[o++] = (b(g + 2) + Math.imul(256, b(g + 3))) | 0;
    for (let k = 0; k < D; k += 4)
      for (const u of [g, g + 2]) {
        out[o++] = h(u, k) | (h(u, k + 2) << 16);
        out[o++] = h(u, k + 1) | (h(u, k + 3) << 16);
      }
  }
  return out;
}

/**
 * The Helium kernel's `weights` table (see anvil_fully_connected_mve_s8.h), per group of four
 * units (zero rows past the last): every 16-byte block of the four rows in turn, then their
 * D % 16 tail bytes one row after another, then the four folded biases (little-endian int32);
 * per channel, then the four multipliers (int32), minus the right shifts and, unless every
 * unit shifts right only, the left shifts (int8 each).
 */
export function mveWeightTable(
  w: Int8Array,
  units: number,
  D: number,
  bias: Int32Array,
  requant: { readonly multipliers: readonly number[]; readonly shifts: readonly number[] } | undefined,
): Int8Array {
  const out: number[] = [];
  const row = (u: number, k: number): number => (u < units ? (w[u * D + k] as number) : 0);
  const lanes = (g: number, bytes: number, f: (u: number) => number): void => {
    for (let u = g; u < g + 4; u++) {
      const v = u < units ? f(u) : 0;
      for (let b = 0; b < bytes; b++) out.push(((v >> (8 * b)) << 24) >> 24);
    }
  };
  const full = D - (D % 16);
  for (let g = 0; g < units; g += 4) {
    for (let k0 = 0; k0 < full; k0 += 16) for (let r = 0; r < 4; r++) for (let k = k0; k < k0 + 16; k++) out.push(row(g + r, k));
    for (let r = 0; r < 4; r++) for (let k = full; k < D; k++) out.push(row(g + r, k));
    lanes(g, 4, (u) => bias[u] as number);
    if (requant !== undefined) {
      const { multipliers: m, shifts: s } = requant;
      lanes(g, 4, (u) => m[u] as number);
      lanes(g, 1, (u) => -Math.max(-(s[u] as number), 0));
      if (mveRequantForm(s) === 0) lanes(g, 1, (u) => Math.max(s[u] as number, 0));
    }
  }
  return Int8Array.from(out);
}

/**
 * Int8 fully connected, four units at a time sharing each load of the input vector
 * (`runtime-c/kernels/anvil_fully_connected_{dsp,mve}_s8.h`).
 */
export function emitFullyConnectedSimd(node: NodeOf<'FULLY_CONNECTED'>, ctx: KernelEmitContext, isa: SimdBackend): KernelCall {
  const graph = ctx.graph;
  const p = fullyConnectedParams(node, graph);
  const D = p.depth;
  const w = int8Weights(graph, node.inputs[1] as number);
  const bias = foldedBias(graph, node.inputs[2], p.units, D, p.inputOffset, (c, k) => w[c * D + k] as number);
  const uniform = p.outputMultipliers.every((m) => m === p.outputMultipliers[0]) && p.outputShifts.every((s) => s === p.outputShifts[0]);
  const shift0 = p.outputShifts[0] as number;
  // Per-channel tables may hold one entry for all units: widened to one per unit.
  const perUnit = (a: readonly number[]): number[] => Array.from({ length: p.units }, (_, u) => (a.length === 1 ? a[0] : a[u]) as number);
  const paired = isa.isa === 'dsp' && dspPairable(w, p.units, D, bias);
  const tables: Array<readonly [string, KernelParam]> =
    isa.isa === 'dsp'
      ? [
          ...splitRequantParams(p.outputMultipliers, p.outputShifts),
          ['right_only', dspRequantForm(p.outputMultipliers, p.outputShifts)],
          ['paired', paired ? 1 : 0],
          ['weights', int32Table((paired ? dspPairedTable : dspWeightTable)(w, p.units, D, bias))],
        ]
      : [
          ['per_channel', uniform ? 0 : 1],
          ['right_only', mveRequantForm(p.outputShifts)],
          // Scalars, not structural: layers that differ only here share a specialised function.
          ['multiplier', { scalar: uniform ? (p.outputMultipliers[0] as number) : 0 }],
          ['left', { scalar: uniform ? Math.max(shift0, 0) : 0 }],
          ['right', { scalar: uniform ? Math.max(-shift0, 0) : 0 }],
          [
            'weights',
            {
              table: {
                ctype: 'int8_t',
                values: mveWeightTable(
                  w,
                  p.units,
                  D,
                  bias,
                  uniform ? undefined : { multipliers: perUnit(p.outputMultipliers), shifts: perUnit(p.outputShifts) },
                ),
              },
            },
          ],
        ];
  return {
    function: `anvil_fully_connected_${isa.isa}_s8`,
    operands: [0],
    params: [['batches', p.batches], ['depth', D], ['units', p.units], ...offsetParams(p), ...tables],
  };
}
