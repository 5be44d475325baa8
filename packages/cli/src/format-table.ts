/** Plain-text table with right-aligned numeric columns, for terminal reports. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: ReadonlySet<number>): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
