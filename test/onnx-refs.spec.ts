import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importModel } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { OnnxImporter, importOnnxWithValues } from '@anvil/importer-onnx';
import type { OnnxValueLayout } from '@anvil/importer-onnx';
import { interpretAll } from '@anvil/interp';
import { describeShared, loadOnnxRefs, onnxModelsWithRefs } from '@anvil/testing';
import type { OnnxModelRefs } from '@anvil/testing';
import { agreement, merge, perOpOutputs, share, toStored } from './support/onnx-compare.js';
import type { Agreement } from './support/onnx-compare.js';

// The second oracle, onnxruntime, on the shared ONNX models (refs made with every graph
// optimization off: DequantizeLinear → float op → QuantizeLinear, each node as written).
// Anvil requantizes with TFLite's fixed-point multipliers, onnxruntime in float, so rare
// elements land one step apart; the figures are printed so they can be quoted.

/** The targets for every quantized tensor. */
const MIN_IDENTICAL = 0.99;
const MAX_LSB = 1;

interface Imported {
  readonly graph: Graph;
  readonly values: ReadonlyMap<string, OnnxValueLayout>;
}

function load(refs: OnnxModelRefs): Imported {
  const bytes = new Uint8Array(readFileSync(refs.modelPath));
  // The graph every user gets (verified), and the importer's ONNX-name map of the same import.
  const graph = importModel([new OnnxImporter()], bytes, basename(refs.modelPath));
  const { values } = importOnnxWithValues(bytes, graph.name);
  return { graph, values };
}

function layout(m: Imported, name: string): OnnxValueLayout {
  const v = m.values.get(name);
  if (v === undefined) throw new Error(`the import has no tensor for ONNX value "${name}"`);
  return v;
}

/** The seed's int8 input(s) in Anvil's stored layout. */
function storedInputs(m: Imported, ins: readonly Uint8Array[]): Uint8Array[] {
  return m.graph.inputs.map((id, k) => {
    const name = m.graph.tensors[id]?.name ?? '';
    const v = layout(m, name);
    return toStored(ins[k] ?? new Uint8Array(0), v.logicalShape, v.perm);
  });
}

function lines(title: string, rows: ReadonlyArray<readonly [string, Agreement]>): string {
  const body = rows.map(
    ([what, a]) => `  ${what}: ${a.identical}/${a.elements} identical (${(100 * share(a)).toFixed(2)}%), max ${a.maxLsb} LSB`,
  );
  return [title, ...body].join('\n');
}

