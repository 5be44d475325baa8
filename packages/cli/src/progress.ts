import type ora from 'ora';

/** The spinner library, loaded only when a terminal will show it (it costs start-up time). */
export type SpinnerLibrary = typeof ora;

/** A step under way: its text can change (tune's rounds), and it ends once. */
export interface ProgressStep {
  update(text: string): void;
  /** Ended well: `done` is past tense ("built"); the time taken is added. */
  succeed(done: string): void;
  fail(): void;
}

export interface StepOptions {
  /**
   * The step usually takes seconds (a build, QEMU, a time-limited planner): a log always shows
   * it. Otherwise (compile, interp: usually milliseconds) a log shows it only when it takes
   * more than `SLOW_MS`.
   */
  readonly long?: boolean;
}

/** What the commands report their steps to: a spinner on a terminal, timestamped lines in a log, or nothing. */
export interface Progress {
  begin(label: string, o?: StepOptions): ProgressStep;
}

/** A step that takes longer than this is worth a line in a log. */
export const SLOW_MS = 1000;
/** A log says a step is still running this long after it started, and then every `EVERY_MS`. */
export const STILL_RUNNING_AFTER_MS = 3000;
export const EVERY_MS = 10_000;

/** `41 ms`, `11.8 s`. */
export function formatElapsed(ms: number): string {
  return ms < 100 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** `15:42:07`, local time: what a reader of the log compares with the clock. */
export const clockTime = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** Runs `work` as one step; its failure is passed on after the step is marked failed. */
export async function step<T>(
  progress: Progress,
  label: string,
  done: string,
  work: () => T | Promise<T>,
  o: StepOptions = {},
): Promise<T> {
  const s = progress.begin(label, o);
  try {
    const result = await work();
    s.succeed(done);
    return result;
  } catch (e) {
    s.fail();
    throw e;
  }
}

/** With `--json` (or IR dumped on stderr): stderr stays free of anything but errors. */
export const silentProgress: Progress = {
  begin: () => ({ update: () => undefined, succeed: () => undefined, fail: () => undefined }),
};

export interface PlainProgressOptions {
  readonly now?: () => number;
  readonly clock?: () => Date;
}

/**
 * For logs (stderr not a terminal): `[15:42:07] anvil: building …` when a step starts and
 * `[15:42:19] anvil: built in 11.8 s` when it ends, and every so often that it is still running.
 * A step is announced only once it has let the event loop turn (or, for synchronous work, once
 * it has succeeded), so a refusal made before any work (a bad option a runner checks first) stays
 * the one line `anvil: CODE: …` on stderr. A short step that is not `long` leaves no line at all.
 */
export function plainProgress(write: (line: string) => void, o: PlainProgressOptions = {}): Progress {
  const now = o.now ?? (() => performance.now());
  const clock = o.clock ?? (() => new Date());
  const line = (at: Date, text: string): void => write(`[${clockTime(at)}] anvil: ${text}\n`);
  return {
    begin(label, options = {}) {
      let text = label;
      const started = clock();
      const start = now();
      let announced = false;
      const announce = (): void => {
        if (announced) return;
        announced = true;
        line(started, text);
      };
      const timers = [
        setTimeout(announce, options.long === true ? 0 : SLOW_MS),
        setTimeout(function still() {
          announce();
          line(clock(), `${text}: still running after ${Math.round((now() - start) / 1000)} s`);
          timers.push(setTimeout(still, EVERY_MS));
        }, STILL_RUNNING_AFTER_MS),
      ];
      const end = (): number => {
        for (const t of timers) clearTimeout(t);
        return now() - start;
      };
      return {
        update(next) {
          text = next;
          if (announced) line(clock(), next);
        },
        succeed(done) {
          const ms = end();
          if (!announced && options.long !== true && ms < SLOW_MS) return;
          announce();
          line(clock(), `${done} in ${formatElapsed(ms)}`);
        },
        fail() {
          const ms = end();
          if (!announced && ms < SLOW_MS) return;
          announce();
          line(clock(), `${text}: failed after ${formatElapsed(ms)}`);
        },
      };
    },
  };
}

/** On a terminal: a spinner per step, its elapsed seconds ticking, then a ✔ or ✖ line with the time taken. */
export function liveProgress(stream: NodeJS.WriteStream, ora: SpinnerLibrary): Progress {
  return {
    begin(label) {
      let text = label;
      const start = performance.now();
      const elapsed = (): number => performance.now() - start;
      // discardStdin would put stdin in raw mode, and `--input -` reads it.
      const spinner = ora({ text, stream, discardStdin: false }).start();
      const ticker = setInterval(() => (spinner.text = `${text} (${Math.round(elapsed() / 1000)} s)`), 1000);
      return {
        update(next) {
          text = next;
          spinner.text = next;
        },
        succeed(done) {
          clearInterval(ticker);
          spinner.succeed(`${done} in ${formatElapsed(elapsed())}`);
        },
        fail() {
          clearInterval(ticker);
          spinner.fail(`${text}: failed after ${formatElapsed(elapsed())}`);
        },
      };
    },
  };
}

/** Whether a spinner can be drawn on this stream. */
export function isInteractive(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  // A terminal of no width (a pty nobody sized) would make the spinner's redraw arithmetic divide by zero.
  return stream.isTTY === true && (stream.columns ?? 0) > 0 && env.TERM !== 'dumb' && env.CI === undefined;
}

/** The spinner library when this process will draw spinners; loaded on demand. */
export async function spinnerLibrary(
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SpinnerLibrary | undefined> {
  return isInteractive(stream, env) ? (await import('ora')).default : undefined;
}

/**
 * The reporter for this process: none when quiet, a spinner on an interactive terminal (given
 * the library `spinnerLibrary` loaded), lines otherwise.
 */
export function progressFor(
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
  spinners?: SpinnerLibrary,
): Progress {
  if (quiet) return silentProgress;
  return isInteractive(stream, env) && spinners !== undefined ? liveProgress(stream, spinners) : plainProgress((s) => void stream.write(s));
}
