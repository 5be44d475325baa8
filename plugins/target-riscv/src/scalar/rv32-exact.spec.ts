import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTABLE_STRATEGIES, RUNTIME_C_DIR } from '@anvil/codegen-c';
import { elementCount } from '@anvil/core';
import type { Graph, KernelCall, KernelParam, KernelStrategy, Node, Quantization, Target, Tensor } from '@anvil/core';
import { RISCV_TARGETS } from '../riscv-targets.js';
import { RISCV_SCALAR_STRATEGIES } from './strategies.js';

// End to end on the host: graphs through both the scalar RV32 strategies and portable C, the
// emitted calls written out as C with their tables, both kernels run on the same inputs and
// compared byte for byte, so the tables laid out here and the kernels reading them agree.

type Op = 'CONV_2D' | 'DEPTHWISE_CONV_2D' | 'FULLY_CONNECTED';

interface Case {
  readonly op: Op;
  readonly input: number[];
  readonly weights: number[];
  readonly output: number[];
  readonly attrs: Record<string, unknown>;
  readonly perChannel: boolean;
  readonly inputZeroPoint: number;
  readonly outputZeroPoint: number;
  readonly bias: boolean;
  readonly seed: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const RV32IMAC = RISCV_TARGETS.find((t) => t.name === 'rv32imac') as Target;

function caseGraph(c: Case): Graph {
  const next = lcg(c.seed);
  const channelAxis = c.op === 'DEPTHWISE_CONV_2D' ? 3 : 0;
  const channels = c.weights[channelAxis] as number;
  const wq: Quantization = c.perChannel
    ? {
        scale: Array.from({ length: channels }, () => Math.fround(0.002 + (next() % 1000) / 200000)),
        zeroPoint: new Array<number>(channels).fill(0),
        axis: channelAxis,
      }
    : { scale: [Math.fround(0.004)], zeroPoint: [0], axis: 0 };
  const wData = new Uint8Array(elementCount(c.weights)).map(() => next() & 0xff);
  const bData = new Uint8Array(4 * channels);
  new DataView(bData.buffer).setInt32(0, 0);
  for (let i = 0; i < channels; i++) new DataView(bData.buffer).setInt32(4 * i, ((next() % 40001) - 20000) | 0, true);
  const tensors: Tensor[] = [
    { id: 0, name: 'x', shape: c.input, dtype: 'int8', quant: { scale: [Math.fround(0.05)], zeroPoint: [c.inputZeroPoint], axis: 0 } },
    { id: 1, name: 'w', shape: c.weights, dtype: 'int8', quant: wq, data: wData },
    { id: 2, name: 'y', shape: c.output, dtype: 'int8', quant: { scale: [Math.fround(0.09)], zeroPoint: [c.outputZeroPoint], axis: 0 } },
    {
      id: 3,
      name: 'b',
      shape: [channels],
      dtype: 'int32',
      quant: { scale: wq.scale.map((s) => Math.fround(s * 0.05)), zeroPoint: new Array<number>(wq.scale.length).fill(0), axis: 0 },
      data: bData,
    },
  ];
  const node = { id: 0, op: c.op, name: 'n', inputs: [0, 1, c.bias ? 3 : -1], outputs: [2], attrs: c.attrs } as unknown as Node;
  return { name: 'g', tensors, nodes: [node], inputs: [0], outputs: [2] };
}

const CTYPE_OF: Record<string, string> = { int8: 'int8_t', int32: 'int32_t' };

/** `call` as a C parameter struct named `name`, its tables and the constants it names emitted into `decls`. */
function cParams(call: KernelCall, name: string, decls: string[]): string {
  const fields = call.params.map(([field, v]: readonly [string, KernelParam], i) => {
    if (typeof v === 'number' || typeof v === 'string') return `.${field} = ${v}`;
    if ('scalar' in v) return `.${field} = ${v.scalar}`;
    if (!('table' in v)) return `.${field} = {${v.join(', ')}}`;
    const t = v.table;
    const arr = `${name}_t${i}`;
    decls.push(`static const ${t.ctype} ${arr}[] = {${Array.from(t.values).join(', ')}};`);
    return `.${field} = ${arr}`;
  });
  return `static const ${call.function}_params_t ${name} = {${fields.join(', ')}};`;
}

function strategyFor(list: readonly KernelStrategy[], g: Graph): KernelStrategy {
  const node = g.nodes[0] as Node;
  const s = list.find((x) => x.ops.includes(node.op) && x.claim(node, g, RV32IMAC) !== undefined);
  if (s === undefined) throw new Error(`no strategy claims ${node.op}`);
  return s;
}

function program(cases: readonly Case[]): string {
  const decls: string[] = [];
  const body: string[] = [];
  const headers = new Set<string>();
  cases.forEach((c, k) => {
    const g = caseGraph(c);
    const node = g.nodes[0] as Node;
    const used = new Set<number>();
    const ctx = (s: KernelStrategy) => ({
      graph: g,
      target: RV32IMAC,
      functionName: `f${k}`,
      weightSymbol: (id: number) => (used.add(id), `c${k}_w${id}`),
      stateBuffer: () => {
        throw new Error('no state in this graph');
      },
      s,
    });
    const rv = strategyFor(RISCV_SCALAR_STRATEGIES, g);
    const pt = strategyFor(PORTABLE_STRATEGIES, g);
    const a = rv.emit(node, ctx(rv)) as KernelCall;
    const b = pt.emit(node, ctx(pt)) as KernelCall;
    for (const id of used) {
      const t = g.tensors[id] as Tensor;
      const d = t.data as Uint8Array;
      const values =
        t.dtype === 'int8'
          ? Array.from(new Int8Array(d.buffer, d.byteOffset, d.byteLength))
          : Array.from({ length: d.byteLength / 4 }, (_, i) => new DataView(d.buffer, d.byteOffset).getInt32(4 * i, true));
      decls.push(`static const ${CTYPE_OF[t.dtype] ?? 'int8_t'} c${k}_w${id}[] = {${values.join(', ')}};`);
    }
    headers.add(a.function).add(b.function);
    decls.push(cParams(a, `c${k}_a`, decls), cParams(b, `c${k}_b`, decls));
    const nx = elementCount(c.input);
    const ny = elementCount(c.output);
    const ws = rv.workspaceBytes(node, g, RV32IMAC);
    body.push(`{
      static int8_t x[${nx}], y0[${ny + 8}], y1[${ny + 8}], ws[${ws + 1}];
      long i, bad = 0;
      for (i = 0; i < ${nx}; ++i) x[i] = (int8_t)next();
      memset(y0, 0x5a, sizeof y0); memset(y1, 0x5a, sizeof y1);
      if (${a.function}_workspace_bytes(&c${k}_a) > ${ws}) { printf("case ${k}: workspace %lu > ${ws}\\n", (unsigned long)${a.function}_workspace_bytes(&c${k}_a)); ++failed; }
      ${b.function}(&c${k}_b, x, y0, NULL);
      ${a.function}(&c${k}_a, x, y1, ws);
      for (i = 0; i < ${ny + 8}; ++i) bad += y0[i] != y1[i];
      if (bad) { printf("case ${k}: %ld bytes differ\\n", bad); ++failed; }
    }`);
  });
  return [
    '#include <stdio.h>',
    '#include <string.h>',
    ...[...headers].map((h) => `#include "${h}.h"`),
    'static uint32_t s = 2463534242u;',
    'static uint32_t next(void) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }',
    ...decls,
    'int main(void) {',
    '  int failed = 0;',
    ...body,
    `  printf("%d of ${cases.length} failed\\n", failed);`,
    '  return failed != 0;',
    '}',
  ].join('\n');
}

const W = { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' };

const CASES: Case[] = [
  // kws-like first conv: 10×4 window, stride 2, one input channel.
  {
    op: 'CONV_2D',
    input: [1, 13, 7, 1],
    weights: [9, 5, 4, 1],
    output: [1, 7, 4, 9],
    attrs: { ...W, strideH: 2, strideW: 2, activation: 'RELU' },
    perChannel: true,
    inputZeroPoint: -3,
    outputZeroPoint: -128,
    bias: true,
    seed: 1,
  },
  // Pointwise, odd channel counts, pixel count not a multiple of three.
  {
    op: 'CONV_2D',
    input: [1, 5, 5, 7],
    weights: [6, 1, 1, 7],
    output: [1, 5, 5, 6],
    attrs: { ...W, padding: 'VALID' },
    perChannel: true,
    inputZeroPoint: 12,
    outputZeroPoint: 3,
    bias: true,
    seed: 2,
  },
  // 3×3 VALID, dilation, two batches, per-tensor, no bias.
  {
    op: 'CONV_2D',
    input: [2, 9, 8, 3],
    weights: [5, 3, 3, 3],
    output: [2, 5, 4, 5],
    attrs: { ...W, padding: 'VALID', dilationH: 2, dilationW: 2, activation: 'RELU6' },
    perChannel: false,
    inputZeroPoint: -128,
    outputZeroPoint: 0,
    bias: false,
    seed: 3,
  },
  // 1×1 stride 2 (im2col path), zero point 127.
  {
    op: 'CONV_2D',
    input: [1, 6, 6, 5],
    weights: [4, 1, 1, 5],
    output: [1, 3, 3, 4],
    attrs: { ...W, strideH: 2, strideW: 2 },
    perChannel: true,
    inputZeroPoint: 127,
    outputZeroPoint: -7,
    bias: true,
    seed: 4,
  },
  // Depthwise 3×3 SAME stride 1 (the fast path with a pixel tail), and stride 2.
  {
    op: 'DEPTHWISE_CONV_2D',
    input: [1, 7, 6, 5],
    weights: [1, 3, 3, 5],
    output: [1, 7, 6, 5],
    attrs: { ...W, depthMultiplier: 1, activation: 'RELU' },
    perChannel: true,
    inputZeroPoint: -5,
    outputZeroPoint: -128,
    bias: true,
    seed: 5,
  },
  {
    op: 'DEPTHWISE_CONV_2D',
    input: [1, 9, 11, 4],
    weights: [1, 3, 3, 4],
    output: [1, 5, 6, 4],
    attrs: { ...W, strideH: 2, strideW: 2, depthMultiplier: 1 },
    perChannel: false,
    inputZeroPoint: 100,
    outputZeroPoint: 9,
    bias: true,
    seed: 6,
  },
  // Depthwise 5×3 with a depth multiplier, dilation and VALID padding, two batches (the generic path).
  {
    op: 'DEPTHWISE_CONV_2D',
    input: [2, 10, 9, 3],
    weights: [1, 5, 3, 6],
    output: [2, 2, 5, 6],
    attrs: { ...W, padding: 'VALID', dilationH: 2, depthMultiplier: 2 },
    perChannel: true,
    inputZeroPoint: 0,
    outputZeroPoint: 1,
    bias: false,
    seed: 7,
  },
  // Fully connected: 12 units (blocks 8 + 4), depth not a multiple of four, two batches.
  {
    op: 'FULLY_CONNECTED',
    input: [2, 45],
    weights: [12, 45],
    output: [2, 12],
    attrs: { activation: 'NONE', keepNumDims: false },
    perChannel: true,
    inputZeroPoint: -9,
    outputZeroPoint: 4,
    bias: true,
    seed: 8,
  },
  {
    op: 'FULLY_CONNECTED',
    input: [1, 200],
    weights: [3, 200],
    output: [1, 3],
    attrs: { activation: 'RELU', keepNumDims: false },
    perChannel: false,
    inputZeroPoint: 128 - 1,
    outputZeroPoint: -128,
    bias: false,
    seed: 9,
  },
];

describe('scalar RV32 kernels against portable C, through the emitted calls', () => {
  // One compile and run under the sanitizers: seconds, more on a loaded machine, hence the timeout.
  it('give the same bytes for every case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'anvil-rv32-'));
    writeFileSync(join(dir, 'main.c'), program(CASES));
    const kernels = join(RUNTIME_C_DIR, 'kernels');
    const sources = [
      'anvil_conv2d_s8',
      'anvil_conv2d_rv32_s8',
      'anvil_depthwise_conv2d_s8',
      'anvil_depthwise_conv2d_rv32_s8',
      'anvil_fully_connected_s8',
      'anvil_fully_connected_rv32_s8',
    ].map((k) => join(kernels, `${k}.c`));
    const cc = spawnSync(
      'gcc',
      [
        '-std=c99',
        '-O1',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-fsanitize=address,undefined',
        '-fno-sanitize-recover=all',
        `-I${join(RUNTIME_C_DIR, 'include')}`,
        `-I${kernels}`,
        join(dir, 'main.c'),
        ...sources,
        '-o',
        join(dir, 'main'),
      ],
      { encoding: 'utf8' },
    );
    expect(cc.stderr).toBe('');
    expect(cc.status).toBe(0);
    const run = spawnSync(join(dir, 'main'), { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`0 of ${CASES.length} failed\n`);
  }, 60_000);
});
