import { describe, expect, it } from 'vitest';
import { cArray, cFloat, cIdent, cInt } from './c-text.js';

describe('C text helpers', () => {
  it('makes identifiers C can use', () => {
    expect(cIdent('kws_ref_model')).toBe('kws_ref_model');
    expect(cIdent('My-Model.v2')).toBe('my_model_v2');
    expect(cIdent('96net')).toBe('m_96net');
  });

  it('writes INT32_MIN without an overflowing literal', () => {
    expect(cInt(-2147483648)).toBe('(-2147483647 - 1)');
    expect(cInt(-5)).toBe('-5');
  });

  it('writes float32 values that read back exactly', () => {
    // 1/3 as float32 is 0.3333333432674408; 9 significant digits round-trip any float32.
    expect(cFloat(1 / 3)).toBe('0.333333343f');
    expect(Math.fround(Number.parseFloat(cFloat(0.003921568859368563)))).toBe(Math.fround(0.003921568859368563));
    expect(cFloat(2)).toBe('2.00000000f');
    expect(() => cFloat(Number.NaN)).toThrow(RangeError);
  });

  it('writes static const arrays', () => {
    expect(cArray('int8_t', 'k', [1, -2, 3])).toBe('static const int8_t k[3] = {\n  1, -2, 3,\n};');
  });
});
