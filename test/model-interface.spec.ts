import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { perTensor, tensorBytes } from '@anvil/core';
import type { Graph, Node, Tensor } from '@anvil/core';
import { interpret } from '@anvil/interp';
import { firstDifference, xorshiftBytes } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';

// The model's edges in the generated C: outputs that are not computed by a kernel into the
// arena (a constant, an input, a view of an input) and a node reading one tensor twice. Each
// graph is built with ASan/UBSan and must give the interpreter's bytes. Differential fuzzing
// (test/model-fuzz.spec.ts) found two: a constant output was copied from arena offset 0
// instead of from flash, and `x + x` declared a parameter it never read (so did not build).
// Inputs that are outputs and views of inputs were right already; they stay guarded here.

const act = (id: number, shape: number[], zp = 0): Tensor => ({ id, name: `t${id}`, shape, dtype: 'int8', quant: perTensor(0.25, zp) });
const add = (id: number, a: number, b: number, out: number): Node => ({
  id,
  op: 'ADD',
  name: `add${id}`,
  inputs: [a, b],
  outputs: [out],
  attrs: { activation: 'NONE' },
});

/** t0 (the input) + t2 (a constant) → t1, plus whatever `extra` adds (ids from 3); outputs as given. */
function graph(name: string, outputs: number[], extra: { tensors?: Tensor[]; nodes?: Node[] } = {}): Graph {
  const k: Tensor = { ...act(2, [1, 6], 1), data: Uint8Array.from([5, 250, 0, 127, 128, 9]) };
  return {
    name,
    tensors: [act(0, [1, 6], 3), act(1, [1, 6], -2), k, ...(extra.tensors ?? [])],
    nodes: [add(0, 0, 2, 1), ...(extra.nodes ?? [])],
    inputs: [0],
    outputs,
  };
}

async function expectSameAsInterpreter(g: Graph): Promise<void> {
  const build = await buildForHost(g);
  const outputBytes = g.outputs.map((id) => tensorBytes(g.tensors[id] as Tensor));
  for (const seed of [1, 2]) {
    const inputs = [xorshiftBytes(seed, 6)];
    const want = interpret(g, inputs);
    const got = runHost(build, inputs, outputBytes, `s${seed}`);
    got.forEach((bytes, k) => expect(firstDifference(bytes, want[k] as Uint8Array), `${g.name} seed ${seed} output ${k}`).toBe(-1));
  }
  rmSync(build.dir, { recursive: true, force: true });
}

describe('model outputs that no kernel writes, in the generated C', () => {
  it('a constant output is copied from flash, whatever its dtype', async () => {
    const c8: Tensor = { ...act(3, [1, 3]), data: Uint8Array.from([1, 0x80, 0x7f]) };
    const c32: Tensor = { id: 4, name: 'c32', shape: [2], dtype: 'int32', data: Uint8Array.from([1, 2, 3, 4, 0xff, 0xff, 0xff, 0x80]) };
    // NaN and -0 bit patterns: bytes, not values, are copied.
    const cf: Tensor = { id: 5, name: 'cf', shape: [2], dtype: 'float32', data: Uint8Array.from([0, 0, 0xc0, 0x7f, 0, 0, 0, 0x80]) };
    // t2 is also read by the ADD (a weight), t3 only output, and t3 twice.
    await expectSameAsInterpreter(graph('const_out', [3, 1, 4, 5, 3, 2], { tensors: [c8, c32, cf] }));
  });

  it('an input that is also an output is copied out as given', async () => {
    await expectSameAsInterpreter(graph('input_out', [1, 0]));
    // No node at all: the run function only copies.
    await expectSameAsInterpreter({ ...graph('copy_only', [0, 2, 0]), nodes: [] });
  });

  it('an output that is a view (RESHAPE) of an input is copied out of the input buffer', async () => {
    const view: Tensor = { ...act(3, [2, 3], 3) };
    const reshape: Node = { id: 1, op: 'RESHAPE', name: 'view', inputs: [0], outputs: [3], attrs: {} };
    await expectSameAsInterpreter(graph('view_out', [3, 1], { tensors: [view], nodes: [reshape] }));
  });

  it('a node reading one tensor in two slots gets one parameter per slot (x + x)', async () => {
    const twice = graph('twice', [1]);
    await expectSameAsInterpreter({ ...twice, nodes: [add(0, 0, 0, 1)] });
  });
});
