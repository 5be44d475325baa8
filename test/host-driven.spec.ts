import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpret } from '@anvil/interp';
import {
  RISCV_TOOLS,
  RpcDeviceFaultError,
  boardFor,
  buildFirmwareAsync,
  isRpcFailure,
  qemuToolchain,
  runFirmwareAsync,
  runHostDriven,
  startQemuPty,
  startQemuTcp,
} from '@anvil/host';
import type { Board, ByteTransport, Firmware, RpcClient } from '@anvil/host';
import { firstDifference, loadRefs, sharedModels, xorshift32 } from '@anvil/testing';
import type { ModelRefs } from '@anvil/testing';
import { buildForBoard } from './support/qemu-build.js';
import type { QemuBuild } from './support/qemu-build.js';
import { loadGraph } from './support/load-graph.js';
import { runCliAsync } from './support/run-cli.js';
import { session } from './support/compile.js';

// Issue 14's first end-to-end host-driven run: the compiled model in firmware that serves the
// serial RPC on the board's UART; one QEMU boot per board takes every reference seed through
// the pty (write_input, run, read_output), against the TFLite Micro references, the
// interpreter, and the standalone (semihosting) firmware's exact instruction count.
const shared = sharedModels();
const toolchain = qemuToolchain();
const riscv = qemuToolchain(RISCV_TOOLS);
const STEM = 'kws_ref_model';
const BOARDS = [
  { target: 'cortex-m4', board: 'qemu-mps2-an386' },
  { target: 'cortex-m55', board: 'qemu-mps3-an547' },
] as const;

interface Built {
  readonly refs: ModelRefs;
  readonly build: QemuBuild;
  readonly rpc: Firmware;
}

const builds = new Map<string, Promise<Built>>();

/** The standalone and the host-driven firmware of one board, built once for the file. */
function built(target: string, board: string): Promise<Built> {
  const known = builds.get(board);
  if (known !== undefined) return known;
  const made = (async () => {
    const refs = loadRefs(shared.dir, STEM);
    const build = await buildForBoard(loadGraph(refs.modelPath), target, board);
    const rpc = await buildFirmwareAsync({
      artifactDir: dirname(build.firmware.buildDir),
      model: build.compiled.name,
      target: build.compiled.target,
      board: build.board,
      numInputs: refs.runs[0]?.inputs.length ?? 0,
      numOutputs: build.outputBytes.length,
      profile: false,
      hostDriven: true,
    });
    return { refs, build, rpc };
  })();
  builds.set(board, made);
  return made;
}

/** Where a function of the firmware lies: [start, end) from `nm -S`, or undefined if it has none. */
function symbolRange(board: Board, elf: string, name: string): readonly [number, number] | undefined {
  const nm = spawnSync(`${board.family.binutils}nm`, ['-S', elf], { encoding: 'utf8' });
  const line = nm.stdout.split('\n').find((l) => l.trim().endsWith(` ${name}`));
  const [at, size] = (line?.trim().split(/\s+/) ?? []).map((h) => parseInt(h, 16));
  return at === undefined || size === undefined || Number.isNaN(size) ? undefined : [at, at + size];
}

type Fault = 'flip' | 'drop' | 'truncate' | 'garbage' | 'zero' | 'rx-flip' | 'rx-drop';
const FAULTS: readonly Fault[] = ['flip', 'drop', 'truncate', 'garbage', 'zero', 'rx-flip', 'rx-drop'];

/** A transport that spoils the next write or the next received chunk when armed, from a seed. */
class FaultyLine implements ByteTransport {
  private armed: Fault | undefined;
  private receiver: (chunk: Uint8Array) => void = () => undefined;
  injected = 0;

  constructor(
    private readonly inner: ByteTransport,
    private readonly rand: () => number,
  ) {
    inner.onData((chunk) => {
      const fault = this.armed;
      if (fault === 'rx-flip' || fault === 'rx-drop') {
        this.armed = undefined;
        this.injected++;
        const at = this.rand() % chunk.length;
        if (fault === 'rx-drop') this.receiver(Uint8Array.of(...chunk.subarray(0, at), ...chunk.subarray(at + 1)));
        else this.receiver(chunk.map((b, i) => (i === at ? b ^ (1 + (this.rand() % 255)) : b)));
        return;
      }
      this.receiver(chunk);
    });
  }

