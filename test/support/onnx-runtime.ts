import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '@anvil/testing';

/**
 * onnxruntime-node as an oracle. It is the ONNX importer's development dependency, so it runs
 * in a child process from that package's runner (plugins/importer-onnx/src/testing), every
 * graph optimization off, all models in one launch.
 */
export interface OrtTensor {
  readonly type: 'float32' | 'int8' | 'uint8' | 'int32';
  readonly dims: readonly number[];
  readonly bytes: Uint8Array;
}

export interface OrtJob {
  readonly model: string;
  readonly inputs: Readonly<Record<string, OrtTensor>>;
}

export type OrtResult = { readonly outputs: Readonly<Record<string, OrtTensor>> } | { readonly error: string };

interface Wire {
  type: OrtTensor['type'];
  dims: number[];
  base64: string;
}

const RUNNER = join(REPO_ROOT, 'plugins/importer-onnx/src/testing/run-onnxruntime.mjs');

export function runOnnxruntime(jobs: readonly OrtJob[]): OrtResult[] {
  const wire = jobs.map((j) => ({
    model: j.model,
    inputs: Object.fromEntries(
      Object.entries(j.inputs).map(([k, t]) => [k, { type: t.type, dims: [...t.dims], base64: Buffer.from(t.bytes).toString('base64') }]),
    ),
  }));
  const r = spawnSync(process.execPath, [RUNNER], {
    input: JSON.stringify(wire),
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`onnxruntime runner failed (${r.status}): ${r.stderr}`);
  const results = JSON.parse(r.stdout) as Array<{ outputs: Record<string, Wire> } | { error: string }>;
  return results.map((res) =>
    'error' in res
      ? res
      : {
          outputs: Object.fromEntries(
            Object.entries(res.outputs).map(([k, w]) => [
              k,
              { type: w.type, dims: w.dims, bytes: new Uint8Array(Buffer.from(w.base64, 'base64')) },
            ]),
          ),
        },
  );
}
