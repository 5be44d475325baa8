import { describe, expect, it } from 'vitest';
import { helpAfter } from './help-choices.js';

const choices = {
  targets: ['host', 'cortex-m4'],
  boards: [{ target: 'cortex-m4', boards: ['qemu-mps2-an386', 'qemu-mps2-an500'] }],
  planners: ['greedy-by-size', 'auto'],
  npus: [],
};

describe('helpAfter', () => {
  it('lists the values of the options asked for, boards one target a line, then the examples', () => {
    expect(helpAfter(choices, ['--target', '--board', '--npu'], ['anvil run m.tflite'])).toBe(
      [
        '',
        'Allowed values (from the plugins loaded):',
        '  --target  host, cortex-m4',
        '  --board   cortex-m4: qemu-mps2-an386, qemu-mps2-an500',
        '  --npu     (no NPU plugin installed)',
        '',
        'Example:',
        '  $ anvil run m.tflite',
      ].join('\n'),
    );
  });

  it('without the plugins loaded (help of help, a session that failed), only the examples', () => {
    expect(helpAfter(undefined, ['--planner'], ['a', 'b'])).toBe('\nExamples:\n  $ a\n  $ b');
  });
});