  arm(fault: Fault | undefined): void {
    this.armed = fault;
  }

  write(bytes: Uint8Array): Promise<void> {
    const fault = this.armed;
    if (fault === undefined || fault.startsWith('rx-')) return this.inner.write(bytes);
    this.armed = undefined;
    this.injected++;
    // Inside the frame: never the leading or the closing delimiter.
    const at = 1 + (this.rand() % (bytes.length - 2));
    switch (fault) {
      case 'flip':
        return this.inner.write(bytes.map((b, i) => (i === at ? b ^ (1 + (this.rand() % 255)) : b)));
      case 'zero':
        return this.inner.write(bytes.map((b, i) => (i === at ? 0 : b)));
      case 'drop':
        return this.inner.write(Uint8Array.of(...bytes.subarray(0, at), ...bytes.subarray(at + 1)));
      case 'truncate':
        return this.inner.write(bytes.subarray(0, at));
      case 'garbage': {
        const junk = Uint8Array.from({ length: 1 + (this.rand() % 40) }, () => this.rand() & 0xff);
        return this.inner.write(Uint8Array.of(...junk, ...bytes));
      }
    }
    return this.inner.write(bytes);
  }

  onData(receiver: (chunk: Uint8Array) => void): void {
    this.receiver = receiver;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A board as a user flashes it: the folder `anvil compile` writes, built as host-driven firmware. */
async function flashed(
  work: string,
  modelPath: string,
  target: string,
  boardName: string,
  profile: boolean,
): Promise<{ board: Board; fw: Firmware }> {
  const dir = join(work, 'flashed');
  const compiled = await runCliAsync(['compile', modelPath, '--target', target, '-o', dir]);
  expect(compiled.status, compiled.stderr).toBe(0);
  const board = boardFor(target, boardName);
  const t = (await session()).services().targets.find((x) => x.name === target);
  if (board === undefined || t === undefined) throw new Error(`no ${boardName} for ${target}`);
  const fw = await buildFirmwareAsync({
    artifactDir: dir,
    model: 'kws_ref_model',
    target: t,
    board,
    numInputs: 1,
    numOutputs: 1,
    profile,
    hostDriven: true,
  });
  return { board, fw };
}

describe.skipIf(!shared.available || !toolchain.available)(
  `host-driven runs over the serial RPC ${shared.reason}${toolchain.reason}`,
  () => {
    for (const { target, board } of BOARDS) {
      it(`${STEM} on ${board} (${target}): every seed in one boot, byte-identical, same instruction count as semihosting`, async () => {
        const { refs, build, rpc } = await built(target, board);
        const graph = loadGraph(refs.modelPath);
        const sets = refs.runs.map((r) => r.inputs);
        const run = await runHostDriven(rpc, build.board, sets, build.outputBytes);
        const t0 = performance.now();
        const standalone = await runFirmwareAsync(build.firmware, build.board, [sets[0] as readonly Uint8Array[]], build.outputBytes);
        const bootMs = performance.now() - t0;
        expect(run.outputs).toHaveLength(refs.runs.length);
        refs.runs.forEach((ref, s) => {
          const oracle = interpret(graph, ref.inputs);
          (run.outputs[s] ?? []).forEach((bytes, k) => {
            expect(firstDifference(bytes, ref.outputs[k] as Uint8Array), `seed ${ref.seed} output ${k} vs TFLM`).toBe(-1);
            expect(firstDifference(bytes, oracle[k] as Uint8Array), `seed ${ref.seed} output ${k} vs interp`).toBe(-1);
          });
        });
        expect(run.instructions).toHaveLength(refs.runs.length);
        expect(run.instructions[0]).toBeGreaterThan(0);
        expect(run.instructions[0]).toBe(standalone.instructions[0]);
        expect(run.stackBytes).toBeGreaterThan(0);
        expect(run.endedByReset).toBe(true);
        expect(run.hello).toMatchObject({
          modelId: rpc.modelId,
          target,
          countKind: 'none',
          inputCount: 1,
          outputCount: 1,
          hasStackHighWater: true,
        });
        expect(run.hello.tensors).toMatchObject([
          { direction: 'input', dtype: 'int8', bytes: 490, shape: [1, 49, 10, 1], zeroPoint: 83 },
          { direction: 'output', dtype: 'int8', bytes: 12, shape: [1, 12], zeroPoint: -128, scale: 1 / 256 },
        ]);
        const ms = run.setMs.reduce((a, b) => a + b, 0) / run.setMs.length;
        console.log(
          `${board}: ${refs.runs.length} seeds in one boot; ${run.instructions[0]} instructions per inference (semihosting: ${standalone.instructions[0]}); ` +
            `${ms.toFixed(1)} ms per set through the pty (a fresh semihosting boot for one set: ${bootMs.toFixed(0)} ms; ` +
            `host-driven boot to hello: ${run.bootMs.toFixed(0)} ms); upload ${Math.round(run.uploadBytesPerSecond)} B/s; stack ${run.stackBytes} B`,
        );
      });
    }

    it(`${STEM} on qemu-mps2-an386: seeded line faults between valid requests; typed failures only, the session recovers`, async () => {
      const { refs, build, rpc } = await built('cortex-m4', 'qemu-mps2-an386');
      const rand = xorshift32(14);
      let line: FaultyLine | undefined;
      const outcomes = { ok: 0, failed: 0 };
      const seedsUsed = refs.runs.slice(0, 3);
      const during = async (client: RpcClient): Promise<void> => {
        const faulty = line as FaultyLine;
        for (let i = 0; i < 36; i++) {
          const ref = seedsUsed[i % seedsUsed.length] as ModelRefs['runs'][number];
          faulty.arm(FAULTS[rand() % FAULTS.length] as Fault);
          // One corrupted exchange somewhere in a full inference, then it must still be right.
          try {
            await client.writeInput(0, ref.inputs[0] as Uint8Array);
            await client.run();
            const out = await client.readOutput(0, build.outputBytes[0] as number);
            expect(firstDifference(out, ref.outputs[0] as Uint8Array), `fault round ${i}`).toBe(-1);
            outcomes.ok++;
          } catch (e) {
            if (!isRpcFailure(e)) throw e;
            outcomes.failed++;
          }
          faulty.arm(undefined);
          const stats = await client.stats();
          expect(stats.hasLastRun).toBe(true);
        }
        expect(faulty.injected).toBeGreaterThanOrEqual(30);
      };
      const run = await runHostDriven(rpc, build.board, [refs.runs[0]?.inputs as readonly Uint8Array[]], build.outputBytes, {
        client: { timeoutMs: 400, retries: 3 },
        wrapTransport: (t) => (line = new FaultyLine(t, rand)),
        during,
      });
      // The host refuses a board that runs another model than the one it holds.
      await expect(runHostDriven({ ...rpc, modelId: '0000000000000000' }, build.board, [], build.outputBytes)).rejects.toThrow(
        /runs model/,
      );
      // After the faults the session carries on: the normal run is right too.
      expect(firstDifference(run.outputs[0]?.[0] as Uint8Array, refs.runs[0]?.outputs[0] as Uint8Array)).toBe(-1);
      expect(outcomes.ok + outcomes.failed).toBe(36);
      expect(run.client.resends).toBeGreaterThan(0);
      console.log(
        `fault injection: ${outcomes.ok} rounds right, ${outcomes.failed} typed failures; line counters ${JSON.stringify(run.client)}`,
      );
    });
  },
);

// The same through the real CLI (`run --host-driven`), on an Arm board and on RISC-V virt
// (its 16550 UART), with `--repeat`: outputs and counts as the standalone runs give them.
describe.skipIf(!shared.available || !toolchain.available || !riscv.available)(
  `anvil run --host-driven ${shared.reason}${toolchain.reason}${riscv.reason}`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'anvil-host-driven-cli-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it('cortex-m4 and rv32imac: byte-identical to the interpreter, the standalone count, and --repeat reports the spread', async () => {
      const refs = loadRefs(shared.dir, STEM);
      const first = refs.runs[0];
      if (first === undefined) throw new Error('no reference run');
      const input = join(work, 'in.bin');
      writeFileSync(input, first.inputs[0] as Uint8Array);
      const want = interpret(loadGraph(refs.modelPath), first.inputs)[0] as Uint8Array;
      const cli = (target: string, name: string, extra: readonly string[]) =>
        runCliAsync(['run', refs.modelPath, '--target', target, '--input', input, '--output', join(work, name), '--json', ...extra]);
      const [m4, m4Standalone, rv, host] = await Promise.all([
        cli('cortex-m4', 'm4', ['--host-driven', '--repeat', '3']),
        cli('cortex-m4', 'm4s', []),
        cli('rv32imac', 'rv', ['--host-driven']),
        runCliAsync(['run', refs.modelPath, '--host-driven', '--input', input, '--output', join(work, 'h')]),
      ]);
      for (const [r, name] of [
        [m4, 'm4'],
        [m4Standalone, 'm4s'],
        [rv, 'rv'],
      ] as const) {
        expect(r.status, r.stderr).toBe(0);
        expect(firstDifference(new Uint8Array(readFileSync(join(work, `${name}_0.bin`))), want), name).toBe(-1);
      }
      const doc = (r: { stdout: string }) =>
        JSON.parse(r.stdout) as {
          hostDriven?: boolean;
          cost: { value: number };
          repeat?: { count: number; min: number; median: number; max: number };
        };
      const standalone = doc(m4Standalone).cost.value;
      expect(doc(m4)).toMatchObject({
        hostDriven: true,
        cost: { value: standalone },
        repeat: { count: 3, min: standalone, median: standalone, max: standalone },
      });
      expect(doc(rv).hostDriven).toBe(true);
      expect(doc(rv).cost.value).toBeGreaterThan(0);
      // The host target has no serial line: a usage error before any work.
      expect(host.status).toBe(1);
      expect(host.stderr).toMatch(/^anvil: CLI_BAD_ARGUMENT: --host-driven: host runs as a host-process/);
    });

