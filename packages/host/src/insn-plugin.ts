import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errors, fail } from '@anvil/core';
import { run, tail } from './tools.js';

/** The instruction-counting TCG plugin's C source (packages/host/native). */
export const INSN_PLUGIN_SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../native/anvil_insn_count.c');

/**
 * Builds the plugin with the host gcc once per source version and caches the shared object
 * under the temporary folder (keyed by the source's hash, so an edit rebuilds it).
 */
export function insnPluginPath(): string {
  const source = readFileSync(INSN_PLUGIN_SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'anvil-qemu-plugin');
  const so = join(dir, `anvil_insn_count-${hash}.so`);
  if (existsSync(so)) return so;
  mkdirSync(dir, { recursive: true });
  // Build to a private name, then rename: parallel test workers may race here.
  const partial = `${so}.${process.pid}.tmp`;
  const r = run('gcc', ['-O2', '-shared', '-fPIC', '-Wall', '-Wextra', '-Werror', '-o', partial, INSN_PLUGIN_SOURCE]);
  if (r.error !== undefined || r.status !== 0)
    fail(errors.toolchainFailed('gcc (QEMU instruction-count plugin)', tail(r.stderr || String(r.error))));
  renameSync(partial, so);
  return so;
}
