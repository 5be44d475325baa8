import { describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import { qemuToolchain, runFirmware } from '@anvil/host';
import { firstDifference, loadRefs, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { buildForBoard } from './support/qemu-build.js';
import { loadGraph } from './support/load-graph.js';

// Generated C with the Cortex-M SIMD kernels, cross-compiled with arm-none-eabi-gcc -O2
// -Werror and run under QEMU, against the TFLite Micro reference outputs and the interpreter:
// byte for byte, every seed. One firmware per model and board runs all seeds in one launch.
const shared = sharedModels();
const toolchain = qemuToolchain();
// `only`: the M3 (no DSP extension: portable C) and M7 boards run two models as a smoke test.
const BOARDS: ReadonlyArray<{ target: string; board: string; backend: string; only?: readonly string[] }> = [
  { target: 'cortex-m4', board: 'qemu-mps2-an386', backend: 'cortex-m-dsp' },
  { target: 'cortex-m55', board: 'qemu-mps3-an547', backend: 'cortex-m-mve' },
  { target: 'cortex-m3', board: 'qemu-mps2-an385', backend: 'portable-c', only: ['kws_ref_model', 'pretrainedResnet_quant'] },
  { target: 'cortex-m7', board: 'qemu-mps2-an500', backend: 'cortex-m-dsp', only: ['kws_ref_model', 'pretrainedResnet_quant'] },
];

describe.skipIf(!shared.available || !toolchain.available)(
  `generated C on QEMU boards vs reference outputs ${shared.reason}${toolchain.reason}`,
  () => {
    const stems = shared.available ? tfliteModelsWithRefs(shared.dir) : [];
    for (const { target, board, backend, only } of BOARDS) {
      for (const stem of stems.filter((s) => only === undefined || only.includes(s))) {
        it(`${stem} on ${board} (${target}): byte-identical to TFLite Micro and to the interpreter on every seed`, async () => {
          const refs = loadRefs(shared.dir, stem);
          const graph = loadGraph(refs.modelPath);
          // Each seed from the initial state, as TFLM ran it (stateless models: the reset is a no-op).
          const build = await buildForBoard(graph, target, board, { resetEachSet: true });
          // The first seed runs again at the end: the instruction count must repeat exactly.
          const sets = [...refs.runs.map((r) => r.inputs), (refs.runs[0] as (typeof refs.runs)[number]).inputs];
          const run = runFirmware(build.firmware, build.board, sets, build.outputBytes);
          expect(run.outputs).toHaveLength(refs.runs.length + 1);
          refs.runs.forEach((ref, s) => {
            const oracle = interpret(graph, ref.inputs);
            (run.outputs[s] ?? []).forEach((bytes, k) => {
              expect(firstDifference(bytes, ref.outputs[k] as Uint8Array), `${stem} seed ${ref.seed} output ${k} vs TFLM`).toBe(-1);
              expect(firstDifference(bytes, oracle[k] as Uint8Array), `${stem} seed ${ref.seed} output ${k} vs interp`).toBe(-1);
            });
          });
          expect(run.instructions[refs.runs.length]).toBe(run.instructions[0]);
          expect(run.instructions[0]).toBeGreaterThan(0);
          expect(run.stackBytes).toBeGreaterThan(0);
          const macNodes = build.compiled.report.nodes.filter((n) => n.op === 'CONV_2D' || n.op === 'FULLY_CONNECTED');
          // The SIMD kernels really are in use wherever a model has int8 conv or FC.
          if (macNodes.length > 0) expect(macNodes.some((n) => n.backend === backend)).toBe(true);
        });
      }
    }
  },
);