    it('--host-driven --profile gives the semihosting per-step counts on cortex-m4; the vector target is byte-identical host-driven', async () => {
      const refs = loadRefs(shared.dir, STEM);
      const first = refs.runs[0];
      if (first === undefined) throw new Error('no reference run');
      const input = join(work, 'profile-in.bin');
      writeFileSync(input, first.inputs[0] as Uint8Array);
      const want = interpret(loadGraph(refs.modelPath), first.inputs)[0] as Uint8Array;
      const cli = (target: string, name: string, extra: readonly string[]) =>
        runCliAsync(['run', refs.modelPath, '--target', target, '--input', input, '--output', join(work, name), '--json', ...extra]);
      const [driven, standalone, rvv, table] = await Promise.all([
        cli('cortex-m4', 'pd', ['--host-driven', '--profile']),
        cli('cortex-m4', 'ps', ['--profile']),
        cli('rv32imac_zve32x', 'rvv', ['--host-driven']),
        // Without --json: the per-step table itself.
        runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          '--host-driven',
          '--profile',
          '--input',
          input,
          '--output',
          join(work, 'pt'),
        ]),
      ]);
      for (const [r, name] of [
        [driven, 'pd'],
        [standalone, 'ps'],
        [rvv, 'rvv'],
        [table, 'pt'],
      ] as const) {
        expect(r.status, r.stderr).toBe(0);
        expect(firstDifference(new Uint8Array(readFileSync(join(work, `${name}_0.bin`))), want), name).toBe(-1);
      }
      type Doc = { hostDriven?: boolean; cost: { value: number; unit: string }; profile?: { step: number; value: number }[] };
      const d = JSON.parse(driven.stdout) as Doc;
      const s = JSON.parse(standalone.stdout) as Doc;
      expect(s.profile?.length).toBeGreaterThan(5);
      expect(s.profile?.every((p) => p.value > 0)).toBe(true);
      expect(d).toMatchObject({ hostDriven: true, cost: s.cost, profile: s.profile });
      const firstStep = s.profile?.[0]?.value.toLocaleString('en-US') ?? '?';
      expect(table.stdout).toContain(firstStep);
      expect((JSON.parse(rvv.stdout) as Doc).hostDriven).toBe(true);
    });

    it('--port: a board already serving this model is run over its serial line, with no build or boot; another model is refused', async () => {
      const refs = loadRefs(shared.dir, STEM);
      const first = refs.runs[0];
      if (first === undefined) throw new Error('no reference run');
      const graph = loadGraph(refs.modelPath);
      const input = join(work, 'port-in.bin');
      writeFileSync(input, first.inputs[0] as Uint8Array);
      // "Flash" the board: the folder `anvil compile` writes, built as host-driven firmware and booted.
      const { board, fw } = await flashed(work, refs.modelPath, 'cortex-m4', 'qemu-mps2-an386', false);
      const qemu = await startQemuPty({ board, elf: fw.elf, cwd: fw.buildDir });
      try {
        const run = await runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          '--port',
          qemu.path,
          '--baud',
          '115200',
          '--repeat',
          '2',
          '--input',
          input,
          '--output',
          join(work, 'port'),
          '--json',
        ]);
        expect(run.status, run.stderr).toBe(0);
        expect(
          firstDifference(new Uint8Array(readFileSync(join(work, 'port_0.bin'))), interpret(graph, first.inputs)[0] as Uint8Array),
        ).toBe(-1);
        const doc = JSON.parse(run.stdout) as { hostDriven?: boolean; port?: string; cost?: unknown };
        expect(doc).toMatchObject({ hostDriven: true, port: qemu.path });
        // This firmware has no counter the guest can read on QEMU: the board reports none, and the CLI says so.
        expect(doc.cost).toBeUndefined();
        const other = await runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          // Compiled otherwise, the model is another program: the board must refuse to stand for it.
          '--code-size',
          'small',
          '--port',
          qemu.path,
          '--input',
          input,
          '--output',
          join(work, 'other'),
        ]);
        expect(other.status).toBe(1);
        expect(other.stderr).toMatch(/^anvil: CLI_BAD_ARGUMENT: the board on .+ runs model [0-9a-f]{8}, not this one/m);
        expect(other.stderr).not.toContain('INTERNAL');
        // A line failure reaches the CLI as its catalogued code, not as an internal error.
        const missing = await runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          '--port',
          join(work, 'no-such-port'),
          '--input',
          input,
          '--output',
          join(work, 'missing'),
          '--json',
        ]);
        expect(missing.status).toBe(1);
        expect(JSON.parse(missing.stdout)).toMatchObject({
          error: { code: 'RPC_DEVICE_ERROR', message: expect.stringContaining('cannot open'), hint: expect.stringContaining('port') },
        });
        // Per-step counts need the board's counter, which QEMU's M4 does not have: said so, nothing run.
        const profiled = await runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          '--port',
          qemu.path,
          '--profile',
          '--input',
          input,
          '--output',
          join(work, 'port-profile'),
        ]);
        expect(profiled.status).toBe(1);
        expect(profiled.stderr).toMatch(
          /^anvil: CLI_BAD_ARGUMENT: --profile: the board on .+ reports no per-step counts \(it has no cycle counter/m,
        );
      } finally {
        await qemu.stop(500);
      }
      // The same firmware with its UART on a TCP server (QEMU -serial tcp:…,server=on): --port tcp:HOST:PORT.
      const tcp = await startQemuTcp({ board, elf: fw.elf, cwd: fw.buildDir });
      try {
        expect(tcp.path).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
        const run = await runCliAsync([
          'run',
          refs.modelPath,
          '--target',
          'cortex-m4',
          '--port',
          tcp.path,
          '--repeat',
          '2',
          '--input',
          input,
          '--output',
          join(work, 'tcp'),
        ]);
        expect(run.status, run.stderr).toBe(0);
        expect(
          firstDifference(new Uint8Array(readFileSync(join(work, 'tcp_0.bin'))), interpret(graph, first.inputs)[0] as Uint8Array),
        ).toBe(-1);
      } finally {
        await tcp.stop(500);
      }
      const badAddress = await runCliAsync([
        'run',
        refs.modelPath,
        '--target',
        'cortex-m4',
        '--port',
        'tcp:localhost',
        '--input',
        input,
        '--output',
        join(work, 'bad'),
        '--json',
      ]);
      expect(badAddress.status).toBe(1);
      expect(JSON.parse(badAddress.stdout)).toMatchObject({
        error: { code: 'RPC_REQUEST_INVALID', hint: expect.stringContaining('tcp:HOST:PORT') },
      });
    });
  },
);

