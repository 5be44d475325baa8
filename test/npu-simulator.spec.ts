import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Graph, NodeOf, Tensor } from '@anvil/core';
import { interpretAll } from '@anvil/interp';
import { EthosUOffloader, NPU_RUNTIME_DIR, firstFitScratch, isOurRegion } from '@anvil/npu-ethos-u';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { describeShared, firstDifference, loadRefs, tfliteModelsWithRefs } from '@anvil/testing';
import { buildSimulator, runSimulator } from './support/npu-sim.js';
import { loadGraph } from './support/load-graph.js';

// Region by region, the C simulator (ASan + UBSan) against the interpreter, on the inputs the
// interpreter computed for each region; and its counted cycles, MACs and bytes against the
// TypeScript estimator's, which must agree exactly.
// deep-embedded: flash at 0.5 B/cycle, a rate the stream carries scaled, must count the same too.
const CONFIGS = ['ethos-u55-128', 'ethos-u55-256', 'ethos-u55-32', 'ethos-u55-128@deep-embedded'];
const UNSUPPORTED = new Set(['trained_lstm_int8']);

function regions(graph: Graph): NodeOf<'OFFLOAD_REGION'>[] {
  return graph.nodes.filter(isOurRegion);
}

describeShared('NPU simulator: bit-exact and cycle-exact per region', (modelsDir) => {
  const exe = buildSimulator();
  for (const stem of tfliteModelsWithRefs(modelsDir).filter((s) => !UNSUPPORTED.has(s))) {
    it(`${stem}: every region, every configuration and seed`, () => {
      const refs = loadRefs(modelsDir, stem);
      const graph = loadGraph(refs.modelPath);
      const values = refs.runs.map((run) => interpretAll(graph, run.inputs));
      for (const config of CONFIGS) {
        const offloader = new EthosUOffloader(firstFitScratch);
        const partitioned = offloader.partition(graph, config).graph;
        expect(regions(partitioned).length, `${stem} ${config} has a region`).toBeGreaterThan(0);
        for (const node of regions(partitioned)) {
          const c = offloader.compile(node);
          const estimatedMacs = c.costs.reduce((s, k) => s + k.macs, 0);
          const estimatedRead = c.costs.reduce((s, k) => s + k.bytesRead, 0);
          const estimatedWritten = c.costs.reduce((s, k) => s + k.bytesWritten, 0);
          const estimatedBlocks = c.costs.reduce((s, k) => s + k.blocks, 0);
          values.forEach((v, seed) => {
            const inputs = node.inputs.map((id) => v.get(id) as Uint8Array);
            const sizes = node.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
            const run = runSimulator(exe, c.commandStream, c.weights, c.scratchBytes, inputs, sizes);
            const where = `${stem} ${config} ${node.name} seed ${seed + 1}`;
            expect(run.status, where).toBe(0);
            run.outputs.forEach((bytes, k) => {
              expect(firstDifference(bytes, v.get(node.outputs[k] as number) as Uint8Array), `${where} output ${k}`).toBe(-1);
            });
            expect(
              { cycles: run.cycles, macs: run.macs, read: run.read, written: run.written, ops: run.ops, blocks: run.blocks },
              where,
            ).toEqual({
              cycles: c.cycles,
              macs: estimatedMacs,
              read: estimatedRead,
              written: estimatedWritten,
              ops: c.ops.length,
              blocks: estimatedBlocks,
            });
          });
        }
      }
    });
  }
});

it('the NPU runtime is C99 that calls nothing but memset/memmove (no allocator, no stdio)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'anvil-npu-nm-'));
  const undefinedSymbols = readdirSync(NPU_RUNTIME_DIR)
    .filter((f) => f.endsWith('.c'))
    .flatMap((f) => {
      const obj = join(dir, `${f}.o`);
      const cc = spawnSync(
        'gcc',
        [
          '-std=c99',
          '-O2',
          '-Wall',
          '-Wextra',
          '-Werror',
          '-pedantic',
          `-I${join(RUNTIME_C_DIR, 'include')}`,
          '-c',
          join(NPU_RUNTIME_DIR, f),
          '-o',
          obj,
        ],
        { encoding: 'utf8' },
      );
      expect(cc.status, cc.stderr).toBe(0);
      const nm = spawnSync('nm', ['-u', obj], { encoding: 'utf8' });
      return nm.stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/).pop() ?? '')
        .filter((x) => x.length > 0);
    });
  const external = new Set(undefinedSymbols.filter((x) => !x.startsWith('npu_') && !x.startsWith('anvil_')));
  expect([...external].filter((x) => x !== 'memset' && x !== 'memmove')).toEqual([]);
});
