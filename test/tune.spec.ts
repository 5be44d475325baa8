import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, isAnvilError, isKernelCall, parseTuningLog } from '@anvil/core';
import type { KernelStrategy } from '@anvil/core';
import { qemuToolchain } from '@anvil/host';
import { openAnvil, tuneModel } from '@anvil/sdk';
import type { Anvil } from '@anvil/sdk';
import { GraphBuilder, REPO_ROOT } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// `anvil tune` on a QEMU board: every candidate of every kind of layer counted exactly, every
// build checked against the interpreter, the log written, resumed and used by compile and run.

const toolchain = qemuToolchain();
const work = mkdtempSync(join(tmpdir(), 'anvil-tune-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');

function oneLineError(r: { status: number; stderr: string }, code: string): void {
  expect(r.status, r.stderr).toBe(1);
  expect(
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('anvil: ') && !l.startsWith('anvil: tune'))[0],
  ).toMatch(new RegExp(`^anvil: ${code}: `));
}

describe.skipIf(!toolchain.available)(`anvil tune ${toolchain.reason}`, () => {
  it('counts every candidate on the board, keeps the fastest, resumes, and compile and run use the log', () => {
    const log = join(work, 'kws-m4.json');
    const r = runCli(['tune', model, '--target', 'cortex-m4', '-o', log, '--jobs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/anvil: tune \[#+\] (\d+)\/\1 builds counted/);
    expect(r.stdout).toMatch(
      /qemu: [\d,]+ instructions per inference with the default kernels, [\d,]+ tuned .*checked against the interpreter/,
    );
    const tuned = parseTuningLog(readFileSync(log, 'utf8'), log);
    expect([tuned.target, tuned.board]).toEqual(['cortex-m4', 'qemu-mps2-an386']);
    // Every kind of conv, depthwise and FC layer had the DSP kernel and portable C counted, and
    // kept the faster: the DSP kernel (measured at 3–6 times fewer instructions); every kind of
    // convolution had each of the DSP kernel's weight layouts counted too.
    const mac = tuned.entries.filter((e) => ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(e.op));
    expect(mac.length).toBeGreaterThanOrEqual(4);
    for (const e of mac) {
      expect(e.measured.map((m) => m.strategy).sort(), e.key).toEqual(
        expect.arrayContaining([e.best.strategy, expect.stringMatching(/^portable-c\//)]),
      );
      expect(e.best.strategy).toMatch(/^cortex-m-dsp\//);
      if (e.op === 'CONV_2D')
        expect(
          e.measured
            .filter((m) => m.strategy === 'cortex-m-dsp/conv2d_s8')
            .map((m) => m.variant)
            .sort(),
        ).toEqual(['in-place', 'pairs', 'pairs-col']);
      const counts = e.measured.map((m) => m.instructions);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(e.measured[0]).toMatchObject(e.best);
    }

    // Resuming a complete log counts no candidate again: only the defaults and the tuned build.
    const again = runCli(['tune', model, '--target', 'cortex-m4', '-o', log, '--resume']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/builds counted: 2 \(1 of \d+ round\(s\) of candidates, the rest already in the resumed log/);
    // A log the user changed is theirs: not replaced without --resume or --force (Anvil's own,
    // unchanged, would be).
    writeFileSync(log, readFileSync(log, 'utf8').replace('"board"', '"note": "mine", "board"'));
    oneLineError(runCli(['tune', model, '--target', 'cortex-m4', '-o', log]), 'CLI_OUTPUT_EXISTS');

    const c = runCli(['compile', model, '--target', 'cortex-m4', '--tuning-log', log, '-o', join(work, 'compiled'), '--json']);
    expect(c.status, c.stderr).toBe(0);
    const report = JSON.parse(c.stdout) as { nodes: Array<{ step: number; strategy: string; tuning?: string }> };
    const decided = report.nodes.filter((n) => n.tuning === 'applied');
    expect(decided.length).toBe(tuned.entries.length > 0 ? report.nodes.filter((n) => n.strategy !== 'view').length : 0);

    const input = join(work, 'in.bin');
    writeFileSync(
      input,
      Uint8Array.from({ length: 490 }, (_, i) => (i * 31 + 7) & 0xff),
    );
    expect(runCli(['interp', model, '--input', input, '--output', join(work, 'ref')]).status).toBe(0);
    const run = runCli(['run', model, '--target', 'cortex-m4', '--tuning-log', log, '--input', input, '--output', join(work, 'out')]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/tuning log: \d+ step\(s\) use the kernel it chose/);
    expect(readFileSync(join(work, 'out_0.bin'))).toEqual(readFileSync(join(work, 'ref_0.bin')));

    // Another target's log, and a damaged one, are refused with a code that says what to do.
    oneLineError(
      runCli(['compile', model, '--target', 'cortex-m55', '--tuning-log', log, '-o', join(work, 'x')]),
      'TUNING_LOG_TARGET_MISMATCH',
    );
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{"format":"anvil-tuning-log","version":1,"target":"cortex-m4","board":"b","entries":[{}]}');
    oneLineError(runCli(['compile', model, '--target', 'cortex-m4', '--tuning-log', bad, '-o', join(work, 'y')]), 'TUNING_LOG_INVALID');
    oneLineError(
      runCli(['compile', model, '--target', 'cortex-m4', '--tuning-log', join(work, 'none.json'), '-o', join(work, 'z')]),
      'INPUT_FILE_UNREADABLE',
    );
    oneLineError(runCli(['tune', model, '--target', 'cortex-m4', '-o', join(work, 'j.json'), '--jobs', '0']), 'CLI_BAD_ARGUMENT');
    // Host runs are timed, not counted per step: nothing to compare candidates on.
    oneLineError(runCli(['tune', model, '--target', 'host', '-o', join(work, 'h.json')]), 'CLI_BAD_ARGUMENT');
    expect(existsSync(join(work, 'x')) || existsSync(join(work, 'y')) || existsSync(join(work, 'z'))).toBe(false);
  });

  it('a candidate whose outputs differ from the interpreter stops the tuner (TUNING_VARIANT_WRONG), never becomes a choice', async () => {
    const real = await openAnvil({ projectDir: REPO_ROOT });
    const portable = real.services().strategies.find((s) => s.name === 'portable-c/fully_connected_s8') as KernelStrategy;
    // Portable C, and a variant that adds one to the output zero point: wrong on almost every output.
    const offByOne: KernelStrategy = {
      ...portable,
      name: 'test-wrong/fully_connected_s8',
      backend: 'test-wrong',
      claim: (n, g, t) => (portable.claim(n, g, t) === undefined ? undefined : -1),
      variants: () => ['right', 'off-by-one'],
      emit: (node, ctx) => {
        const e = portable.emit(node, ctx);
        if (ctx.variant !== 'off-by-one' || !isKernelCall(e)) return e;
        return { ...e, params: e.params.map(([f, v]) => [f, f === 'output_offset' && typeof v === 'number' ? v + 1 : v] as const) };
      },
    };
    const services = () => ({ ...real.services(), strategies: [...real.services().strategies, offByOne] });
    const anvil: Anvil = { ...real, services, compile: (g, o) => compile(g, o, services()) };
    const b = new GraphBuilder(5);
    const x = b.input([1, 24], 0.05, 3);
    const y = b.activation([1, 6], 0.1, -2);
    b.node('FULLY_CONNECTED', [x, b.weights([6, 24], [0.02], 0), b.bias([100, -50, 7, 0, 300, -1])], [y], {
      activation: 'NONE',
      keepNumDims: false,
    } as never);
    const graph = b.build('fc_wrong', [y]);
    const error = await tuneModel(anvil, { graph, options: { target: 'cortex-m4' }, jobs: 2 }).catch((e: unknown) => e);
    expect(isAnvilError(error) && error.code).toBe('TUNING_VARIANT_WRONG');
    expect(String((error as Error).message)).toContain('test-wrong/fully_connected_s8:off-by-one');
  });
});
