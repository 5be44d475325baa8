import { describe, expect, it } from 'vitest';
import { AnvilError, verifyGraph } from '@anvil/core';
import type { Graph } from '@anvil/core';
import { lstmParams } from '../params/lstm.js';
import { createInterpreterSession } from '../session.js';
import { interpret } from '../interpret.js';
import { GraphBuilder, asInt8, int8Data } from '../test-support/graph-builder.js';

/**
 * One unit, one input feature: input and weight scales 2^-4 and hidden 2^-7, so the input
 * product's multiplier is exactly 16 (2^-8 / 2^-12) and the recurrent one exactly 2. Input
 * weights 16 (1.0), recurrent weights 8 (0.5), biases 0, cell scale 2^-12.
 */
function tinyLstm(steps: number, timeMajor = false): Graph {
  const b = new GraphBuilder();
  const x = b.input(timeMajor ? [steps, 1, 1] : [1, steps, 1], { scale: 1 / 16 });
  const wi = () => b.int8Const([1, 1], [16], { scale: 1 / 16 });
  const wr = () => b.int8Const([1, 1], [8], { scale: 1 / 16 });
  const bias = () => b.int32Const([1], [0]);
  const [iw, fw, cw, ow] = [wi(), wi(), wi(), wi()];
  const [ir, fr, cr, or] = [wr(), wr(), wr(), wr()];
  const [ib, fb, cb, ob] = [bias(), bias(), bias(), bias()];
  const h = b.state([1, 1], 'int8', { scale: 1 / 128 });
  const c = b.state([1, 1], 'int16', { scale: 1 / 4096 });
  const y = b.tensor(timeMajor ? [steps, 1, 1] : [1, steps, 1], 'int8', { scale: 1 / 128 });
  const absent = -1;
  const inputs = [
    x,
    iw,
    fw,
    cw,
    ow,
    ir,
    fr,
    cr,
    or,
    absent,
    absent,
    absent,
    ib,
    fb,
    cb,
    ob,
    absent,
    absent,
    h,
    c,
    absent,
    absent,
    absent,
    absent,
  ];
  return b.node('UNIDIRECTIONAL_SEQUENCE_LSTM', inputs, [y], { timeMajor, cellClip: 0 }).output(y).build();
}

describe('UNIDIRECTIONAL_SEQUENCE_LSTM (int8x8_16)', () => {
  it('derives TFLM’s multipliers from the float32 gate scales', () => {
    const g = tinyLstm(1);
    const node = g.nodes[0];
    if (node?.op !== 'UNIDIRECTIONAL_SEQUENCE_LSTM') throw new Error('no LSTM');
    const p = lstmParams(node, g);
    // 16 = 0.5·2^5; 2 = 0.5·2^2.
    expect(p.gates[0]).toEqual({ input: { multiplier: 2 ** 30, shift: 5 }, recurrent: { multiplier: 2 ** 30, shift: 2 } });
    // float32(0.00003051757) = 2^-15·(1 − 2^-22): forget×cell keeps that, Q31 round(2^31 − 2^9).
    expect(p.forgetCell).toEqual({ multiplier: 2 ** 31 - 512, shift: -15 });
    // Squared over 2^-12 and over 2^-7: (1 − 2^-22)^2 → round(2^31 − 2^10 + 2^-13) = 2^31 − 1024.
    expect(p.inputCell).toEqual({ multiplier: 2 ** 31 - 1024, shift: -18 });
    expect(p.hidden).toEqual({ multiplier: 2 ** 31 - 1024, shift: -23 });
  });

  it('one step from zero state, derived by hand', () => {
    // Each gate: 16·(16·16) = 4096 (1.0 in Q3.12); σ = 23956, tanh = 24956 (see the LUT spec).
    // Cell: 0 + MBQM(23956·24956 = 597845936, 2^31−1024, −18) = 2281.
    // Hidden: tanh(2281): 6843 → uh 26, ut 187: 48964·256 + 187·511 − 2^23 + 128 >> 8 = 16569;
    // MBQM(16569·23956 = 396926964, 2^31−1024, −23) = 47.
    expect(asInt8(interpret(tinyLstm(1), [int8Data([16])])[0] as Uint8Array)).toEqual([47]);
  });

  it('two steps: the second sees the first step’s hidden and cell state', () => {
    // Step 2 gates: 4096 + MBQM(8·47, 2^30, 2) = 4096 + 752 = 4848; σ = 25087, tanh = 27151.
    // Cell: MBQM(25087·2281, 2^31−512, −15) = 1746, plus MBQM(25087·27151, 2^31−1024, −18)
    // = 2598, so 4344. Hidden: tanh(4344) = 25751, MBQM(25751·25087, 2^31−1024, −23) = 77.
    expect(asInt8(interpret(tinyLstm(2), [int8Data([16, 16])])[0] as Uint8Array)).toEqual([47, 77]);
    expect(asInt8(interpret(tinyLstm(2, true), [int8Data([16, 16])])[0] as Uint8Array)).toEqual([47, 77]);
  });

  it('carries state across invocations of a session, and reset restores the start', () => {
    const s = createInterpreterSession(tinyLstm(1));
    const once = (): number[] => asInt8(s.run([int8Data([16])])[0] as Uint8Array);
    expect([once(), once()]).toEqual([[47], [77]]);
    // The state after two steps: hidden 77, cell 4344 (0x10F8, little-endian F8 10).
    expect([...s.state().values()].map((v) => [...v])).toEqual([[77], [0xf8, 0x10]]);
    s.reset();
    expect(once()).toEqual([47]);
    // Plain interpret() never keeps state: each call starts fresh.
    const g = tinyLstm(1);
    expect([interpret(g, [int8Data([16])]), interpret(g, [int8Data([16])])].map((o) => asInt8(o[0] as Uint8Array))).toEqual([[47], [47]]);
  });

  it('starts from a persistent tensor’s stored initial value', () => {
    const g = tinyLstm(1);
    const hId = g.nodes[0]?.inputs[18] as number;
    const cId = g.nodes[0]?.inputs[19] as number;
    const started: Graph = {
      ...g,
      tensors: g.tensors.map((t) =>
        t.id === hId ? { ...t, initial: int8Data([47]) } : t.id === cId ? { ...t, initial: new Uint8Array([0xe9, 0x08]) } : t,
      ),
    };
    // Hidden 47 and cell 2281 (0x08E9) are the state after step 1: this run is step 2.
    expect(asInt8(interpret(started, [int8Data([16])])[0] as Uint8Array)).toEqual([77]);
  });

  it('the verifier refuses state that is not persistent, or persistent tensors outside state slots', () => {
    const g = tinyLstm(1);
    const hId = g.nodes[0]?.inputs[18] as number;
    const plain: Graph = { ...g, tensors: g.tensors.map((t) => (t.id === hId ? { ...t, persistent: false } : t)) };
    expect(() => verifyGraph(plain)).toThrow(AnvilError);
    const misuse: Graph = { ...g, outputs: [hId] };
    expect(() => verifyGraph(misuse)).toThrow(/cannot be a graph input or output/);
    expect(() => verifyGraph(g)).not.toThrow();
  });
});
