import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NPU_RUNTIME_DIR } from '@anvil/npu-ethos-u';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';
import { REPO_ROOT } from '@anvil/testing';

/** The simulator's counters and outputs for one command stream, as the harness printed them. */
export interface SimRun {
  readonly status: number;
  readonly cycles: number;
  readonly macs: number;
  readonly read: number;
  readonly written: number;
  readonly ops: number;
  readonly blocks: number;
  readonly outputs: Uint8Array[];
}

/** Builds the simulator with its test harness once, with ASan and UBSan (aborting on any report). */
export function buildSimulator(): string {
  const dir = mkdtempSync(join(tmpdir(), 'anvil-npu-sim-'));
  const exe = join(dir, 'npu-run');
  const r = spawnSync(
    'gcc',
    [
      '-std=c99',
      '-O1',
      '-g',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-pedantic',
      '-fsanitize=address,undefined',
      '-fno-sanitize-recover=all',
      `-I${join(RUNTIME_C_DIR, 'include')}`,
      join(REPO_ROOT, 'plugins', 'npu-ethos-u', 'test-support', 'npu-run.c'),
      ...[
        'anvil_npu_invoke',
        'npu_conv',
        'npu_dma',
        'npu_elementwise',
        'npu_memory',
        'npu_pool',
        'npu_softmax',
        'npu_weights',
        'npu_window',
      ].map((f) => join(NPU_RUNTIME_DIR, `${f}.c`)),
      '-o',
      exe,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`simulator build failed: ${r.stderr}`);
  return exe;
}

let counter = 0;

/** Runs one stream; a sanitizer report or crash throws (the harness exits non-zero). */
export function runSimulator(
  exe: string,
  cmd: Uint32Array,
  weights: Uint8Array,
  scratchBytes: number,
  inputs: readonly Uint8Array[],
  outputBytes: readonly number[],
): SimRun {
  const dir = mkdtempSync(join(tmpdir(), `anvil-npu-run${counter++}-`));
  const write = (name: string, bytes: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const cmdPath = write('cmd.bin', new Uint8Array(cmd.buffer, cmd.byteOffset, cmd.byteLength));
  const wPath = write('weights.bin', weights);
  const ins = inputs.map((b, k) => `in:${write(`in${k}.bin`, b)}`);
  const outs = outputBytes.map((n, k) => `out:${n}:${join(dir, `out${k}.bin`)}`);
  const r = spawnSync(exe, [cmdPath, wPath, String(scratchBytes), ...ins, ...outs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`simulator exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const m = /status (-?\d+) cycles (\d+) macs (\d+) read (\d+) written (\d+) ops (\d+) blocks (\d+)/.exec(r.stdout);
  if (m === null) throw new Error(`unexpected simulator output: ${r.stdout}`);
  const [status, cycles, macs, read, written, ops, blocks] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const outputs = status === 0 ? outputBytes.map((_, k) => new Uint8Array(readFileSync(join(dir, `out${k}.bin`)))) : [];
  return { status, cycles, macs, read, written, ops, blocks, outputs };
}
