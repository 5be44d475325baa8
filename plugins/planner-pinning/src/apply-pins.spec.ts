import { describe, expect, it } from 'vitest';
import { AnvilError } from '@anvil/core';
import type { BufferRequest, PinSpec, PlanningProblem } from '@anvil/core';
import { applyPins } from './apply-pins.js';
import { globMatcher } from './glob.js';

const buf = (id: number, name: string, bytes: number, firstStep: number, lastStep: number, kind: BufferRequest['kind']): BufferRequest => ({
  id,
  name,
  bytes,
  alignment: 16,
  firstStep,
  lastStep,
  pools: ['dtcm', 'sram'],
  kind,
});

const problem: PlanningProblem = {
  pools: [
    { name: 'dtcm', size: 1024, alignment: 16, access: ['cpu'] },
    { name: 'sram', size: 4096, alignment: 16, access: ['cpu', 'dma'] },
  ],
  buffers: [
    buf(0, 'input', 256, 0, 1, 'input'),
    { ...buf(1, 'model/conv1/Relu', 512, 1, 2, 'activation'), aliases: ['model/flatten/Reshape'] },
    buf(2, 'model/conv2/Relu', 512, 2, 3, 'activation'),
    buf(3, 'Identity', 16, 3, 3, 'output'),
  ],
  steps: 4,
};

function error(pins: PinSpec[]): AnvilError {
  try {
    applyPins(problem, pins);
  } catch (e) {
    if (e instanceof AnvilError) return e;
  }
  throw new Error('expected an AnvilError');
}

describe('applyPins', () => {
  it('narrows pool pins, fixes offset pins, matches globs and view aliases', () => {
    const { problem: p, appOwned } = applyPins(problem, [
      { pattern: 'model/conv*', target: { kind: 'pool', pool: 'sram' } },
      { pattern: 'model/flatten/Reshape', target: { kind: 'pool', pool: 'sram' } },
      { pattern: 'Identity', target: { kind: 'offset', pool: 'dtcm', offset: 32 } },
    ]);
    expect(appOwned).toEqual([]);
    expect(p.buffers.map((b) => [b.name, b.pools, b.pin])).toEqual([
      ['input', ['dtcm', 'sram'], undefined],
      ['model/conv1/Relu', ['sram'], { pool: 'sram' }],
      ['model/conv2/Relu', ['sram'], { pool: 'sram' }],
      ['Identity', ['dtcm'], { pool: 'dtcm', offset: 32 }],
    ]);
  });

  it('takes application-owned inputs and outputs out of the problem', () => {
    const { problem: p, appOwned } = applyPins(problem, [
      { pattern: 'input', target: { kind: 'app' } },
      { pattern: 'Identity', target: { kind: 'app' } },
    ]);
    expect(appOwned.map((b) => b.id)).toEqual([0, 3]);
    expect(p.buffers.map((b) => b.id)).toEqual([1, 2]);
  });

  it('refuses conflicting and impossible pins with the numbers', () => {
    expect(error([{ pattern: 'nothing*', target: { kind: 'app' } }]).code).toBe('PIN_UNMATCHED');
    expect(
      error([
        { pattern: 'model/conv1/Relu', target: { kind: 'pool', pool: 'sram' } },
        { pattern: 'model/*', target: { kind: 'pool', pool: 'dtcm' } },
      ]).message,
    ).toContain('model/conv1/Relu is pinned to pool sram and to pool dtcm');
    // conv1 [0, 512) and conv2 [256, 768) are both alive at step 2.
    expect(
      error([
        { pattern: 'model/conv1/Relu', target: { kind: 'offset', pool: 'sram', offset: 0 } },
        { pattern: 'model/conv2/Relu', target: { kind: 'offset', pool: 'sram', offset: 256 } },
      ]).message,
    ).toContain('model/conv1/Relu [0, 512) and model/conv2/Relu [256, 768) overlap in sram while both are live (steps 2–2)');
    expect(error([{ pattern: 'model/conv2/Relu', target: { kind: 'offset', pool: 'dtcm', offset: 768 } }]).message).toContain(
      'ends at 1280, past dtcm (1024 B)',
    );
    expect(error([{ pattern: 'input', target: { kind: 'offset', pool: 'dtcm', offset: 8 } }]).message).toContain(
      'not a multiple of its alignment 16',
    );
    expect(error([{ pattern: 'model/conv2/Relu', target: { kind: 'app' } }]).code).toBe('PIN_CONFLICT');
    expect(error([{ pattern: 'input', target: { kind: 'pool', pool: 'itcm' } }]).message).toContain('pools are dtcm, sram');
  });
});

describe('globMatcher', () => {
  it('matches whole names, * across slashes, ? one character, other characters literally', () => {
    expect(globMatcher('model/*')('model/a/b')).toBe(true);
    expect(globMatcher('b?')('b1')).toBe(true);
    expect(globMatcher('b?')('b12')).toBe(false);
    expect(globMatcher('a.b')('axb')).toBe(false);
    expect(globMatcher('conv')('model/conv')).toBe(false);
  });
});
