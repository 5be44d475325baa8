import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { RUNTIME_C_DIR } from '@anvil/codegen-c';

/** runtime-c/rpc/test's server: the real C server on stdin/stdout, a model that adds 1 to each byte. */
export const STDIO_SERVER_BYTES = 600;

export interface StdioServerBuild {
  /** Extra -D definitions (e.g. ANVIL_RPC_MAX_PAYLOAD=256). */
  readonly defines?: readonly string[];
  /** Build with AddressSanitizer and UBSan (aborting on the first report). */
  readonly sanitize?: boolean;
}

/** Builds the stdio test server into `dir`; returns the executable's path. */
export function buildStdioServer(dir: string, o: StdioServerBuild = {}): string {
  const rpc = join(RUNTIME_C_DIR, 'rpc');
  const exe = join(dir, o.sanitize === true ? 'anvil_rpc_stdio_server_san' : 'anvil_rpc_stdio_server');
  const sources = ['anvil_rpc_cobs.c', 'anvil_rpc_crc32.c', 'anvil_rpc_server.c', 'test/anvil_rpc_stdio_server.c'].map((f) => join(rpc, f));
  const flags = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-g'];
  const sanitize = o.sanitize === true ? ['-fsanitize=address,undefined', '-fno-sanitize-recover=all'] : [];
  const defines = (o.defines ?? []).map((d) => `-D${d}`);
  const r = spawnSync(
    'gcc',
    [...flags, ...sanitize, ...defines, `-I${join(RUNTIME_C_DIR, 'include')}`, `-I${rpc}`, ...sources, '-o', exe],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`building the C RPC server failed:\n${r.stderr}`);
  return exe;
}

export function startStdioServer(exe: string): ChildProcessWithoutNullStreams {
  return spawn(exe, [], { stdio: ['pipe', 'pipe', 'pipe'] });
}
