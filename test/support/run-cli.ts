import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@anvil/testing';

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `anvil` executable as a user would, in its own process. */
export function runCli(args: readonly string[], cwd = REPO_ROOT, stdin?: Uint8Array): CliResult {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/anvil.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    ...(stdin === undefined ? {} : { input: stdin }),
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** `runCli` without blocking, so several anvils can run at once (the concurrency tests). */
export function runCliAsync(args: readonly string[], cwd = REPO_ROOT): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'packages/cli/bin/anvil.js'), ...args], { cwd, timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (status) => done({ status: status ?? -1, stdout, stderr }));
  });
}
