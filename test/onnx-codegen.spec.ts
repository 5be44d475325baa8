import { describe, expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { qemuToolchain, RISCV_TOOLS, runFirmware } from '@anvil/host';
import { interpret } from '@anvil/interp';
import { describeShared, firstDifference, loadOnnxRefs, onnxModelsWithRefs, sharedModels } from '@anvil/testing';
import { buildForHost, runHost } from './support/host-build.js';
import { loadOnnx } from './support/load-onnx.js';
import { buildForBoard } from './support/qemu-build.js';

// Generated C of the imported ONNX graphs against Anvil's interpreter, byte for byte on every
// seed, as for TFLite: on the host with ASan and UBSan, and cross-compiled under QEMU for a
// Cortex-M4 (DSP kernels), a Cortex-M55 (Helium), rv32imac (scalar kernels) and rv32imac_zve32x (RVV). ONNX graphs round
// once (their multipliers take the form with no right shift where that is closer), which
// every kernel family must compute exactly as the interpreter does. (Agreement with
// onnxruntime itself is onnx-refs.spec.ts's subject.)
describeShared('generated C of the imported ONNX models on the host vs the interpreter', (modelsDir) => {
  for (const stem of onnxModelsWithRefs(modelsDir)) {
    it(`${stem}: sanitized host build is byte-identical to the interpreter on every seed`, async () => {
      const refs = loadOnnxRefs(modelsDir, stem);
      const m = loadOnnx(refs.modelPath);
      const build = await buildForHost(m.graph);
      const outputBytes = m.graph.outputs.map((id) => tensorBytes(m.graph.tensors[id] as Tensor));
      expect(refs.runs.length).toBe(3);
      for (const run of refs.runs) {
        const inputs = m.storedInputs(run.inputsInt8);
        const got = runHost(build, inputs, outputBytes, `seed${run.seed}`);
        const oracle = interpret(m.graph, inputs);
        got.forEach((bytes, k) => expect(firstDifference(bytes, oracle[k] as Uint8Array), `${stem} seed ${run.seed} output ${k}`).toBe(-1));
      }
    });
  }
});

const shared = sharedModels();
const arm = qemuToolchain();
const riscv = qemuToolchain(RISCV_TOOLS);
// `small`: every node calls the kernels' shared instances, which read the requantization form
// (`right_only`, the no-shift one included) at run time instead of having it folded in.
const BOARDS = [
  { target: 'cortex-m4', board: 'qemu-mps2-an386', tools: arm, codeSize: undefined },
  { target: 'cortex-m4', board: 'qemu-mps2-an386', tools: arm, codeSize: 'small' },
  { target: 'cortex-m55', board: 'qemu-mps3-an547', tools: arm, codeSize: undefined },
  { target: 'cortex-m55', board: 'qemu-mps3-an547', tools: arm, codeSize: 'small' },
  { target: 'rv32imac', board: 'qemu-riscv32-virt', tools: riscv, codeSize: undefined },
  { target: 'rv32imac_zve32x', board: 'qemu-riscv32-virt', tools: riscv, codeSize: undefined },
] as const;

for (const { target, board, tools, codeSize } of BOARDS) {
  const how = codeSize === undefined ? '' : `, --code-size ${codeSize}`;
  describe.skipIf(!shared.available || !tools.available)(
    `imported ONNX models on ${board} (${target}${how}) vs the interpreter ${shared.reason}${tools.reason}`,
    () => {
      const stems = shared.available ? onnxModelsWithRefs(shared.dir) : [];
      for (const stem of stems) {
        it(`${stem} on ${board} (${target}${how}): byte-identical to the interpreter on every seed`, async () => {
          const refs = loadOnnxRefs(shared.dir, stem);
          const m = loadOnnx(refs.modelPath);
          const build = await buildForBoard(m.graph, target, board, codeSize === undefined ? {} : { codeSize });
          const sets = refs.runs.map((r) => m.storedInputs(r.inputsInt8));
          const run = runFirmware(build.firmware, build.board, sets, build.outputBytes);
          expect(run.outputs).toHaveLength(sets.length);
          sets.forEach((inputs, s) => {
            const oracle = interpret(m.graph, inputs);
            (run.outputs[s] ?? []).forEach((bytes, k) =>
              expect(firstDifference(bytes, oracle[k] as Uint8Array), `${stem} seed ${s + 1} output ${k}`).toBe(-1),
            );
          });
          expect(run.instructions[0]).toBeGreaterThan(0);
        });
      }
    },
  );
}
