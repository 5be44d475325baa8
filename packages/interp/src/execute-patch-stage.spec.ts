import { axisWindow, effectiveFilter, patchStage, stageProblem, verifyGraph } from '@anvil/core';
import type { Graph, NodeOf, Padding } from '@anvil/core';
import { describe, expect, it } from 'vitest';
import { interpret } from './interpret.js';
import { GraphBuilder, int8Data } from './test-support/graph-builder.js';

/** xorshift32: a fixed seed gives the same graphs on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

interface Shape {
  h: number;
  w: number;
  c: number;
}

/**
 * A random chain of bandable ops (conv, depthwise, pools, an ADD closing a residual) on small
 * tensors, with strides 1–2, dilations 1–2, SAME and VALID: every halo case the bands meet.
 */
function randomChain(seed: number): { graph: Graph; layers: number } {
  const r = rng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const b = new GraphBuilder();
  let shape: Shape = { h: int(6, 14), w: int(3, 6), c: int(1, 4) };
  let x = b.input([1, shape.h, shape.w, shape.c], { scale: 0.05, zeroPoint: int(-5, 5) });
  const layers = int(2, 5);
  const history: Array<{ id: number; shape: Shape }> = [{ id: x, shape }];
  for (let i = 0; i < layers; i++) {
    const kind = int(0, 4);
    const padding: Padding = r() < 0.5 ? 'SAME' : 'VALID';
    const stride = r() < 0.3 ? 2 : 1;
    const q = { scale: 0.04 + r() * 0.04, zeroPoint: int(-10, 10) };
    const same = history.filter((h) => h.id !== x && h.shape.h === shape.h && h.shape.w === shape.w && h.shape.c === shape.c);
    if (kind === 4 && same.length > 0) {
      const other = same[int(0, same.length - 1)] as { id: number };
      const y = b.tensor([1, shape.h, shape.w, shape.c], 'int8', q);
      b.node('ADD', [x, other.id], [y], { activation: 'NONE' });
      x = y;
      history.push({ id: y, shape });
      continue;
    }
    const k = int(1, 3);
    const dil = kind <= 1 && r() < 0.25 ? 2 : 1;
    const eff = effectiveFilter(k, dil);
    if (padding === 'VALID' && (shape.h < eff || shape.w < eff)) continue;
    const oh = axisWindow(padding, shape.h, k, stride, dil).out;
    const ow = axisWindow(padding, shape.w, k, stride, dil).out;
    let oc = shape.c;
    if (kind === 0) {
      oc = int(1, 4);
      const wq = Array.from({ length: oc }, () => 0.01 + r() * 0.02);
      const wts = b.int8Const(
        [oc, k, k, shape.c],
        Array.from({ length: oc * k * k * shape.c }, () => int(-127, 127)),
        { scale: wq, axis: 0 },
      );
      const bias = b.int32Const(
        [oc],
        Array.from({ length: oc }, () => int(-500, 500)),
      );
      const y = b.tensor([1, oh, ow, oc], 'int8', q);
      b.node('CONV_2D', [x, wts, bias], [y], {
        padding,
        strideH: stride,
        strideW: stride,
        dilationH: dil,
        dilationW: dil,
        activation: 'RELU6',
      });
      x = y;
    } else if (kind === 1) {
      const wq = Array.from({ length: oc }, () => 0.01 + r() * 0.02);
      const wts = b.int8Const(
        [1, k, k, oc],
        Array.from({ length: oc * k * k }, () => int(-127, 127)),
        { scale: wq, axis: 3 },
      );
      const bias = b.int32Const(
        [oc],
        Array.from({ length: oc }, () => int(-500, 500)),
      );
      const y = b.tensor([1, oh, ow, oc], 'int8', q);
      b.node('DEPTHWISE_CONV_2D', [x, wts, bias], [y], {
        padding,
        strideH: stride,
        strideW: stride,
        dilationH: dil,
        dilationW: dil,
        activation: 'NONE',
        depthMultiplier: 1,
      });
      x = y;
    } else {
      if (dil !== 1) continue;
      const prev = b.build().tensors[x]?.quant;
      const y = b.tensor([1, oh, ow, oc], 'int8', { scale: prev?.scale[0] ?? 0.05, zeroPoint: prev?.zeroPoint[0] ?? 0 });
      b.node(kind === 2 ? 'AVERAGE_POOL_2D' : 'MAX_POOL_2D', [x], [y], {
        padding,
        strideH: stride,
        strideW: stride,
        filterH: k,
        filterW: k,
        activation: 'NONE',
      });
      x = y;
    }
    shape = { h: oh, w: ow, c: oc };
    history.push({ id: x, shape });
  }
  b.output(x);
  const graph = b.build();
  return { graph, layers: graph.nodes.length };
}

function randomInput(g: Graph, seed: number): Uint8Array {
  const r = rng(seed);
  const t = g.tensors[g.inputs[0] as number];
  const n = (t?.shape ?? []).reduce((a, d) => a * d, 1);
  return int8Data(Array.from({ length: n }, () => Math.floor(r() * 256) - 128));
}

describe('patch stages in the interpreter', () => {
  it('run band by band equal to the whole graph, byte for byte, on random chains and every band count', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { graph, layers } = randomChain(seed);
      if (layers < 2) continue;
      verifyGraph(graph);
      const input = randomInput(graph, seed * 7);
      const want = interpret(graph, [input])[0];
      const rows = graph.tensors[graph.nodes[layers - 1]?.outputs[0] as number]?.shape[1] ?? 1;
      for (let first = 0; first < layers - 1; first++) {
        if (stageProblem(graph, { first, last: layers - 1 }) !== undefined) continue;
        for (let bands = 1; bands <= rows; bands++) {
          const patched = patchStage(graph, { first, last: layers - 1 }, bands);
          verifyGraph(patched);
          expect(interpret(patched, [input])[0], `seed ${seed}, nodes ${first}.., ${bands} bands`).toEqual(want);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('computes the halo rows the bands recompute, and the verifier refuses bands that leave a row out', () => {
    const { graph } = randomChain(3);
    const n = graph.nodes.length;
    const patched = patchStage(graph, { first: 0, last: n - 1 }, 2);
    const stage = patched.nodes.find((x) => x.op === 'PATCH_STAGE') as NodeOf<'PATCH_STAGE'>;
    const rows = stage.attrs.rows;
    // Drop the last row of the first band's first node: a reader in the stage needed it, or the output did.
    const broken = rows.map((band, b) => band.map((s, i) => (b === 0 && i === 0 ? { start: s.start, end: s.end - 1 } : s)));
    const bad: Graph = {
      ...patched,
      nodes: patched.nodes.map((x) => (x === stage ? { ...stage, attrs: { ...stage.attrs, rows: broken } } : x)),
    };
    expect(() => verifyGraph(bad)).toThrow(/must lie in/);
  });
});
