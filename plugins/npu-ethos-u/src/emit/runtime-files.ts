import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The NPU driver and the simulator behind it: `npu/` of the `@anvil/runtime-c` package. */
export const NPU_RUNTIME_DIR = join(dirname(createRequire(import.meta.url).resolve('@anvil/runtime-c/package.json')), 'npu');

/** The NPU runtime, copied under `runtime/npu/` of a compiled model so the folder builds alone. */
export function npuRuntimeFiles(): { path: string; content: string }[] {
  return readdirSync(NPU_RUNTIME_DIR)
    .filter((f) => f.endsWith('.c') || f.endsWith('.h'))
    .sort()
    .map((f) => ({ path: `runtime/npu/${f}`, content: readFileSync(join(NPU_RUNTIME_DIR, f), 'utf8') }));
}
