import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface RefRun {
  readonly seed: number;
  readonly inputs: readonly Uint8Array[];
  readonly outputs: readonly Uint8Array[];
}

export interface RefLayer {
  /** Stored operator index that wrote the tensor. */
  readonly opIndex: number;
  readonly tensorIndex: number;
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface ModelRefs {
  readonly stem: string;
  readonly modelPath: string;
  readonly runs: readonly RefRun[];
  /** Every operator output for seed 1, in operator order. */
  readonly layers: readonly RefLayer[];
  readonly tflmArenaUsedBytes?: number;
}

interface Manifest {
  readonly model: string;
  readonly runs: ReadonlyArray<{ seed: number; inputs: string[]; outputs: string[] }>;
  readonly layers_seed1?: Readonly<Record<string, { index: number; op_index: number }>>;
  readonly tflm_arena_used_bytes?: number;
}

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** Stems of the TFLite models in `modelsDir` that have reference data (LSTM included). */
export function tfliteModelsWithRefs(modelsDir: string): string[] {
  return readdirSync(modelsDir)
    .filter((f) => f.endsWith('.tflite'))
    .map((f) => f.replace(/\.tflite$/, ''))
    .filter((stem) => existsSync(join(modelsDir, 'refs', stem, 'manifest.json')))
    .sort();
}

/** Reads a model's reference inputs, outputs and seed-1 layers exactly as stored. */
export function loadRefs(modelsDir: string, stem: string): ModelRefs {
  const dir = join(modelsDir, 'refs', stem);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const runs = manifest.runs.map((r) => ({
    seed: r.seed,
    inputs: r.inputs.map((f) => read(join(dir, f))),
    outputs: r.outputs.map((f) => read(join(dir, f))),
  }));
  const layers = Object.entries(manifest.layers_seed1 ?? {})
    .map(([file, meta]) => ({ opIndex: meta.op_index, tensorIndex: meta.index, file, bytes: read(join(dir, file)) }))
    .sort((a, b) => a.opIndex - b.opIndex || a.tensorIndex - b.tensorIndex);
  const base = { stem, modelPath: join(modelsDir, manifest.model), runs, layers };
  return manifest.tflm_arena_used_bytes === undefined ? base : { ...base, tflmArenaUsedBytes: manifest.tflm_arena_used_bytes };
}

/** Index of the first differing byte, or -1. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
