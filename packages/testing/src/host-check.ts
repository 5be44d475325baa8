import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { CompiledModel, Graph, Target, Tensor } from '@anvil/core';
import { emitArtifact } from '@anvil/codegen-c';
import { interpret } from '@anvil/interp';
import { buildHost, hostTarget } from '@anvil/target-host';
import { firstDifference } from './refs.js';
import { xorshiftBytes } from './xorshift.js';

/**
 * Whether the host C compiler is here. Without it the kits' builds skip with `reason`, except
 * under CI=true, where they run and fail: a missing compiler must never pass CI.
 */
export function hostCompiler(): { readonly skip: boolean; readonly reason: string } {
  const cc = hostTarget.toolchain.cc;
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (r.error === undefined && r.status === 0) return { skip: false, reason: '' };
  return { skip: process.env['CI'] !== 'true', reason: `${cc} not found (install ${hostTarget.toolchain.packages.join(', ')})` };
}

/** Seeds of the inputs every kit runs each graph on. */
export const DEFAULT_SEEDS: readonly number[] = [1, 2, 3, 4];

/** Inputs: full-range bytes for int8; for float32, values spread over ±10. */
export function conformanceInputs(graph: Graph, seed: number): Uint8Array[] {
  return graph.inputs.map((id, k) => {
    const t = graph.tensors[id] as Tensor;
    const bytes = xorshiftBytes(seed * 10 + k, tensorBytes(t));
    if (t.dtype !== 'float32') return bytes;
    const f = new Float32Array(bytes.length / 4).map((_, i) => (((bytes[i] ?? 0) - 128) / 12.8) * (i % 3 === 0 ? 1 : 0.125));
    return new Uint8Array(f.buffer);
  });
}

/**
 * Emits a compiled model (codegen-c), builds it with the host's gcc under ASan and UBSan,
 * runs it on each seed and expects every output byte-identical to the interpreter's. The
 * build uses the host toolchain whatever `compiled.target`'s own is, so the C must be
 * portable enough for the host compiler. The build folder is removed when all agree and
 * kept (named in the failure) when not.
 */
export function expectHostRunMatchesInterpreter(graph: Graph, compiled: CompiledModel, seeds: readonly number[] = DEFAULT_SEEDS): void {
  const artifact = emitArtifact(compiled);
  const dir = mkdtempSync(join(tmpdir(), `anvil-conformance-${artifact.name}-`));
  for (const f of artifact.files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
  const target: Target = { ...compiled.target, toolchain: hostTarget.toolchain };
  const exe = buildHost({ artifactDir: dir, model: artifact.name, target, inputs: [], outputBytes: [], sanitize: true });
  const outputBytes = graph.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  for (const seed of seeds) {
    const inputs = conformanceInputs(graph, seed);
    const ins = inputs.map((bytes, k) => {
      const p = join(dir, `s${seed}_in${k}.bin`);
      writeFileSync(p, bytes);
      return p;
    });
    const outs = outputBytes.map((_, k) => join(dir, `s${seed}_out${k}.bin`));
    const r = spawnSync(exe, ['1', ...ins, ...outs], { encoding: 'utf8' });
    expect(r.status, `${graph.name} seed ${seed}: the sanitized build failed at run time (build kept in ${dir})\n${r.stderr}`).toBe(0);
    const expected = interpret(graph, inputs);
    outs.forEach((p, k) => {
      const got = new Uint8Array(readFileSync(p));
      const want = expected[k] as Uint8Array;
      const at = firstDifference(got, want);
      expect(
        at,
        `${graph.name} seed ${seed} output ${k}: first difference at byte ${at} (got ${got[at]}, interpreter ${want[at]}; build kept in ${dir})`,
      ).toBe(-1);
    });
  }
  rmSync(dir, { recursive: true, force: true });
}
