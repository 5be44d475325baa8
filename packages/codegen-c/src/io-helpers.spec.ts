import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perTensor } from '@anvil/core';
import type { DType, Tensor } from '@anvil/core';
import { clamp, tfliteRound } from '@anvil/interp';
import { cFloat } from './c-text.js';
import { ioHelpers } from './io-helpers.js';
import { kernelLibraryFiles, runtimeFiles } from './runtime-files.js';

const work = mkdtempSync(join(tmpdir(), 'anvil-io-helpers-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tensor = (id: number, dtype: DType, shape: number[], scale?: number, zeroPoint = 0): Tensor => ({
  id,
  name: `t${id}`,
  shape,
  dtype,
  ...(scale === undefined ? {} : { quant: perTensor(scale, zeroPoint) }),
});

const FLOATS = [0, 0.5, -0.5, 1.5, -1.5, 2.5, 3.14159, -7.75, 1e6, -1e6, 1e12, -1e12, 123.456, -0.0001];

describe('ioHelpers', () => {
  const inputs = [
    tensor(0, 'int8', [1, 14], 0.5, -3),
    tensor(1, 'uint8', [14], 0.25, 128),
    tensor(2, 'int16', [2, 7], 0.0078125, 0),
    tensor(3, 'float32', [4]),
    { ...tensor(4, 'int8', [2, 2]), quant: { scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 } },
  ];
  const outputs = [tensor(5, 'uint8', [14], 0.125, 7), tensor(6, 'int16', [14], 0.001, -5)];
  const io = ioHelpers('m', 'anvil_m', 'M', inputs, outputs);

  it('gives quantized tensors a helper and the others a reason', () => {
    expect(io.helpers.map((h) => h.function ?? null)).toEqual([
      'anvil_m_quantize_input_0',
      'anvil_m_quantize_input_1',
      'anvil_m_quantize_input_2',
      null,
      null,
      'anvil_m_dequantize_output_0',
      'anvil_m_dequantize_output_1',
    ]);
    expect(io.helpers[4]?.why).toMatch(/per channel/);
    expect(io.header).toContain('#define ANVIL_M_INPUT_0_ZERO_POINT (-3)');
    expect(io.header).toContain('void anvil_m_quantize_input_1(const float *src, uint8_t *dst);');
    expect(io.header).toContain('void anvil_m_dequantize_output_1(const int16_t *src, float *dst);');
    expect(io.header).toMatch(/input 4[^\n]*\n[^\n]*\n\/\* No quantize helper: quantized per channel/);
  });

  it('builds with -Wall -Wextra -Werror -pedantic and rounds as TFLite for int8, uint8 and int16', () => {
    const files = [...runtimeFiles(), ...kernelLibraryFiles(io.kernels, []), io.file as { path: string; content: string }];
    files.push({ path: 'm.h', content: `#ifndef M_H\n#define M_H\n#include <stdint.h>\n${io.header}\n#endif\n` });
    const q = (dst: string): string => `for (i = 0; i < 14; ++i) printf("%d\\n", (int)${dst}[i]);`;
    files.push({
      path: 'main.c',
      content: `#include <stdio.h>
#include "m.h"
static const float x[14] = {${FLOATS.map(cFloat).join(', ')}};
static int8_t a[14]; static uint8_t b[14]; static int16_t c[14]; static float d[14], e[14];
static const uint8_t qb[14] = {0, 1, 7, 100, 128, 200, 255, 3, 9, 44, 90, 130, 250, 254};
static const int16_t qc[14] = {-32768, -1, 0, 1, 32767, 1000, -1000, 5, -5, 12345, -12345, 77, -77, 300};
int main(void) {
  int i;
  anvil_m_quantize_input_0(x, a); anvil_m_quantize_input_1(x, b); anvil_m_quantize_input_2(x, c);
  anvil_m_dequantize_output_0(qb, d); anvil_m_dequantize_output_1(qc, e);
  ${q('a')}
  ${q('b')}
  ${q('c')}
  for (i = 0; i < 14; ++i) printf("%.9g\\n", (double)d[i]);
  for (i = 0; i < 14; ++i) printf("%.9g\\n", (double)e[i]);
  return 0;
}
`,
    });
    for (const f of files) {
      mkdirSync(dirname(join(work, f.path)), { recursive: true });
      writeFileSync(join(work, f.path), f.content);
    }
    const exe = join(work, 'main');
    const cc = spawnSync(
      'gcc',
      [
        '-std=c99',
        '-O2',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-pedantic',
        `-I${work}`,
        `-I${join(work, 'runtime/include')}`,
        join(work, 'main.c'),
        join(work, 'm_io.c'),
        '-lm',
        '-o',
        exe,
      ],
      { encoding: 'utf8' },
    );
    expect(cc.status, cc.stderr).toBe(0);
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const got = run.stdout.trim().split('\n').map(Number);
    const quantize = (scale: number, zp: number, lo: number, hi: number): number[] =>
      FLOATS.map((f) => {
        const r = tfliteRound(Math.fround(Math.fround(f) / Math.fround(scale)));
        const q = r >= -2147483648 && r < 2147483648 ? r : -2147483648;
        return clamp((q + zp) | 0, lo, hi);
      });
    const qb = [0, 1, 7, 100, 128, 200, 255, 3, 9, 44, 90, 130, 250, 254];
    const qc = [-32768, -1, 0, 1, 32767, 1000, -1000, 5, -5, 12345, -12345, 77, -77, 300];
    const deq = (scale: number, zp: number, qs: number[]): number[] => qs.map((v) => Math.fround(Math.fround(scale) * (v - zp)));
    expect(got.slice(0, 14)).toEqual(quantize(0.5, -3, -128, 127));
    expect(got.slice(14, 28)).toEqual(quantize(0.25, 128, 0, 255));
    expect(got.slice(28, 42)).toEqual(quantize(0.0078125, 0, -32768, 32767));
    expect(got.slice(42, 56).map(Math.fround)).toEqual(deq(0.125, 7, qb));
    expect(got.slice(56, 70).map(Math.fround)).toEqual(deq(0.001, -5, qc));
    expect(readFileSync(join(work, 'm_io.c'), 'utf8')).not.toMatch(/malloc|printf/);
  });
});
