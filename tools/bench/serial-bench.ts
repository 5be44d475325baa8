// Benchmark (not a test): the host-driven serial line on QEMU boards, for the shipped
// kws_ref_model. Per board: the time from QEMU's start until `hello` answers, the input upload
// rate through the line (pty and TCP), the wall time of one host-driven inference (upload,
// run, read) and, for comparison, of one fresh semihosting boot running the same inference.
// Wall times depend on this machine and its load: the medians of several runs are printed.
// Usage: npm run bench:serial [-- --sets 20] [-- --boards qemu-mps2-an386,qemu-riscv32-virt]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensorBytes } from '@anvil/core';
import type { Tensor } from '@anvil/core';
import { openAnvil, writeArtifact } from '@anvil/sdk';
import {
  BOARDS,
  boardFor,
  buildFirmware,
  RpcClient,
  openLine,
  parseLineAddress,
  runFirmwareAsync,
  runOnPort,
  startQemuPty,
  startQemuTcp,
} from '@anvil/host';
import type { QemuPty } from '@anvil/host';
import { TfliteImporter } from '@anvil/importer-tflite';
import { REPO_ROOT } from '@anvil/testing';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SETS = Number(opt('sets') ?? 20);
const BOOTS = 5;
const boardNames = opt('boards')?.split(',') ?? ['qemu-mps2-an386', 'qemu-mps3-an547', 'qemu-riscv32-virt'];

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const ms = (n: number): string => `${n.toFixed(0)} ms`;
type Line = 'pty' | 'tcp';
const LINES: readonly Line[] = ['pty', 'tcp'];

const anvil = await openAnvil({ projectDir: REPO_ROOT });
const graph = new TfliteImporter().import(
  new Uint8Array(readFileSync(join(REPO_ROOT, 'examples', 'kws_ref_model.tflite'))),
  'kws_ref_model',
);
const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
const input = Uint8Array.from({ length: tensorBytes(graph.tensors[graph.inputs[0] as number] as Tensor) }, (_, i) => (i * 37 + 11) & 0xff);

console.log(`kws_ref_model, ${input.length}-byte input, ${SETS} inferences per host-driven session, medians of ${BOOTS} sessions`);
console.log(
  'board | start → hello (pty) | start → hello (tcp) | upload pty | upload tcp | host-driven inference pty | tcp | fresh semihosting boot',
);
for (const name of boardNames) {
  const b = BOARDS.find((x) => x.name === name);
  if (b === undefined) throw new Error(`no board ${name}`);
  const targetName = b.targets[0] as string;
  const board = boardFor(targetName, name);
  if (board === undefined) throw new Error(`${name} cannot run ${targetName}`);
  const compiled = anvil.compile(graph, { target: targetName });
  const artifact = anvil.emit(compiled);
  const dir = mkdtempSync(join(tmpdir(), 'anvil-serial-bench-'));
  try {
    writeArtifact(dir, artifact.files, true);
    const request = {
      artifactDir: dir,
      model: artifact.name,
      target: compiled.target,
      board,
      numInputs: 1,
      numOutputs: outputBytes.length,
      profile: false,
    };
    const standalone = buildFirmware(request);
    const rpc = buildFirmware({ ...request, hostDriven: true });
    const hello: Record<Line, number[]> = { pty: [], tcp: [] };
    const upload: Record<Line, number[]> = { pty: [], tcp: [] };
    const perInference: Record<Line, number[]> = { pty: [], tcp: [] };
    for (let i = 0; i < BOOTS; i++) {
      for (const line of LINES) {
        const start = performance.now();
        const q: QemuPty = await (line === 'pty' ? startQemuPty : startQemuTcp)({
          board,
          elf: rpc.elf,
          cwd: rpc.buildDir,
          ...(rpc.cpu === undefined ? {} : { cpu: rpc.cpu }),
        });
        try {
          const transport = await openLine(parseLineAddress(q.path), 115200);
          await new RpcClient(transport, { timeoutMs: 2000 }).hello();
          hello[line].push(performance.now() - start);
          await transport.close();
          // Sessions of 1 and of SETS inferences: their difference leaves out opening the line
          // and `hello`, which a pty may delay by QEMU's one-second poll.
          const session = async (sets: number): Promise<number> => {
            const t = performance.now();
            const r = await runOnPort({
              path: q.path,
              baud: 115200,
              artifactDir: dir,
              model: artifact.name,
              inputSets: Array.from({ length: sets }, () => [input]),
              outputBytes,
            });
            if (sets === SETS) upload[line].push(r.uploadBytesPerSecond);
            return performance.now() - t;
          };
          const one = await session(1);
          perInference[line].push(((await session(SETS)) - one) / (SETS - 1));
        } finally {
          await q.stop();
        }
      }
    }
    const boots: number[] = [];
    for (let i = 0; i < BOOTS; i++) {
      const t = performance.now();
      await runFirmwareAsync(standalone, board, [[input]], outputBytes);
      boots.push(performance.now() - t);
    }
    const rate = (xs: number[]): string => `${(median(xs) / 1000).toFixed(1)} KB/s`;
    console.log(
      `${name} | ${ms(median(hello.pty))} | ${ms(median(hello.tcp))} | ${rate(upload.pty)} | ${rate(upload.tcp)} | ${ms(median(perInference.pty))} | ${ms(median(perInference.tcp))} | ${ms(median(boots))}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
