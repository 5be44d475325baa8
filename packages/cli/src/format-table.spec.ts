import { describe, expect, it } from 'vitest';
import { formatCount, formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads text left and numbers right under a rule', () => {
    const t = formatTable(
      ['op', 'MACs'],
      [
        ['CONV_2D', '1,024'],
        ['ADD', '0'],
      ],
      new Set([1]),
    );
    expect(t.split('\n')).toEqual(['op        MACs', '-------  -----', 'CONV_2D  1,024', 'ADD          0']);
    expect(formatCount(2664768)).toBe('2,664,768');
  });
});
