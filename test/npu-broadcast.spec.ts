import { describe, expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { NodeOf, Tensor } from '@anvil/core';
import { interpret, interpretAll } from '@anvil/interp';
import { EthosUOffloader, firstFitScratch, isOurRegion } from '@anvil/npu-ethos-u';
import { GraphBuilder, firstDifference, xorshiftBytes } from '@anvil/testing';
import { runHost } from './support/host-build.js';
import { buildForHostWithNpu } from './support/npu-build.js';
import { buildSimulator, runSimulator } from './support/npu-sim.js';

// ADD and MUL with size-1 axes broadcast on the NPU. No shared model has one, so a hand-made
// graph: every foldable broadcast once, each operand side, a constant among them.
// y = ((x + bias[C]) * rowScale[1,6,1,8]) + colShift[1,1,5,1]
function graph() {
  const b = new GraphBuilder(4);
  const x = b.input([1, 6, 5, 8], 0.05, -3);
  const rowScale = b.input([1, 6, 1, 8], 0.03, 4);
  const colShift = b.input([1, 1, 5, 1], 0.07, -9);
  const bias = b.int8Const(
    [8],
    Array.from({ length: 8 }, (_, i) => i * 29 - 110),
    0.04,
    5,
  );
  const a = b.activation([1, 6, 5, 8], 0.08, 2);
  const m = b.activation([1, 6, 5, 8], 0.03, -4);
  const y = b.activation([1, 6, 5, 8], 0.1, 0);
  b.node('ADD', [x, bias], [a], { activation: 'NONE' });
  b.node('MUL', [rowScale, a], [m], { activation: 'RELU' });
  b.node('ADD', [m, colShift], [y], { activation: 'NONE' });
  return b.build('broadcast', [y]);
}

describe('NPU ADD and MUL broadcasting size-1 axes', () => {
  const g = graph();
  const sizes = [240, 48, 5];
  const inputs = [1, 2, 3].map((seed) => sizes.map((n, k) => xorshiftBytes(seed * 7 + k, n)));

  it('runs the three ops on the NPU; the simulator matches the interpreter and the estimate', () => {
    const offloader = new EthosUOffloader(firstFitScratch);
    const node = offloader.partition(g, 'ethos-u55-128').graph.nodes.find(isOurRegion) as NodeOf<'OFFLOAD_REGION'>;
    expect(node.attrs.body.nodes).toHaveLength(3);
    const c = offloader.compile(node);
    expect(c.ops.map((o) => o.kind)).toEqual(['dma', 'add', 'mul', 'add']);
    const exe = buildSimulator();
    for (const ins of inputs) {
      const values = interpretAll(g, ins);
      const regionInputs = node.inputs.map((id) => values.get(id) as Uint8Array);
      const run = runSimulator(exe, c.commandStream, c.weights, c.scratchBytes, regionInputs, [240]);
      expect(run.status).toBe(0);
      expect(firstDifference(run.outputs[0] as Uint8Array, values.get(g.outputs[0] as number) as Uint8Array)).toBe(-1);
      expect(run.cycles).toBe(c.cycles);
    }
  });

  it('refuses a broadcast of some leading axes only, saying why', () => {
    const b = new GraphBuilder(2);
    const x = b.input([2, 3, 4, 8], 0.05, 0);
    const z = b.input([2, 1, 4, 8], 0.05, 0);
    const y = b.activation([2, 3, 4, 8], 0.1, 0);
    b.node('ADD', [x, z], [y], { activation: 'NONE' });
    const p = new EthosUOffloader(firstFitScratch).partition(b.build('lead', [y]), 'ethos-u55-128');
    expect(p.decisions[0]?.reason).toBe(
      'input 1 broadcasts some leading axes of [2, 3, 4, 8] but not all; the NPU folds them into one height',
    );
  });

  it('the host build with --npu is byte-identical to the interpreter', async () => {
    const build = await buildForHostWithNpu(g, 'ethos-u55-32');
    for (const ins of inputs) {
      const got = runHost(build, ins, [tensorBytes(g.tensors[g.outputs[0] as number] as Tensor)], `s${ins[0]?.[0]}`);
      expect(firstDifference(got[0] as Uint8Array, interpret(g, ins)[0] as Uint8Array)).toBe(-1);
    }
  });
});