function softmax(x: Float32Array): Float32Array {
  const max = Math.max(...x);
  const e = x.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** End-to-end figures of each model, measured by one test and judged against the target by the next. */
const endToEnd = new Map<string, { layers: Agreement; rows: ReadonlyArray<readonly [string, Agreement]>; worstFloatSteps: number }>();

describeShared('interpreter vs onnxruntime on the shared ONNX models', (modelsDir) => {
  for (const stem of onnxModelsWithRefs(modelsDir)) {
    describe(stem, () => {
      const refs = loadOnnxRefs(modelsDir, stem);
      const m = load(refs);

      it(`every QuantizeLinear of seed 1, each op from onnxruntime's own inputs: ≥ ${MIN_IDENTICAL * 100}% of the model's elements identical, every tensor ≤ ${MAX_LSB} LSB`, () => {
        const run = refs.runs.find((r) => r.seed === 1);
        expect(run).toBeDefined();
        expect(refs.layers.length).toBeGreaterThan(0);
        const byTensor = new Map<number, Uint8Array>();
        for (const l of refs.layers) {
          const v = layout(m, l.tensor);
          expect(v.logicalShape, l.tensor).toEqual(l.shape);
          byTensor.set(v.tensor, toStored(l.bytes, v.logicalShape, v.perm));
        }
        const computed = perOpOutputs(m.graph, storedInputs(m, run!.inputsInt8), byTensor);
        const rows = refs.layers.map((l) => {
          const id = layout(m, l.tensor).tensor;
          return [
            `${l.file} ${l.tensor}`,
            agreement(computed.get(id) ?? new Uint8Array(0), byTensor.get(id) ?? new Uint8Array(0)),
          ] as const;
        });
        const total = merge(rows.map((r) => r[1]));
        const below = rows.filter(([, a]) => share(a) < MIN_IDENTICAL).map(([w]) => w);
        console.log(
          [
            lines(`${stem}, per op (inputs from onnxruntime), seed 1`, rows),
            `  model: ${total.identical}/${total.elements} identical (${(100 * share(total)).toFixed(2)}%), max ${total.maxLsb} LSB`,
            `  tensors below ${MIN_IDENTICAL * 100}% on their own: ${below.length === 0 ? 'none' : below.join(', ')}`,
          ].join('\n'),
        );
        // The share is the model's (the issue states it per model); the LSB bound holds at every tensor.
        expect(share(total)).toBeGreaterThanOrEqual(MIN_IDENTICAL);
        for (const [what, a] of rows) expect(a.maxLsb, what).toBeLessThanOrEqual(MAX_LSB);
      });

      it('end to end from the int8 input: every seed, every QuantizeLinear of seed 1, and the float outputs (measured)', () => {
        expect(refs.runs.length).toBe(3);
        const softmaxLeft = /Softmax/.test(m.graph.source?.['application'] ?? '');
        const rows: Array<readonly [string, Agreement]> = [];
        const floatRows: string[] = [];
        let worstFloatSteps = 0;
        for (const run of refs.runs) {
          const values = interpretAll(m.graph, storedInputs(m, run.inputsInt8));
          if (run.seed === 1) {
            for (const l of refs.layers) {
              const v = layout(m, l.tensor);
              rows.push([
                `seed 1 ${l.file} ${l.tensor}`,
                agreement(values.get(v.tensor) ?? new Uint8Array(0), toStored(l.bytes, v.logicalShape, v.perm)),
              ]);
            }
          }
          m.graph.outputs.forEach((id, k) => {
            const out = values.get(id) ?? new Uint8Array(0);
            rows.push([`seed ${run.seed} output ${k} (int8)`, agreement(out, run.outputsInt8[k] ?? new Uint8Array(0))]);
            // The float edge as the application computes it: dequantize, then softmax where the model has one.
            const q = refs.outputQuantization[k];
            expect(q).toBeDefined();
            const deq = Float32Array.from(new Int8Array(out.buffer, out.byteOffset, out.length), (v) => q!.scale * (v - q!.zeroPoint));
            const mine = softmaxLeft ? softmax(deq) : deq;
            const refBytes = run.outputs[k] ?? new Uint8Array(0);
            const ref = new Float32Array(refBytes.buffer.slice(refBytes.byteOffset, refBytes.byteOffset + refBytes.length));
            const steps = Math.max(...ref.map((r, i) => Math.abs(r - (mine[i] ?? 0)) / q!.scale));
            worstFloatSteps = Math.max(worstFloatSteps, steps);
            floatRows.push(`  seed ${run.seed} output ${k} (float): max |anvil - onnxruntime| = ${steps.toFixed(3)} output steps`);
          });
        }
        const layersOnly = merge(rows.filter(([w]) => w.includes('layers/')).map((r) => r[1]));
        console.log(
          [
            lines(`${stem}, end to end (each op from Anvil's own previous outputs)`, rows),
            `  all seed-1 QuantizeLinear tensors: ${layersOnly.identical}/${layersOnly.elements} identical (${(100 * share(layersOnly)).toFixed(2)}%), max ${layersOnly.maxLsb} LSB`,
            ...floatRows,
          ].join('\n'),
        );
        // Every element compared, shapes agreeing (agreement() marks a size mismatch as Infinity).
        for (const [what, a] of rows) expect(Number.isFinite(a.maxLsb), what).toBe(true);
        expect(Number.isFinite(worstFloatSteps)).toBe(true);
        endToEnd.set(stem, { layers: layersOnly, rows, worstFloatSteps });
      });

      // The target, end to end. It holds because ONNX graphs round once (as onnxruntime
      // does): with TFLite's double rounding the rare one-step differences of each op fed the
      // next op and spread (kws 94.47% identical, max 4 LSB; mobilenet 94.33%, max 5 LSB).
      it('end to end meets the issue target at every QuantizeLinear and output (≥ 99% identical, ≤ 1 LSB, float outputs within one step)', () => {
        const e = endToEnd.get(stem);
        expect(e).toBeDefined();
        expect(share(e!.layers)).toBeGreaterThanOrEqual(MIN_IDENTICAL);
        for (const [what, a] of e!.rows) expect(a.maxLsb, what).toBeLessThanOrEqual(MAX_LSB);
        expect(e!.worstFloatSteps).toBeLessThanOrEqual(1);
      });
    });
  }
});
