import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qemuToolchain } from '@anvil/host';
import { interpret } from '@anvil/interp';
import { describeShared, firstDifference, loadOnnxRefs, onnxModelsWithRefs, sharedModels } from '@anvil/testing';
import { loadOnnx } from './support/load-onnx.js';
import { runCli } from './support/run-cli.js';

// The three shared ONNX models through the real `anvil` executable, as a user runs it:
// inspect, interp, compile, run on the host and (under QEMU) a Cortex-M4, plan, and --npu.
const work = mkdtempSync(join(tmpdir(), 'anvil-onnx-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Seed 1's int8 input, laid out as the compiled model takes it, written to a file; and the interpreter's outputs for it. */
function seedOne(modelsDir: string, stem: string): { model: string; input: string; expected: Uint8Array[] } {
  const refs = loadOnnxRefs(modelsDir, stem);
  const m = loadOnnx(refs.modelPath);
  const run = refs.runs.find((r) => r.seed === 1);
  if (run === undefined) throw new Error(`${stem} has no seed-1 run`);
  const inputs = m.storedInputs(run.inputsInt8);
  const input = join(work, `${stem}_in.bin`);
  writeFileSync(input, inputs[0] ?? new Uint8Array(0));
  return { model: refs.modelPath, input, expected: interpret(m.graph, inputs) };
}

function expectOutputs(prefix: string, expected: readonly Uint8Array[], what: string): void {
  expected.forEach((bytes, k) => {
    const got = new Uint8Array(readFileSync(`${prefix}_${k}.bin`));
    expect(firstDifference(got, bytes), `${what} output ${k}`).toBe(-1);
  });
}

describeShared('anvil CLI on the shared ONNX models', (modelsDir) => {
  for (const stem of onnxModelsWithRefs(modelsDir)) {
    it(`${stem}: inspect names the edges left to the application; interp, compile and run --target host agree with the interpreter`, () => {
      const s = seedOne(modelsDir, stem);
      const inspect = runCli(['inspect', s.model]);
      expect(inspect.status, inspect.stderr).toBe(0);
      expect(inspect.stdout).toMatch(/left to the application:\n {2}input "[^"]+": int8/);
      expect(inspect.stdout).toMatch(/float DequantizeLinear x = [0-9.e-]+ \* \(q [+-] \d+\)/);

      const interp = runCli(['interp', s.model, '--input', s.input, '--output', join(work, `${stem}_interp`)]);
      expect(interp.status, interp.stderr).toBe(0);
      expectOutputs(join(work, `${stem}_interp`), s.expected, 'interp');

      const out = join(work, `${stem}_c`);
      const compile = runCli(['compile', s.model, '-o', out]);
      expect(compile.status, compile.stderr).toBe(0);
      expect(readFileSync(join(out, `${stem}.h`), 'utf8')).toMatch(/Left to the application \(imported from onnx\):/);

      const host = runCli(['run', s.model, '--target', 'host', '--sanitize', '--input', s.input, '--output', join(work, `${stem}_host`)]);
      expect(host.status, host.stderr).toBe(0);
      expectOutputs(join(work, `${stem}_host`), s.expected, 'run --target host');
    });
  }

  it('kws_ref_model_qdq: run --npu ethos-u55-128 on the host (the NPU simulator) is byte-identical to the interpreter', () => {
    const s = seedOne(modelsDir, 'kws_ref_model_qdq');
    const r = runCli(['run', s.model, '--npu', 'ethos-u55-128', '--target', 'host', '--input', s.input, '--output', join(work, 'kws_npu')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/NPU ethos-u55-128/);
    expectOutputs(join(work, 'kws_npu'), s.expected, 'run --npu ethos-u55-128');
  });

  it('plan compares the planners on mobilenet_v1_qdq; inspect and compile --npu ethos-u55-128 offload it', () => {
    const model = join(modelsDir, 'mobilenet_v1_qdq.onnx');
    const plan = runCli(['plan', model]);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/ilp\s+[\d,]+/);
    const inspect = runCli(['inspect', model, '--npu', 'ethos-u55-128']);
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/30 of 30 operators offloaded/);
    const compile = runCli(['compile', model, '--npu', 'ethos-u55-128', '-o', join(work, 'vww_npu')]);
    expect(compile.status, compile.stderr).toBe(0);
  });
});

const shared = sharedModels();
const toolchain = qemuToolchain();

describe.skipIf(!shared.available || !toolchain.available)(
  `anvil run --target cortex-m4 on ONNX models ${shared.reason}${toolchain.reason}`,
  () => {
    for (const stem of shared.available ? onnxModelsWithRefs(shared.dir) : []) {
      it(`${stem}: run --target cortex-m4 (QEMU) is byte-identical to the interpreter`, () => {
        const s = seedOne(shared.dir, stem);
        const r = runCli(['run', s.model, '--target', 'cortex-m4', '--input', s.input, '--output', join(work, `${stem}_m4`)]);
        expect(r.status, r.stderr).toBe(0);
        expectOutputs(join(work, `${stem}_m4`), s.expected, 'run --target cortex-m4');
      });
    }
  },
);
