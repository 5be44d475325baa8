import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFile } from './emit-model.js';

/** runtime-c/ in this repository (packages/codegen-c/src → ../../../runtime-c). */
export const RUNTIME_C_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../runtime-c');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/**
 * The runtime the generated code needs, copied under `runtime/` so the output folder builds on
 * its own: public and internal headers, and the platform hooks' weak defaults.
 */
export function runtimeFiles(): GeneratedFile[] {
  const wanted = [...walk(join(RUNTIME_C_DIR, 'include')), join(RUNTIME_C_DIR, 'src', 'platform_default.c')];
  return wanted.map((p) => ({ path: join('runtime', relative(RUNTIME_C_DIR, p)), content: readFileSync(p, 'utf8') }));
}
