// Progress of a benchmark, on stderr so its figures on stdout stay a clean table:
// `[15:42:07] bench: vww_96_int8 on qemu-mps2-an386: building and counting`, and at the end
// `[15:49:30] bench: done in 443.1 s`. Plain lines: benchmarks run in logs and CI.

const pad = (n: number): string => String(n).padStart(2, '0');
const clock = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
const started = performance.now();

/** One progress line, timestamped. */
export function progress(text: string): void {
  process.stderr.write(`[${clock(new Date())}] bench: ${text}\n`);
}

/** The closing line: how long the whole benchmark took. */
export function progressDone(): void {
  progress(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
