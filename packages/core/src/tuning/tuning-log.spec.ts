import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import { act, addNode, twoAdds } from '../testing/tiny-graphs.js';
import { parseTuningLog, tuningKey } from './tuning-log.js';

const valid = {
  format: 'anvil-tuning-log',
  version: 1,
  target: 'cortex-m4',
  board: 'qemu-mps2-an386',
  entries: [
    {
      key: 'ADD int8[1,4] int8[1,4] -> int8[1,4] {activation="NONE"}',
      op: 'ADD',
      best: { strategy: 'a/add', variant: 'v2' },
      measured: [
        { strategy: 'a/add', variant: 'v2', instructions: 10 },
        { strategy: 'a/add', variant: 'v1', instructions: 12 },
      ],
    },
  ],
};

function codeOf(text: string): string {
  try {
    parseTuningLog(text, 'log.json');
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'parsed';
}

describe('tuning log', () => {
  it('reads back what anvil tune writes', () => {
    const log = parseTuningLog(JSON.stringify(valid), 'log.json');
    expect(log.entries[0]?.best).toEqual({ strategy: 'a/add', variant: 'v2' });
    expect(log.entries[0]?.measured.map((m) => m.instructions)).toEqual([10, 12]);
  });

  it('refuses anything else with TUNING_LOG_INVALID, saying what is wrong', () => {
    const entry = valid.entries[0] as (typeof valid.entries)[number];
    const cases: Array<[unknown, string]> = [
      [{ ...valid, format: 'other' }, 'no "format"'],
      [{ ...valid, version: 2 }, 'version 2'],
      [{ ...valid, target: 3 }, 'no target'],
      [{ ...valid, entries: {} }, 'no entries'],
      [{ ...valid, entries: [{ ...entry, best: {} }] }, 'no strategy'],
      [{ ...valid, entries: [{ ...entry, best: { strategy: 'x', variant: 1 } }] }, 'variant is not a string'],
      [{ ...valid, entries: [entry, entry] }, 'appears twice'],
      [{ ...valid, entries: [{ ...entry, measured: [{ strategy: 'x', instructions: -1 }] }] }, 'not a count'],
      [{ ...valid, entries: [{ ...entry, measured: [{ strategy: 'x', instructions: 1.5 }] }] }, 'not a count'],
    ];
    for (const [json, says] of cases) {
      const got = codeOf(JSON.stringify(json));
      expect(got, JSON.stringify(json)).toMatch(/^TUNING_LOG_INVALID: log\.json/);
      expect(got).toContain(says);
    }
    expect(codeOf('{ not json')).toMatch(/^TUNING_LOG_INVALID: .*not JSON/);
  });

  it('keys nodes by op, types, shapes, constants and attributes, not by name or quantization', () => {
    const g = twoAdds();
    const a = addNode(0, 0, 1, 2);
    const b = { ...addNode(1, 2, 0, 3), inputs: [0, 1] };
    expect(tuningKey(a, g)).toBe('ADD int8[1,4] int8[1,4] -> int8[1,4] {activation="NONE"}');
    expect(tuningKey(b, g)).toBe(tuningKey(a, g));
    const requantized = { ...g, tensors: g.tensors.map((t) => (t.id === 3 ? act(3, [1, 4], 0.25, 3) : t)) };
    expect(tuningKey(b, requantized)).toBe(tuningKey(a, g));
    const wider = { ...g, tensors: g.tensors.map((t) => act(t.id, [1, 8])) };
    expect(tuningKey(a, wider)).not.toBe(tuningKey(a, g));
    const relu = { ...a, attrs: { ...a.attrs, activation: 'RELU' as const } } as typeof a;
    expect(tuningKey(relu, g)).not.toBe(tuningKey(a, g));
  });
});