// A board whose counter counts: QEMU's RISC-V mcycle advances (with host time, not per
// instruction), so host-driven rv32imac firmware built with profiling stands for a real board
// on --port: the cost is its cycle count, and --profile reads its per-step counts over the RPC.
describe.skipIf(!shared.available || !riscv.available)(
  `anvil run --port on a board with a cycle counter ${shared.reason}${riscv.reason}`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'anvil-port-cycles-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it("rv32imac: the cost is the board's cycles, and --profile gives a count for every kernel step within it", async () => {
      const refs = loadRefs(shared.dir, STEM);
      const first = refs.runs[0];
      if (first === undefined) throw new Error('no reference run');
      const input = join(work, 'in.bin');
      writeFileSync(input, first.inputs[0] as Uint8Array);
      const { board, fw } = await flashed(work, refs.modelPath, 'rv32imac', 'qemu-riscv32-virt', true);
      const qemu = await startQemuPty({ board, elf: fw.elf, cwd: fw.buildDir, ...(fw.cpu === undefined ? {} : { cpu: fw.cpu }) });
      try {
        const port = ['run', refs.modelPath, '--target', 'rv32imac', '--port', qemu.path, '--input', input, '--profile'];
        const run = await runCliAsync([...port, '--output', join(work, 'port'), '--json']);
        expect(run.status, run.stderr).toBe(0);
        const want = interpret(loadGraph(refs.modelPath), first.inputs)[0] as Uint8Array;
        expect(firstDifference(new Uint8Array(readFileSync(join(work, 'port_0.bin'))), want)).toBe(-1);
        const doc = JSON.parse(run.stdout) as { cost?: { value: number; unit: string }; profile?: { step: number; value: number }[] };
        expect(doc.cost?.unit).toBe('cycles');
        const total = doc.cost?.value ?? 0;
        expect(total).toBeGreaterThan(0);
        const report = JSON.parse(readFileSync(join(work, 'flashed', 'report.json'), 'utf8')) as {
          nodes: { step: number; function?: string }[];
        };
        const kernelSteps = report.nodes.filter((n) => n.function !== undefined).map((n) => n.step);
        expect(doc.profile?.map((p) => p.step)).toEqual(kernelSteps);
        expect(doc.profile?.every((p) => p.value > 0)).toBe(true);
        // The steps run inside the inference the cost measures.
        expect(doc.profile?.reduce((n, p) => n + p.value, 0)).toBeLessThanOrEqual(total);
        const text = await runCliAsync([...port, '--output', join(work, 'port-text')]);
        expect(text.status, text.stderr).toBe(0);
        expect(text.stdout).toMatch(/: [\d,]+ cycles per inference \(the board's own counter\)/);
        console.log(`rv32imac on --port: ${total} cycles (mcycle) per inference, ${doc.profile?.length} steps profiled`);
      } finally {
        await qemu.stop(500);
      }
    });
  },
);

