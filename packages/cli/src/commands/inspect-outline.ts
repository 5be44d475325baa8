import { formatShape } from '@anvil/core';
import type { ModelOutline, TensorOutline } from '@anvil/core';
import { formatCount, formatTable } from '../format-table.js';

const tensorLine = (t: TensorOutline): string => `  [${t.index}] ${t.name}: ${t.dtype} ${formatShape(t.shape)}`;
const shapes = (list: readonly TensorOutline[]): string => list.map((t) => formatShape(t.shape)).join(', ');

/**
 * A model Anvil cannot import, as its file states it: inputs, outputs and every operator, the
 * unsupported ones marked, so a user sees where they sit and what the rest of the graph is.
 */
export function renderOutline(outline: ModelOutline): string {
  const unsupported = outline.operators.filter((o) => !o.supported);
  const rows = outline.operators.map((o) => [
    String(o.index),
    o.op,
    o.supported ? 'yes' : 'NOT SUPPORTED',
    shapes(o.inputs),
    shapes(o.outputs),
    o.outputs.map((t) => t.dtype).join(', '),
  ]);
  return [
    `model ${outline.name} (${outline.format}): ${formatCount(outline.operators.length)} operators, ${formatCount(unsupported.length)} not supported by Anvil`,
    'inputs:',
    ...outline.inputs.map(tensorLine),
    'outputs:',
    ...outline.outputs.map(tensorLine),
    '',
    formatTable(['#', 'op', 'supported', 'inputs', 'outputs', 'output type'], rows, new Set([0])),
  ].join('\n');
}
