import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** runtime-c/npu in this repository: the driver and the simulator behind it. */
export const NPU_RUNTIME_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../runtime-c/npu');

/** The NPU runtime, copied under `runtime/npu/` of a compiled model so the folder builds alone. */
export function npuRuntimeFiles(): { path: string; content: string }[] {
  return readdirSync(NPU_RUNTIME_DIR)
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .sort()
    .map((f) => ({ path: `runtime/npu/${f}`, content: readFileSync(join(NPU_RUNTIME_DIR, f), 'utf8') }));
}
