import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, xorshiftBytes } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'anvil-npu-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The shipped demo model: 13 operators, all within the NPU's limits, the final SOFTMAX included.
const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');

describe('anvil --npu (the offloader plugin loaded by package name)', () => {
  it('inspect --npu says per operator where it runs and why, then the Vela-like summary', () => {
    const r = runCli(['inspect', model, '--npu', 'ethos-u55-128']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/0\s+CONV_2D\s+NPU region 0/);
    expect(r.stdout).toMatch(/12\s+SOFTMAX\s+NPU region 0/);
    // Per operation: the first conv (320,000 MACs, as the model table says) and what bounds it.
    expect(r.stdout).toMatch(/0\s+CONV_2D #0\s+[\d,]+\s+320,000\s+(compute|memory)/);
    expect(r.stdout).toContain('NPU ethos-u55-128 (ethos-u): 1 region(s), 13 of 13 operators offloaded, 2,664,768 MACs');
    expect(r.stdout).toMatch(/estimated [\d,]+ NPU cycles per inference; at 500 MHz [\d,.]+ inferences\/s/);
    expect(r.stdout).toMatch(/compression [\d.]+×/);
    expect(r.stdout).toContain('system high-end-embedded: SRAM 8 B/cycle, flash 1 B/cycle, latency 32/64 cycles');
    expect(r.stdout).toContain("Anvil's own command stream and weight format, run by Anvil's simulator (not Arm silicon or Arm's driver)");
  });

  it('--npu-system: a named system or a JSON file, said in the summary and the JSON; slower flash and clock cost time', () => {
    type Offload = {
      offload: { estimatedCycles: number; details: { clockHz: number; system: { name: string; flashBytesPerCycle: number } } };
    };
    const base = runCli(['inspect', model, '--npu', 'ethos-u55-128', '--json']);
    const deep = runCli(['inspect', model, '--npu', 'ethos-u55-128', '--npu-system', 'deep-embedded', '--json']);
    expect(base.status, base.stderr).toBe(0);
    expect(deep.status, deep.stderr).toBe(0);
    const b = (JSON.parse(base.stdout) as Offload).offload;
    const d = (JSON.parse(deep.stdout) as Offload).offload;
    expect(b.details.system.name).toBe('high-end-embedded');
    expect(d.details.system).toMatchObject({ name: 'deep-embedded', flashBytesPerCycle: 0.5 });
    expect(d.details.clockHz).toBe(200_000_000);
    expect(d.estimatedCycles).toBeGreaterThan(b.estimatedCycles);

    const file = join(work, 'board.json');
    const board = {
      clockHz: 100_000_000,
      sramBytesPerCycle: 4,
      flashBytesPerCycle: 0.25,
      sramLatencyCycles: 16,
      flashLatencyCycles: 128,
      flashBurstBytes: 64,
    };
    writeFileSync(file, JSON.stringify(board));
    const text = runCli(['inspect', model, '--npu', 'ethos-u55-128', '--npu-system', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('system board: SRAM 4 B/cycle, flash 0.25 B/cycle, latency 16/128 cycles');
    expect(text.stdout).toMatch(/at 100 MHz/);

    const alone = runCli(['inspect', model, '--npu-system', 'deep-embedded']);
    expect(alone.status).not.toBe(0);
    expect(alone.stderr).toContain('--npu-system without --npu');
    const unknown = runCli(['inspect', model, '--npu', 'ethos-u55-128', '--npu-system', 'nowhere']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('unknown NPU system configuration "nowhere"');
    writeFileSync(file, JSON.stringify({ ...board, flashBytesPerCycle: 0.3 }));
    const odd = runCli(['inspect', model, '--npu', 'ethos-u55-128', '--npu-system', file]);
    expect(odd.status).not.toBe(0);
    expect(odd.stderr).toContain('flashBytesPerCycle is 0.3');
  });

  it('inspect --npu --json: per node unit and reason, and estimates whose inferences/s follow from cycles and clock', () => {
    const r = runCli(['inspect', model, '--npu', 'ethos-u55-256', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      offload: {
        estimatedCycles: number;
        offloadedOps: number;
        details: { clockHz: number; inferencesPerSecond: number };
        nodes: Array<{ op: string; unit: string; reason?: string }>;
      };
    };
    expect(j.offload.nodes.map((n) => n.unit)).toEqual(new Array<string>(13).fill('npu'));
    expect(j.offload.offloadedOps).toBe(13);
    const ips = j.offload.details.clockHz / j.offload.estimatedCycles;
    expect(Math.abs(j.offload.details.inferencesPerSecond - ips)).toBeLessThan(0.01);
  });

  it('compile --npu writes the NPU runtime and a report with the offload section; run --npu matches interp', () => {
    const out = join(work, 'kws-npu');
    const c = runCli(['compile', model, '--npu', 'ethos-u55-64', '-o', out]);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain('NPU ethos-u55-64');
    expect(existsSync(join(out, 'runtime/npu/anvil_npu_invoke.c'))).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      nodes: Array<{ backend: string }>;
      offload: { config: string };
    };
    expect(report.offload.config).toBe('ethos-u55-64');
    // The reshape and the softmax went into the region with the rest: one NPU step.
    expect(report.nodes.map((n) => n.backend)).toEqual(['ethos-u']);

    const input = join(work, 'in.bin');
    writeFileSync(input, xorshiftBytes(5, 490));
    const run = runCli(['run', model, '--npu', 'ethos-u55-64', '--input', input, '--output', join(work, 'npu'), '--sanitize']);
    expect(run.status, run.stderr).toBe(0);
    const ref = runCli(['interp', model, '--input', input, '--output', join(work, 'ref')]);
    expect(ref.status, ref.stderr).toBe(0);
    expect(readFileSync(join(work, 'npu_0.bin')).equals(readFileSync(join(work, 'ref_0.bin')))).toBe(true);
  });

  it('buffers the NPU touches go only to pools with npu access: a user pool without it is refused, with it compiles', () => {
    const denied = runCli(['compile', model, '--npu', 'ethos-u55-128', '--pool', 'sram:1MiB:cpu+dma', '-o', join(work, 'no-npu')]);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(
      /^anvil: CLI_BAD_ARGUMENT: buffer ".*" is read or written by the NPU, but no pool it may use has npu access/,
    );
    const allowed = runCli(['compile', model, '--npu', 'ethos-u55-128', '--pool', 'sram:1MiB:cpu+dma+npu', '-o', join(work, 'with-npu')]);
    expect(allowed.status, allowed.stderr).toBe(0);
  });

  it('the flash pool holds the CPU weights and the NPU streams together', () => {
    const j = JSON.parse(runCli(['inspect', model, '--npu', 'ethos-u55-128', '--json']).stdout) as {
      offload: { details: { flashBytes: number } };
    };
    const npuFlash = j.offload.details.flashBytes;
    // kws runs wholly on the NPU, so the NPU streams are all of flash.
    const tight = runCli(['compile', model, '--npu', 'ethos-u55-128', '--pool', `flash:${npuFlash - 1}`, '-o', join(work, 'tight')]);
    expect(tight.status).toBe(1);
    expect(tight.stderr).toContain(
      `anvil: PLAN_DOES_NOT_FIT: pool flash (weights and NPU command streams) needs ${npuFlash} bytes, it has ${npuFlash - 1}`,
    );
    const fits = runCli(['compile', model, '--npu', 'ethos-u55-128', '--pool', `flash:${npuFlash}`, '-o', join(work, 'fits')]);
    expect(fits.status, fits.stderr).toBe(0);
  });

  it('an unknown configuration is a one-line CLI_BAD_ARGUMENT naming the ones there are', () => {
    const r = runCli(['inspect', model, '--npu', 'ethos-u99-7']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^anvil: CLI_BAD_ARGUMENT: no offloader offers the NPU configuration "ethos-u99-7".*ethos-u55-128/);
  });
});

describe('plan and compile plan the same problem', () => {
  it('plan --npu --json reports, for the planner compile uses, the arena compile --npu emits', () => {
    const plan = runCli(['plan', model, '--npu', 'ethos-u55-128', '--planners', 'greedy-by-size,ilp', '--json']);
    expect(plan.status, plan.stderr).toBe(0);
    const rows = (JSON.parse(plan.stdout) as { planners: Array<{ planner: string; totalBytes: number }> }).planners;
    for (const planner of ['greedy-by-size', 'ilp']) {
      const out = join(work, `same-${planner}`);
      const c = runCli(['compile', model, '--npu', 'ethos-u55-128', '--planner', planner, '-o', out, '--json']);
      expect(c.status, c.stderr).toBe(0);
      const arena = (JSON.parse(c.stdout) as { arenaBytes: number }).arenaBytes;
      expect(rows.find((r) => r.planner === planner)?.totalBytes, planner).toBe(arena);
    }
    // Without the NPU the problem is another one (the CPU kernels' workspaces instead of the NPU scratch).
    const cpu = JSON.parse(runCli(['plan', model, '--planners', 'greedy-by-size', '--json']).stdout) as {
      planners: Array<{ totalBytes: number }>;
    };
    expect(cpu.planners[0]?.totalBytes).not.toBe(rows.find((r) => r.planner === 'greedy-by-size')?.totalBytes);
  });

  it('--dump-after names a stage and prints its IR as JSON on stderr; an unknown stage lists them', () => {
    const r = runCli(['plan', model, '--npu', 'ethos-u55-128', '--planners', 'greedy-by-size', '--dump-after', 'offload']);
    expect(r.status, r.stderr).toBe(0);
    const dumped = JSON.parse(r.stderr) as { stage: string; ir: { report: { regions: number }; placements: unknown[] } };
    expect(dumped.stage).toBe('offload');
    expect(dumped.ir.report.regions).toBe(1);
    expect(dumped.ir.placements).toHaveLength(13);
    const lowered = runCli(['compile', model, '--dump-after', 'lower', '-o', join(work, 'dump')]);
    expect(lowered.status, lowered.stderr).toBe(0);
    const program = JSON.parse(lowered.stderr) as {
      ir: { steps: Array<{ strategy: string }>; graph: { tensors: Array<{ data?: string }> } };
    };
    expect(program.ir.steps).toHaveLength(13);
    // Weights are shown by size, not dumped byte by byte.
    expect(program.ir.graph.tensors.some((t) => typeof t.data === 'string' && /^<\d+ bytes>$/.test(t.data))).toBe(true);
    const bad = runCli(['compile', model, '--dump-after', 'codegen', '-o', join(work, 'dump2')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(
      /^anvil: CLI_BAD_ARGUMENT: --dump-after codegen is not a stage — stages, in order: verify-input, verify-output, patch, offload, lower, memory, plan/,
    );
  });
});
