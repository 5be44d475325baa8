import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';

/** Whether an executable answers `--version`: how tests and runners detect a toolchain. */
export function hasTool(command: string): boolean {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0;
}

/** What the Cortex-M boards need: the cross compiler, QEMU, and gcc for the counting plugin. */
export const ARM_TOOLS: readonly string[] = ['arm-none-eabi-gcc', 'qemu-system-arm', 'gcc'];
/** What the RISC-V board needs: the GNU cross compiler, clang for the vector target, QEMU, gcc. */
export const RISCV_TOOLS: readonly string[] = ['riscv64-unknown-elf-gcc', 'clang-19', 'qemu-system-riscv32', 'gcc'];

/** The tools a QEMU run needs that are missing, and why a run or test cannot proceed. */
export function qemuToolchainMissing(tools: readonly string[] = ARM_TOOLS): string | undefined {
  const missing = tools.filter((t) => !hasTool(t));
  return missing.length === 0 ? undefined : `missing ${missing.join(', ')} (run tools/setup-toolchains.sh)`;
}

/** Last lines of a tool's output, for an error message. */
export function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

export function run(command: string, args: readonly string[], cwd?: string, timeoutMs?: number): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...(cwd === undefined ? {} : { cwd }),
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs, killSignal: 'SIGKILL' }),
  });
}

export interface ToolchainAvailability {
  readonly available: boolean;
  /** Why tests that need the toolchain skip; empty when available. */
  readonly reason: string;
}

/**
 * Whether a device toolchain and its QEMU are installed (the Cortex-M one by default). Without
 * them, device tests skip with this reason on a developer's machine; under CI=true (where
 * tools/test.sh installs them) a missing tool is an error, never a skip.
 */
export function qemuToolchain(tools: readonly string[] = ARM_TOOLS): ToolchainAvailability {
  const missing = qemuToolchainMissing(tools);
  if (missing === undefined) return { available: true, reason: '' };
  if (process.env['CI'] === 'true') throw new Error(`CI=true: ${missing}; the QEMU tests must run in CI`);
  return { available: false, reason: `(skipped: ${missing})` };
}

/** A tool invocation a build or run step asks its driver for. */
export interface ToolCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/** What a tool invocation gave back (the fields of spawnSync's result the steps read). */
export interface ToolResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/**
 * A build or run written once as a generator that yields the slow tool invocations (compiler,
 * linker, emulator): `runToolSteps` drives it synchronously, `runToolStepsAsync` with the
 * tools running in the background, so several builds can go on at once (`anvil tune --jobs`).
 */
export type ToolSteps<T> = Generator<ToolCommand, T, ToolResult>;

export function runToolSteps<T>(steps: ToolSteps<T>): T {
  let next = steps.next();
  while (next.done !== true) {
    const c = next.value;
    next = steps.next(run(c.command, c.args, c.cwd, c.timeoutMs));
  }
  return next.value;
}

export async function runToolStepsAsync<T>(steps: ToolSteps<T>): Promise<T> {
  let next = steps.next();
  while (next.done !== true) next = steps.next(await runAsync(next.value));
  return next.value;
}

/** `run` without blocking: same options (64 MiB of output at most, SIGKILL at the timeout). */
function runAsync(c: ToolCommand): Promise<ToolResult> {
  return new Promise((resolve) => {
    const child = spawn(c.command, c.args, { ...(c.cwd === undefined ? {} : { cwd: c.cwd }) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const keep = (into: Buffer[]) => (b: Buffer) => {
      bytes += b.length;
      if (bytes > 64 << 20) child.kill('SIGKILL');
      else into.push(b);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = c.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), c.timeoutMs);
    let error: Error | undefined;
    child.on('error', (e) => (error = e));
    child.on('close', (status, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
      resolve({ status, signal, stdout: text(out), stderr: text(err), ...(error === undefined ? {} : { error }) });
    });
  });
}