// A crash on the board (issue 14's fault record): firmware built with ANVIL_RPC_TEST_FAULT runs an
// undefined instruction when input 0 starts "FALT"; its handler keeps the registers in .noinit
// and restarts the firmware without resetting the machine (which would end QEMU). The host sees
// a run with no reply, finds the record through hello, and fails that run with RPC_DEVICE_FAULT;
// the same boot then serves the next inputs correctly.
describe.skipIf(!shared.available || !toolchain.available || !riscv.available)(
  `device faults over the serial RPC ${shared.reason}${toolchain.reason}${riscv.reason}`,
  () => {
    const CASES = [
      { target: 'cortex-m4', board: 'qemu-mps2-an386' },
      // Armv8-M: the restart keeps EXC_RETURN's security bits.
      { target: 'cortex-m55', board: 'qemu-mps3-an547' },
      { target: 'rv32imac', board: 'qemu-riscv32-virt' },
    ] as const;
    for (const { target, board } of CASES) {
      it(`${board} (${target}): a crash in run is a typed RPC_DEVICE_FAULT with the registers; the record is cleared; the boot goes on`, async () => {
        const { refs, build } = await built(target, board);
        const first = refs.runs[0];
        const second = refs.runs[1];
        if (first === undefined || second === undefined) throw new Error('two reference runs needed');
        const fw = await buildFirmwareAsync({
          artifactDir: dirname(build.firmware.buildDir),
          model: build.compiled.name,
          target: build.compiled.target,
          board: build.board,
          numInputs: first.inputs.length,
          numOutputs: build.outputBytes.length,
          profile: false,
          hostDriven: true,
          testFault: true,
        });
        const crash = Uint8Array.from(first.inputs[0] as Uint8Array);
        crash.set(new TextEncoder().encode('FALT'));
        let fault: unknown;
        const during = async (client: RpcClient): Promise<void> => {
          // A fresh boot holds no record: .noinit garbage is not read as one.
          expect((await client.hello()).faultPending).toBe(false);
          await client.writeInput(0, crash);
          const { timeouts } = client.counters;
          fault = await client.run().catch((e: unknown) => e);
          // The restarted firmware's notice, not the run timeout, ended the wait.
          expect(client.counters.restarts).toBe(1);
          expect(client.counters.timeouts).toBe(timeouts);
          const after = await client.hello();
          expect(after.faultPending).toBe(false);
          expect(await client.fault()).toEqual({ arch: 'none' });
          // Same boot, a real input: the right output.
          await client.writeInput(0, first.inputs[0] as Uint8Array);
          expect((await client.run()).cached).toBe(false);
          const out = await client.readOutput(0, build.outputBytes[0] as number);
          expect(firstDifference(out, first.outputs[0] as Uint8Array), 'first input after the crash').toBe(-1);
        };
        const run = await runHostDriven(fw, build.board, [second.inputs], build.outputBytes, {
          client: { runTimeoutMs: 2000 },
          during,
        });
        expect(fault).toBeInstanceOf(RpcDeviceFaultError);
        const e = fault as RpcDeviceFaultError;
        expect(e.code).toBe('RPC_DEVICE_FAULT');
        // The undefined instruction is in the test hook (or run_model, where it may be inlined).
        const ranges = ['test_fault', 'run_model'].flatMap((n) => {
          const r = symbolRange(build.board, fw.elf, n);
          return r === undefined ? [] : [r];
        });
        expect(ranges.length).toBeGreaterThan(0);
        const pc = e.fault.arch === 'arm' ? e.fault.pc : e.fault.mepc;
        expect(
          ranges.some(([lo, hi]) => pc >= lo && pc < hi),
          `PC 0x${pc.toString(16)} in ${JSON.stringify(ranges)}`,
        ).toBe(true);
        expect(e.message).toContain(`PC 0x${pc.toString(16).padStart(8, '0')}`);
        if (e.fault.arch === 'arm') {
          expect(e.details['cfsrBits']).toEqual(['UNDEFINSTR']);
          expect(e.details['hfsrBits']).toEqual(['FORCED']);
          expect(e.message).toContain('UNDEFINSTR');
        } else {
          expect(e.fault.mcause).toBe(2);
          expect(e.message).toContain('mcause 2 (illegal instruction)');
        }
        // And the session's own input set after all that: right too, and QEMU ended by the reset.
        expect(firstDifference(run.outputs[0]?.[0] as Uint8Array, second.outputs[0] as Uint8Array)).toBe(-1);
        expect(run.endedByReset).toBe(true);
        console.log(`${board}: ${e.message}`);
      });
    }
  },
);
