import { describe, expect, it } from 'vitest';
import type { KernelCall } from '@anvil/core';
import { kernelCallArgs, kernelParamsDecl, kernelTableBytes, specialisationKey, specialisedFunction } from './kernel-call.js';

const call: KernelCall = {
  function: 'anvil_demo_s8',
  operands: [0],
  params: [
    ['h', 3],
    ['shape', [1, 2]],
    ['offset', { scalar: -2147483648 }],
    ['filter', 'anvil_m_w1'],
    ['multiplier', { table: { ctype: 'int32_t', values: [7, 8], align: 16 } }],
  ],
};

describe('kernel calls as C', () => {
  it('declares the tables, then the parameters with designated initializers', () => {
    const c = kernelParamsDecl(call, 'k_n4');
    expect(c).toContain('static const int32_t k_n4_multiplier[2] ANVIL_ALIGNED(16) = {');
    expect(c).toContain('static const anvil_demo_s8_params_t k_n4 = {');
    expect(c).toContain('  .h = 3,');
    expect(c).toContain('  .shape = {1, 2},');
    expect(c).toContain('  .offset = (-2147483647 - 1),');
    expect(c).toContain('  .filter = anvil_m_w1,');
    expect(c).toContain('  .multiplier = k_n4_multiplier,');
    expect(kernelTableBytes(call)).toBe(8);
  });

  it('a specialised function sets only the structural fields, and calls the inline body', () => {
    const f = specialisedFunction(call, 'anvil_m_demo_s8_0', ['int8_t'], ['int8_t']);
    expect(f).toContain('anvil_demo_s8_params_t p = *params;');
    expect(f).toContain('  p.h = 3;');
    expect(f).toContain('  p.shape[1] = 2;');
    expect(f).not.toContain('p.offset');
    expect(f).not.toContain('p.filter');
    expect(f).toContain('return anvil_demo_s8_body(&p, x0, y0, workspace);');
  });

  it('calls that differ only in what is read at run time have one key', () => {
    const other: KernelCall = {
      ...call,
      params: call.params.map(([k, v]) => [k, k === 'filter' ? 'anvil_m_w9' : k === 'offset' ? { scalar: 5 } : v]),
    };
    expect(specialisationKey(other)).toBe(specialisationKey(call));
    const taller: KernelCall = { ...call, params: call.params.map(([k, v]) => [k, k === 'h' ? 4 : v]) };
    expect(specialisationKey(taller)).not.toBe(specialisationKey(call));
  });

  it('passes variadic operands as one array', () => {
    expect(kernelCallArgs({ ...call, operandArray: true }, ['a', 'b'], 'int8_t', ['y'], 'NULL')).toEqual([
      '(const int8_t *const[]){a, b}',
      'y',
      'NULL',
    ]);
  });

  it('passes a variable number of outputs as one array, in the call, the signature and the specialised body', () => {
    const split: KernelCall = { ...call, outputArray: true };
    expect(kernelCallArgs(split, ['x'], 'int8_t', ['y0', 'y1', 'y2'], 'NULL')).toEqual(['x', '(int8_t *const[]){y0, y1, y2}', 'NULL']);
    const f = specialisedFunction(split, 'anvil_m_demo_s8_1', ['int8_t'], ['int8_t', 'int8_t', 'int8_t']);
    expect(f).toContain('int8_t *const outputs[], void *ANVIL_RESTRICT workspace)');
    expect(f).not.toContain('y0');
    expect(f).toContain('return anvil_demo_s8_body(&p, x0, outputs, workspace);');
    expect(specialisationKey(split)).not.toBe(specialisationKey(call));
  });
});
