import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { GeneratedFile } from './emit-model.js';

/**
 * The C runtime's folder: the `@anvil/runtime-c` package, found by module resolution as any
 * dependency is (runtime-c/ in this repository, node_modules/@anvil/runtime-c when installed).
 */
export const RUNTIME_C_DIR = dirname(createRequire(import.meta.url).resolve('@anvil/runtime-c/package.json'));

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

const KERNELS_DIR = join(RUNTIME_C_DIR, 'kernels');

/** Whether `fn` names a kernel of the library (a plain `anvil_…` identifier with a header there). */
export function isLibraryKernel(fn: string): boolean {
  return /^anvil_[a-z0-9_]+$/.test(fn) && existsSync(join(KERNELS_DIR, `${fn}.h`));
}

/** Kernel-library headers a file includes by a path relative to its own folder. */
function localIncludes(text: string): string[] {
  return [...text.matchAll(/^#include "([^"/]+\.h)"/gm)].map((m) => m[1] as string).filter((h) => h.startsWith('anvil_'));
}

/**
 * The kernel-library files an output uses, under `runtime/kernels/`: the header of every
 * kernel it calls (with the library headers those include), and the source of every kernel
 * it calls through the shared out-of-line instance. Nothing else, so the folder stays small
 * and builds no dead code.
 */
export function kernelLibraryFiles(kernels: readonly string[], outOfLine: readonly string[]): GeneratedFile[] {
  const wanted = new Map<string, string>();
  const add = (file: string): void => {
    if (wanted.has(file)) return;
    const content = readFileSync(join(KERNELS_DIR, file), 'utf8');
    wanted.set(file, content);
    for (const h of localIncludes(content)) add(h);
  };
  kernels.forEach((k) => add(`${k}.h`));
  outOfLine.forEach((k) => add(`${k}.c`));
  return [...wanted].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, content]) => ({ path: `runtime/kernels/${file}`, content }));
}
