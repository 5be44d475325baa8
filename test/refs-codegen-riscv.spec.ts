import { describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import { RISCV_TOOLS, qemuToolchain, runFirmwareAsync } from '@anvil/host';
import { firstDifference, loadRefs, sharedModels, tfliteModelsWithRefs } from '@anvil/testing';
import { buildForBoard } from './support/qemu-build.js';
import { loadGraph } from './support/load-graph.js';

// Generated C for the RISC-V targets, cross-compiled (riscv64-unknown-elf-gcc -O2 -Werror for
// the scalar ones, clang-19 for Zve32x) and run on QEMU's virt board, against the TFLite Micro
// reference outputs and the interpreter: byte for byte, every seed, every shared model the
// interpreter supports. One firmware per model and target runs all seeds in one launch.
const shared = sharedModels();
const toolchain = qemuToolchain(RISCV_TOOLS);
const BOARD = 'qemu-riscv32-virt';
const VECTOR_BACKEND = 'riscv-rvv';
// The backend that must lower the model's int8 convolutions and fully connected layers.
const TARGETS = [
  { target: 'rv32imc', backend: 'riscv-rv32' },
  { target: 'rv32imac', backend: 'riscv-rv32' },
  { target: 'rv32imac_zve32x', backend: VECTOR_BACKEND },
] as const;

describe.skipIf(!shared.available || !toolchain.available)(
  `generated C on ${BOARD} vs reference outputs ${shared.reason}${toolchain.reason}`,
  () => {
    const stems = shared.available ? tfliteModelsWithRefs(shared.dir) : [];
    for (const { target, backend } of TARGETS) {
      for (const stem of stems) {
        it(`${stem} on ${BOARD} (${target}): byte-identical to TFLite Micro and to the interpreter on every seed`, async () => {
          const refs = loadRefs(shared.dir, stem);
          const graph = loadGraph(refs.modelPath);
          // Each seed from the initial state, as TFLM ran it (stateless models: the reset is a no-op).
          const build = await buildForBoard(graph, target, BOARD, { resetEachSet: true });
          // The first seed runs again at the end: the instruction count must repeat exactly.
          const sets = [...refs.runs.map((r) => r.inputs), (refs.runs[0] as (typeof refs.runs)[number]).inputs];
          const run = await runFirmwareAsync(build.firmware, build.board, sets, build.outputBytes);
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
          // The RISC-V kernels really are in use wherever a model has int8 conv or FC.
          if (macNodes.length > 0) expect(macNodes.some((n) => n.backend === backend)).toBe(true);
        });
      }
    }
  },
);
