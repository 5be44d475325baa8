import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tensorBytes } from '@anvil/core';
import type { CompiledModel, Graph, Tensor } from '@anvil/core';
import { emitArtifact } from '@anvil/codegen-c';
import type { Artifact } from '@anvil/codegen-c';
import { createInterpreterSession } from '@anvil/interp';
import { HOST_CFLAGS, SANITIZE_FLAGS } from '@anvil/target-host';
import { conformanceInputs, firstDifference } from '@anvil/testing';

/** One graph of a batch, compiled. */
export interface BatchCase {
  readonly title: string;
  readonly graph: Graph;
  readonly compiled: CompiledModel;
}

/** What went wrong with one case of a batch, or nothing. */
export interface CaseResult {
  readonly title: string;
  readonly failure?: string;
}

function driver(cases: ReadonlyArray<{ artifact: Artifact; graph: Graph }>, seeds: number): string {
  const blocks = cases.map(({ artifact, graph }, k) => {
    const upper = artifact.name.toUpperCase();
    const ins = graph.inputs.map((_, i) => `ANVIL_${upper}_INPUT${i}_BYTES`);
    const outs = graph.outputs.map((_, i) => `ANVIL_${upper}_OUTPUT${i}_BYTES`);
    return `  for (s = 0; s < ${seeds}; ++s) {
    void *arena = NULL;
    const void *ins[${Math.max(1, ins.length)}];
    void *outs[${Math.max(1, outs.length)}];
    anvil_status_t st;
${ins.map((n, i) => `    ins[${i}] = load(dir, ${k}, s, "in", ${i}, ${n});`).join('\n')}
${outs.map((n, i) => `    outs[${i}] = calloc(1, ${n} > 0 ? ${n} : 1);`).join('\n')}
    if (ANVIL_${upper}_ARENA_BYTES > 0 && posix_memalign(&arena, ANVIL_${upper}_ARENA_ALIGN, ANVIL_${upper}_ARENA_BYTES) != 0) return 2;
    st = anvil_${artifact.name}_invoke(arena != NULL ? arena : (void *)outs, ins, outs);
    if (st != ANVIL_OK) { fprintf(stderr, "case ${k} seed %d: status 0x%x\\n", s, (unsigned)st); return 3; }
${outs.map((n, i) => `    save(dir, ${k}, s, ${i}, outs[${i}], ${n});`).join('\n')}
    free(arena);
${ins.map((_, i) => `    free((void *)ins[${i}]);`).join('\n')}
${outs.map((_, i) => `    free(outs[${i}]);`).join('\n')}
  }`;
  });
  return `#define _POSIX_C_SOURCE 200112L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
${cases.map(({ artifact }) => `#include "${artifact.name}.h"`).join('\n')}

static void *load(const char *dir, int c, int s, const char *kind, int i, size_t n) {
  char path[4096];
  FILE *f;
  void *p = malloc(n > 0 ? n : 1);
  snprintf(path, sizeof path, "%s/c%d_s%d_%s%d.bin", dir, c, s, kind, i);
  f = fopen(path, "rb");
  if (f == NULL || p == NULL || fread(p, 1, n, f) != n) { fprintf(stderr, "cannot read %s\\n", path); exit(4); }
  fclose(f);
  return p;
}

static void save(const char *dir, int c, int s, int i, const void *p, size_t n) {
  char path[4096];
  FILE *f;
  snprintf(path, sizeof path, "%s/c%d_s%d_out%d.bin", dir, c, s, i);
  f = fopen(path, "wb");
  if (f == NULL || fwrite(p, 1, n, f) != n) { fprintf(stderr, "cannot write %s\\n", path); exit(5); }
  fclose(f);
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : ".";
  int s;
${blocks.join('\n')}
  return 0;
}
`;
}

function cFiles(dir: string, at = ''): string[] {
  return readdirSync(join(dir, at), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cFiles(dir, join(at, e.name)) : e.name.endsWith('.c') ? [join(at, e.name)] : [],
  );
}

/**
 * Emits every case into one folder (each model under its own name; the runtime and library
 * kernels they share written once), builds one host program with ASan and UBSan that runs
 * every case on every seed, and compares each output with the interpreter. One build for
 * the whole batch keeps a kernel's tests to seconds. Returns a result per case; the folder
 * is kept (and named) when anything fails.
 */
export function runBatchOnHost(cases: readonly BatchCase[], seeds: readonly number[]): CaseResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'anvil-kernel-batch-'));
  const emitted = cases.map((c) => ({ ...c, artifact: emitArtifact(c.compiled) }));
  for (const { artifact } of emitted)
    for (const f of artifact.files) {
      if (!f.path.endsWith('.c') && !f.path.endsWith('.h')) continue;
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
  writeFileSync(join(dir, 'batch_main.c'), driver(emitted, seeds.length));
  const exe = join(dir, 'batch');
  const build = spawnSync(
    'gcc',
    [
      ...HOST_CFLAGS,
      ...SANITIZE_FLAGS,
      `-I${dir}`,
      `-I${join(dir, 'runtime', 'include')}`,
      ...cFiles(dir).map((f) => join(dir, f)),
      '-o',
      exe,
      '-lm',
    ],
    { encoding: 'utf8' },
  );
  if (build.status !== 0)
    return cases.map((c) => ({ title: c.title, failure: `the batch did not build (kept in ${dir}):\n${build.stderr}` }));
  emitted.forEach(({ graph }, k) =>
    seeds.forEach((seed, s) =>
      conformanceInputs(graph, seed).forEach((bytes, i) => writeFileSync(join(dir, `c${k}_s${s}_in${i}.bin`), bytes)),
    ),
  );
  const run = spawnSync(exe, [dir], { encoding: 'utf8' });
  if (run.status !== 0)
    return cases.map((c) => ({ title: c.title, failure: `the sanitized batch failed at run time (kept in ${dir}):\n${run.stderr}` }));
  const results = emitted.map(({ title, graph }, k): CaseResult => {
    // The driver runs a case's seeds one after another in one process, so a stateful model
    // carries its state from seed to seed: the interpreter session does the same.
    const session = createInterpreterSession(graph);
    for (const [s, seed] of seeds.entries()) {
      const expected = session.run(conformanceInputs(graph, seed));
      for (const [i, id] of graph.outputs.entries()) {
        const got = new Uint8Array(readFileSync(join(dir, `c${k}_s${s}_out${i}.bin`)));
        const want = expected[i] as Uint8Array;
        const at = got.length !== tensorBytes(graph.tensors[id] as Tensor) ? 0 : firstDifference(got, want);
        if (at >= 0)
          return {
            title,
            failure: `seed ${seed} output ${i}: first difference at byte ${at} (got ${got[at]}, interpreter ${want[at]}; kept in ${dir})`,
          };
      }
    }
    return { title };
  });
  if (results.every((r) => r.failure === undefined)) rmSync(dir, { recursive: true, force: true });
  return results;
}
