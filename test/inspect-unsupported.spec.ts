import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedModels } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// A model with an operator Anvil lacks is still shown whole by `inspect`, the operator marked,
// and the command fails with UNSUPPORTED_OPERATORS (issue 16: trained_lstm_int8 printed nothing).
const shared = sharedModels();

describe.skipIf(!shared.available)(`inspect on a model with an unsupported operator ${shared.reason}`, () => {
  const model = join(shared.dir, 'trained_lstm_int8.tflite');

  it('prints every operator, marks the LSTM, and exits 1 with the error', () => {
    const r = runCli(['inspect', model]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('model trained_lstm_int8 (tflite): 4 operators, 1 not supported by Anvil');
    const rows = r.stdout.split('\n').filter((l) => /^\d\s/.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/).slice(1, 3))).toEqual([
      ['UNIDIRECTIONAL_SEQUENCE_LSTM', 'NOT SUPPORTED'],
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
    expect(doc.outline.operators.filter((o) => !o.supported).map((o) => o.op)).toEqual(['UNIDIRECTIONAL_SEQUENCE_LSTM']);
  });
});
