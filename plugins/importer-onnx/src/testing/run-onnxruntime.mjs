// Runs ONNX models through onnxruntime-node (this package's development dependency) for tests
// elsewhere in the workspace that compare Anvil with it: they spawn `node run-onnxruntime.mjs`
// and keep onnxruntime out of their own dependencies. Every graph optimization is off, so each
// QuantizeLinear / DequantizeLinear and float operator runs as written (the ONNX meaning).
//
// stdin:  JSON [{ model: path, inputs: { name: { type, dims, base64 } } }, …]
// stdout: JSON [{ outputs: { name: { type, dims, base64 } } } | { error: message }, …]
import { Buffer } from 'node:buffer';
import * as ort from 'onnxruntime-node';

const ARRAYS = { float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int32: Int32Array };

function tensorOf({ type, dims, base64 }) {
  const bytes = Buffer.from(base64, 'base64');
  const Array = ARRAYS[type];
  const data = new Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return new ort.Tensor(type, data, dims);
}

function encode(t) {
  const d = t.data;
  return { type: t.type, dims: t.dims, base64: Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('base64') };
}

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const jobs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const job of jobs) {
  try {
    const session = await ort.InferenceSession.create(job.model, { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 });
    const feeds = Object.fromEntries(Object.entries(job.inputs).map(([k, v]) => [k, tensorOf(v)]));
    const out = await session.run(feeds);
    results.push({ outputs: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, encode(v)])) });
    await session.release();
  } catch (e) {
    results.push({ error: e instanceof Error ? e.message : String(e) });
  }
}
process.stdout.write(JSON.stringify(results));
