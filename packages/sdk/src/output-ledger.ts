import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { sha256 } from './output-manifest.js';

/**
 * The files Anvil wrote at user-chosen paths in a folder (`--output` prefix files, `plan
 * --html`, tuning logs), each with the SHA-256 of what it wrote: a file still holding exactly
 * that is Anvil's own output and may be replaced without `--force`; a file that changed, or
 * that Anvil never wrote, is the user's and is not.
 */
export const OUTPUT_LEDGER = '.anvil-outputs.json';

interface Ledger {
  readonly format: 'anvil-outputs';
  readonly version: 1;
  readonly files: Readonly<Record<string, string>>;
}

function readLedger(dir: string): Record<string, string> {
  try {
    const json = JSON.parse(readFileSync(join(dir, OUTPUT_LEDGER), 'utf8')) as Partial<Ledger>;
    if (json.format !== 'anvil-outputs' || typeof json.files !== 'object' || json.files === null) return {};
    return Object.fromEntries(Object.entries(json.files).filter(([, v]) => typeof v === 'string'));
  } catch {
    // No ledger, or a damaged one: nothing in the folder counts as Anvil's.
    return {};
  }
}

/** Whether the file at `abs` is exactly what Anvil last wrote there. */
export function isOwnOutput(abs: string): boolean {
  const recorded = readLedger(dirname(abs))[basename(abs)];
  if (recorded === undefined) return false;
  try {
    return sha256(readFileSync(abs)) === recorded;
  } catch {
    return false;
  }
}

/** Records files just written (absolute paths with their content) in their folders' ledgers. */
export function recordOutputs(files: ReadonlyArray<{ readonly abs: string; readonly content: string | Uint8Array }>): void {
  const byDir = new Map<string, Array<{ name: string; hash: string }>>();
  for (const f of files) {
    const list = byDir.get(dirname(f.abs)) ?? [];
    list.push({ name: basename(f.abs), hash: sha256(f.content) });
    byDir.set(dirname(f.abs), list);
  }
  for (const [dir, written] of byDir) {
    const files = { ...readLedger(dir), ...Object.fromEntries(written.map((w) => [w.name, w.hash])) };
    const ledger: Ledger = { format: 'anvil-outputs', version: 1, files };
    writeFileAtomic(join(dir, OUTPUT_LEDGER), `${JSON.stringify(ledger, null, 2)}\n`, true);
  }
}
