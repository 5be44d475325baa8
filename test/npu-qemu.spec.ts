import { describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import { qemuToolchain, runFirmware } from '@anvil/host';
import { firstDifference, loadRefs, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { buildForBoardWithNpu } from './support/npu-qemu-build.js';
import { loadGraph } from './support/load-graph.js';

// The NPU simulator cross-compiled into Cortex-M55 firmware beside the Helium CPU kernels, run
// under QEMU (mps3-an547): every shared model, every seed in one launch, byte-identical.
const shared = sharedModels();
const toolchain = qemuToolchain();
const UNSUPPORTED = new Set(['trained_lstm_int8']);

describe.skipIf(!shared.available || !toolchain.available)(
  `--npu ethos-u55-128 on qemu-mps3-an547 vs reference outputs ${shared.reason}${toolchain.reason}`,
  () => {
    const stems = shared.available ? tfliteModelsWithRefs(shared.dir).filter((s) => !UNSUPPORTED.has(s)) : [];
    for (const stem of stems) {
      it(`${stem}: NPU regions and CPU kernels on the board, byte-identical on every seed`, async () => {
        const refs = loadRefs(shared.dir, stem);
        const graph = loadGraph(refs.modelPath);
        const build = await buildForBoardWithNpu(graph, 'cortex-m55', 'qemu-mps3-an547', 'ethos-u55-128');
        expect(build.compiled.report.nodes.some((n) => n.backend === 'ethos-u')).toBe(true);
        const run = runFirmware(
          build.firmware,
          build.board,
          refs.runs.map((r) => r.inputs),
          build.outputBytes,
        );
        expect(run.outputs).toHaveLength(refs.runs.length);
        refs.runs.forEach((ref, s) => {
          const oracle = interpret(graph, ref.inputs);
          (run.outputs[s] ?? []).forEach((bytes, k) => {
            expect(firstDifference(bytes, ref.outputs[k] as Uint8Array), `${stem} seed ${ref.seed} output ${k} vs TFLM`).toBe(-1);
            expect(firstDifference(bytes, oracle[k] as Uint8Array), `${stem} seed ${ref.seed} output ${k} vs interp`).toBe(-1);
          });
        });
      });
    }
  },
);
