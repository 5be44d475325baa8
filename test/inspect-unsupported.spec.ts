import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedModels } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// A model with an operator Anvil lacks is still shown whole by `inspect`, the operator marked,
// and the command fails with UNSUPPORTED_OPERATORS (issue 16: trained_lstm_int8 printed nothing).
// Anvil now runs that model's LSTM, so the test rewrites its operator code to one Anvil does
// not have, UNIDIRECTIONAL_SEQUENCE_RNN (35), keeping the rest of the real file.
const shared = sharedModels();
const RNN = 35;

/** The file with its first operator code (the LSTM's) changed to `code`, both of its fields. */
function withOperatorCode(bytes: Uint8Array, code: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  // Flatbuffers: a table starts with a signed offset back to its vtable, whose u16 slots give
  // each field's offset in the table (0: absent); offsets to tables and vectors are u32 forward.
  const field = (table: number, slot: number): number => v.getUint16(table - v.getInt32(table, true) + slot, true);
  const follow = (at: number): number => at + v.getUint32(at, true);
  const model = follow(0);
  // Model.operator_codes is field 1 (slot 6); OperatorCode's deprecated_builtin_code is field 0
  // (slot 4, a byte) and builtin_code field 3 (slot 10, an int32).
  const codes = follow(model + field(model, 6));
  const first = follow(codes + 4);
  const deprecated = field(first, 4);
  const builtin = field(first, 10);
  if (deprecated === 0 || builtin === 0 || v.getInt32(first + builtin, true) !== 44)
    throw new Error('operator code 0 is not the stored LSTM');
  v.setInt8(first + deprecated, code);
  v.setInt32(first + builtin, code, true);
  return out;
}

describe.skipIf(!shared.available)(`inspect on a model with an unsupported operator ${shared.reason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'anvil-inspect-unsupported-'));
  const model = join(dir, 'trained_lstm_int8.tflite');
  if (shared.available)
    writeFileSync(model, withOperatorCode(new Uint8Array(readFileSync(join(shared.dir, 'trained_lstm_int8.tflite'))), RNN));

  it('prints every operator, marks the unsupported one, and exits 1 with the error', () => {
    const r = runCli(['inspect', model]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('model trained_lstm_int8 (tflite): 4 operators, 1 not supported by Anvil');
    const rows = r.stdout.split('\n').filter((l) => /^\d\s/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).slice(1, 3))).toEqual([
      ['UNIDIRECTIONAL_SEQUENCE_RNN', 'NOT SUPPORTED'],
      ['RESHAPE', 'yes'],
      ['FULLY_CONNECTED', 'yes'],
      ['SOFTMAX', 'yes'],
    ]);
    expect(r.stdout).toContain('[0] serving_default_fixed_input:0: int8 1×28×28');
    expect(r.stderr).toContain('UNSUPPORTED_OPERATORS');
  });

  it('--json carries the outline and the error, with the same exit code', () => {
    const r = runCli(['inspect', model, '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      supported: boolean;
      outline: { operators: { op: string; supported: boolean }[] };
      error: { code: string };
    };
    expect(doc.supported).toBe(false);
    expect(doc.error.code).toBe('UNSUPPORTED_OPERATORS');
    expect(doc.outline.operators.filter((o) => !o.supported).map((o) => o.op)).toEqual(['UNIDIRECTIONAL_SEQUENCE_RNN']);
  });

  it('the unmodified model now imports: inspect exits 0 and shows the LSTM supported', () => {
    const r = runCli(['inspect', join(shared.dir, 'trained_lstm_int8.tflite'), '--json']);
    expect(r.status, r.stderr).toBe(0);
  });
});
