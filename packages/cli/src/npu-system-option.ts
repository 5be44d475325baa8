import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { OFFLOAD_OPTIONS_SEPARATOR, errors, fail } from '@anvil/core';

/** The help of `--npu-system`, shared by every command that takes `--npu`. */
export const NPU_SYSTEM_HELP =
  'the system around the NPU: high-end-embedded (U55 default), deep-embedded, u65-high-end (U65 default), or a JSON file of clock, bandwidths and latencies';

/**
 * The configuration `--npu` and `--npu-system` stand for together: the accelerator, then the
 * system by name or, from a .json file, inline (so the compiled regions record it whole).
 */
export function npuWithSystem(npu: string | undefined, system: string | undefined): string | undefined {
  if (system === undefined) return npu;
  if (npu === undefined)
    fail(errors.cliBadArgument('--npu-system without --npu: a system configuration is for an NPU', 'add --npu CONFIG'));
  if (!system.endsWith('.json')) return `${npu}${OFFLOAD_OPTIONS_SEPARATOR}${system}`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(system, 'utf8'));
  } catch (e) {
    fail(errors.cliBadArgument(`cannot read the NPU system configuration ${system}: ${(e as Error).message}`, 'give a readable JSON file'));
  }
  // A file without a name is reported by its file name.
  const named =
    typeof json === 'object' && json !== null && !Array.isArray(json) && !('name' in json)
      ? {
          name: basename(system, '.json')
            .replace(/[^A-Za-z0-9._-]/g, '-')
            .slice(0, 64),
          ...json,
        }
      : json;
  return `${npu}${OFFLOAD_OPTIONS_SEPARATOR}${JSON.stringify(named)}`;
}
