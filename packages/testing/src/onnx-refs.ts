import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * onnxruntime reference data for the shared ONNX models (refs/<stem>/, see refs/README.md):
 * float inputs and the int8 stream they quantize back to, float outputs and the int8 tensor
 * before the final DequantizeLinear, and for seed 1 the int8 output of every QuantizeLinear.
 */
export interface OnnxRefRun {
  readonly seed: number;
  /** float32 graph inputs as fed to onnxruntime. */
  readonly inputs: readonly Uint8Array[];
  /** The int8 stream each float input quantizes back to (in the ONNX input's own layout). */
  readonly inputsInt8: readonly Uint8Array[];
  /** float32 graph outputs (after the final DequantizeLinear, and Softmax where there is one). */
  readonly outputs: readonly Uint8Array[];
  /** The int8 tensor of the last QuantizeLinear before each output. */
  readonly outputsInt8: readonly Uint8Array[];
}

/** One QuantizeLinear output of the seed-1 run, in ONNX's (NCHW) layout. */
export interface OnnxRefLayer {
  readonly file: string;
  /** Position of the QuantizeLinear in the stored node order. */
  readonly node: number;
  /** ONNX name of the tensor. */
  readonly tensor: string;
  readonly shape: readonly number[];
  readonly bytes: Uint8Array;
}

export interface OnnxQuantization {
  readonly name: string;
  readonly scale: number;
  readonly zeroPoint: number;
  /** For outputs: the ONNX name of the int8 tensor before the final DequantizeLinear. */
  readonly tensor?: string;
  /** For inputs: the graph input's shape. */
  readonly shape?: readonly number[];
}

export interface OnnxModelRefs {
  readonly stem: string;
  readonly modelPath: string;
  readonly runs: readonly OnnxRefRun[];
  readonly layers: readonly OnnxRefLayer[];
  readonly inputQuantization: readonly OnnxQuantization[];
  readonly outputQuantization: readonly OnnxQuantization[];
}

interface OnnxManifest {
  readonly model: string;
  readonly input_quantization: ReadonlyArray<{ name: string; shape: number[]; scale: number; zero_point: number }>;
  readonly output_quantization: ReadonlyArray<{ name: string; tensor: string; scale: number; zero_point: number }>;
  readonly runs: ReadonlyArray<{
    seed: number;
    inputs: string[];
    inputs_int8: string[];
    outputs: string[];
    outputs_int8: string[];
    layers?: Readonly<Record<string, { node: number; tensor: string; shape: number[] }>>;
  }>;
}

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** Stems of the ONNX models in `modelsDir` that have onnxruntime reference data. */
export function onnxModelsWithRefs(modelsDir: string): string[] {
  return readdirSync(modelsDir)
    .filter((f) => f.endsWith('.onnx'))
    .map((f) => f.replace(/\.onnx$/, ''))
    .filter((stem) => existsSync(join(modelsDir, 'refs', stem, 'manifest.json')))
    .sort();
}

/** Reads an ONNX model's reference runs and seed-1 QuantizeLinear tensors exactly as stored. */
export function loadOnnxRefs(modelsDir: string, stem: string): OnnxModelRefs {
  const dir = join(modelsDir, 'refs', stem);
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as OnnxManifest;
  const files = (names: readonly string[]): Uint8Array[] => names.map((f) => read(join(dir, f)));
  const runs = m.runs.map((r) => ({
    seed: r.seed,
    inputs: files(r.inputs),
    inputsInt8: files(r.inputs_int8),
    outputs: files(r.outputs),
    outputsInt8: files(r.outputs_int8),
  }));
  const layers = m.runs
    .flatMap((r) => Object.entries(r.layers ?? {}))
    .map(([file, meta]) => ({ file, node: meta.node, tensor: meta.tensor, shape: meta.shape, bytes: read(join(dir, file)) }))
    .sort((a, b) => a.node - b.node);
  return {
    stem,
    modelPath: join(modelsDir, m.model),
    runs,
    layers,
    inputQuantization: m.input_quantization.map((q) => ({ name: q.name, shape: q.shape, scale: q.scale, zeroPoint: q.zero_point })),
    outputQuantization: m.output_quantization.map((q) => ({ name: q.name, tensor: q.tensor, scale: q.scale, zeroPoint: q.zero_point })),
  };
}
