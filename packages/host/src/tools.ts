import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';

/** Whether an executable answers `--version`: how tests and runners detect a toolchain. */
export function hasTool(command: string): boolean {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return r.error === undefined && r.status === 0;
}

/** The tools the QEMU runner needs, and why a run or test cannot proceed without them. */
export function qemuToolchainMissing(): string | undefined {
  const missing = ['arm-none-eabi-gcc', 'qemu-system-arm', 'gcc'].filter((t) => !hasTool(t));
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
 * Whether the Cortex-M toolchain and QEMU are installed. Without them, device tests skip with
 * this reason on a developer's machine; under CI=true (where tools/test.sh installs them) a
 * missing tool is an error, never a skip.
 */
export function qemuToolchain(): ToolchainAvailability {
  const missing = qemuToolchainMissing();
  if (missing === undefined) return { available: true, reason: '' };
  if (process.env['CI'] === 'true') throw new Error(`CI=true: ${missing}; the QEMU tests must run in CI`);
  return { available: false, reason: `(skipped: ${missing})` };
}
