/** Strides of `shape` read through a broadcast to `outShape` (0 on broadcast axes). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const s = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const extent = shape[k] ?? 1;
    s[rank - shape.length + k] = extent === 1 ? 0 : stride;
    stride *= extent;
  }
  return s;
}

/**
 * C loops over `outShape` in row-major order with one offset expression per input; `body`
 * gets those expressions and `o` (the flat output index). Equal shapes give one flat loop.
 */
export function elementwiseLoops(
  outShape: readonly number[],
  inputs: ReadonlyArray<readonly number[]>,
  body: (offsets: string[]) => string,
): string {
  const total = outShape.reduce((a, d) => a * d, 1);
  const same = inputs.every((s) => s.reduce((a, d) => a * d, 1) === total);
  if (same) return `  int o;\n  for (o = 0; o < ${total}; ++o) {\n${body(inputs.map(() => 'o'))}\n  }`;
  const strides = inputs.map((s) => broadcastStrides(s, outShape));
  const rank = outShape.length;
  const vars = outShape.map((_, k) => `i${k}`);
  let open = `  int o = 0;\n  int ${vars.join(', ')};\n`;
  let close = '';
  outShape.forEach((d, k) => {
    const pad = '  '.repeat(k + 1);
    open += `${pad}for (i${k} = 0; i${k} < ${d}; ++i${k}) {\n`;
    close = `${pad}}\n${close}`;
  });
  const offsets = strides.map(
    (s) =>
      s
        .map((st, k) => (st === 0 ? '' : st === 1 ? `i${k}` : `i${k} * ${st}`))
        .filter((e) => e)
        .join(' + ') || '0',
  );
  const inner = body(offsets).replace(/^/gm, '  '.repeat(rank));
  return `${open}${inner}\n${'  '.repeat(rank + 1)}++o;\n${close}`.trimEnd();
}
