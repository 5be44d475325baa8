export interface ProgressOptions {
  /** Say nothing for runs shorter than this (ms). */
  readonly afterMs?: number;
  /** Then repeat this often (ms). */
  readonly everyMs?: number;
}

const s = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * Awaits `work`, and while it takes longer than `afterMs` says so on `write` every
 * `everyMs`: what is running and for how long. It claims no fraction done, because the
 * runners report nothing until they finish; elapsed time is what is known. Only work that
 * yields to the event loop (an async child process, not a synchronous one) lets it speak.
 */
export async function withProgress<T>(work: Promise<T>, label: string, write: (line: string) => void, o: ProgressOptions = {}): Promise<T> {
  const afterMs = o.afterMs ?? 3000;
  const everyMs = o.everyMs ?? 10_000;
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = (delay: number): void => {
    timer = setTimeout(() => {
      write(`anvil: ${label}: still running after ${s(performance.now() - start)}\n`);
      tick(everyMs);
    }, delay);
  };
  tick(afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}
