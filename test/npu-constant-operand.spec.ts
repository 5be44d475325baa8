import { describe, expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { NodeOf, Tensor } from '@anvil/core';
import { interpret, interpretAll } from '@anvil/interp';
import { EthosUOffloader, firstFitScratch, isOurRegion } from '@anvil/npu-ethos-u';
import { GraphBuilder, firstDifference, xorshiftBytes } from '@anvil/testing';
import { runHost } from './support/host-build.js';
import { buildForHostWithNpu } from './support/npu-build.js';
import { buildSimulator, runSimulator } from './support/npu-sim.js';

// Elementwise ops with a constant operand: the compiler copies the constant from flash into
// scratch with a DMA command first. No shared model has one, so a hand-made graph:
// y = (x + c1) * c2, then + x.
function graph() {
  const b = new GraphBuilder(3);
  const x = b.input([1, 6, 5, 8], 0.05, -3);
  const c1 = b.int8Const(
    [1, 6, 5, 8],
    Array.from({ length: 240 }, (_, i) => ((i * 37) % 255) - 127),
    0.04,
    5,
  );
  const c2 = b.int8Const(
    [1, 6, 5, 8],
    Array.from({ length: 240 }, (_, i) => ((i * 11) % 200) - 100),
    0.02,
    -1,
  );
  const a = b.activation([1, 6, 5, 8], 0.08, 2);
  const m = b.activation([1, 6, 5, 8], 0.03, -4);
  const y = b.activation([1, 6, 5, 8], 0.1, 0);
  b.node('ADD', [x, c1], [a], { activation: 'NONE' });
  b.node('MUL', [a, c2], [m], { activation: 'RELU' });
  b.node('ADD', [m, x], [y], { activation: 'NONE' });
  return b.build('const_operands', [y]);
}

describe('NPU elementwise ops with a constant operand (DMA from flash)', () => {
  const g = graph();
  const inputs = [1, 2, 3].map((seed) => [xorshiftBytes(seed, 240)]);

  it('compiles to two DMAs before their ops; the simulator matches the interpreter and the estimate', () => {
    const offloader = new EthosUOffloader(firstFitScratch);
    const node = offloader.partition(g, 'ethos-u55-64').graph.nodes.find(isOurRegion) as NodeOf<'OFFLOAD_REGION'>;
    expect(node.attrs.body.nodes).toHaveLength(3);
    const c = offloader.compile(node);
    expect(c.ops.map((o) => o.kind)).toEqual(['dma', 'add', 'dma', 'mul', 'add']);
    const exe = buildSimulator();
    for (const ins of inputs) {
      const values = interpretAll(g, ins);
      const run = runSimulator(exe, c.commandStream, c.weights, c.scratchBytes, ins, [240]);
      expect(run.status).toBe(0);
      expect(firstDifference(run.outputs[0] as Uint8Array, values.get(g.outputs[0] as number) as Uint8Array)).toBe(-1);
      expect(run.cycles).toBe(c.cycles);
      // Each DMA reads and writes its 240 bytes; each elementwise op reads two maps and writes one.
      expect({ read: run.read, written: run.written }).toEqual({ read: 2 * 240 + 3 * 480, written: 2 * 240 + 3 * 240 });
    }
  });

  it('the host build with --npu is byte-identical to the interpreter', async () => {
    const build = await buildForHostWithNpu(g, 'ethos-u55-32');
    for (const ins of inputs) {
      const got = runHost(build, ins, [tensorBytes(g.tensors[g.outputs[0] as number] as Tensor)], `s${ins[0]?.[0]}`);
      expect(firstDifference(got[0] as Uint8Array, interpret(g, ins)[0] as Uint8Array)).toBe(-1);
    }
  });
});
