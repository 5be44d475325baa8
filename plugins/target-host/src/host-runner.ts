import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { RunRequest, RunResult, Runner, Target } from '@anvil/core';
import { hostDriver } from './host-driver.js';
import { SANITIZE_FLAGS } from './host-target.js';

function cSources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return f.startsWith('build-') ? [] : cSources(p);
      return f.endsWith('.c') ? [p] : [];
    });
}

function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/** Checks that the compiler exists, so a missing toolchain is reported as such. */
export function checkCompiler(target: Target): void {
  const r = spawnSync(target.toolchain.cc, ['--version'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) fail(errors.toolchainMissing(target.toolchain.cc, target.toolchain.packages));
}

interface ProcessResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

// Output kept per stream: the driver prints a line or two, a crash some more.
const MAX_OUTPUT = 16 << 20;

/**
 * Runs an executable without blocking the event loop, so a caller can report progress while
 * many iterations run; resolves with what `spawnSync` would have returned.
 */
function runProcess(exe: string, args: readonly string[]): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    const keep = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[key].length < MAX_OUTPUT) out[key] += chunk.toString('utf8');
    };
    child.stdout.on('data', keep('stdout'));
    child.stderr.on('data', keep('stderr'));
    child.on('error', (error) => resolve({ status: null, ...out, error }));
    child.on('close', (status) => resolve({ status, ...out }));
  });
}

/** Compiles the model folder plus the host driver into one executable; returns its path. */
export function buildHost(request: RunRequest): string {
  checkCompiler(request.target);
  const build = join(request.artifactDir, request.sanitize === true ? 'build-host-asan' : 'build-host');
  mkdirSync(build, { recursive: true });
  const driver = join(build, 'driver.c');
  writeFileSync(driver, hostDriver(request.model));
  const exe = join(build, request.model);
  const args = [
    ...request.target.toolchain.cflags,
    ...(request.sanitize === true ? SANITIZE_FLAGS : []),
    `-I${request.artifactDir}`,
    `-I${join(request.artifactDir, 'runtime', 'include')}`,
    ...(request.sources?.map((s) => join(request.artifactDir, s)) ?? cSources(request.artifactDir)),
    driver,
    '-o',
    exe,
    ...request.target.toolchain.ldflags,
  ];
  const r = spawnSync(request.target.toolchain.cc, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error !== undefined || r.status !== 0)
    fail(errors.toolchainFailed(`${request.target.toolchain.cc} (host build)`, tail(r.stderr || String(r.error))));
  return exe;
}

/** Runs a compiled model as a host process on raw input files. */
export const hostRunner: Runner = {
  name: 'host-process',
  canRun: (target) => target.name === 'host',
  async run(request: RunRequest): Promise<RunResult> {
    const exe = buildHost(request);
    const dir = join(request.artifactDir, request.sanitize === true ? 'build-host-asan' : 'build-host');
    const ins = request.inputs.map((bytes, k) => {
      const p = join(dir, `input_${k}.bin`);
      writeFileSync(p, bytes);
      return p;
    });
    const outs = request.outputBytes.map((_, k) => join(dir, `output_${k}.bin`));
    const r = await runProcess(exe, [String(request.iterations ?? 1), ...ins, ...outs]);
    if (r.error !== undefined || r.status !== 0) {
      fail(errors.toolchainFailed(`running ${request.model} on the host (exit ${r.status ?? 'none'})`, tail(`${r.stderr}\n${r.stdout}`)));
    }
    const ns = Number(/ns_per_inference (\d+)/.exec(r.stdout)?.[1] ?? NaN);
    const outputs = outs.map((p) => new Uint8Array(readFileSync(p)));
    return Number.isFinite(ns) ? { outputs, cost: { value: ns, unit: 'ns' } } : { outputs };
  },
};
