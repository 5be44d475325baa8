import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIGMOID_TABLE_U16 } from '@anvil/interp';
import { RUNTIME_C_DIR } from '../runtime-files.js';

describe('anvil_lut_activations_s16.h', () => {
  it('holds the interpreter’s sigmoid table, value for value', () => {
    const header = readFileSync(join(RUNTIME_C_DIR, 'kernels', 'anvil_lut_activations_s16.h'), 'utf8');
    const body = /static const uint16_t table\[256\] = \{([^}]*)\}/.exec(header)?.[1] ?? '';
    const values = [...body.matchAll(/(\d+)u/g)].map((m) => Number(m[1]));
    expect(values).toHaveLength(256);
    expect(values).toEqual(SIGMOID_TABLE_U16);
  });
});
