import { AnvilError, isAnvilError } from '../errors/anvil-error.js';
import { pluginFailed } from '../errors/builders.js';

/**
 * How long one plugin may take to import, and then to register: 5 s each, so a plugin that
 * never finishes ends the command within 10 s of its start, start-up included.
 */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 5_000;

export interface PluginStepOptions {
  /** Default `DEFAULT_PLUGIN_TIMEOUT_MS`. */
  readonly timeoutMs?: number;
}

/** Thrown in place of exiting when a plugin calls `process.exit` while it loads. */
class ExitAttempt extends Error {
  constructor(readonly exitCode: unknown) {
    super(`called process.exit(${exitCode === undefined ? '' : String(exitCode)})`);
    this.name = 'ExitAttempt';
  }
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Runs one step of loading a plugin (`import` of its package, or its `register`) so that the
 * plugin cannot end or stall the process unnoticed: whatever goes wrong becomes PLUGIN_FAILED
 * naming the plugin and the hook. While the step runs:
 * - `process.exit` throws instead of exiting, and the attempt fails the step even if the
 *   plugin catches that throw;
 * - an exception or rejection nobody handles (a plugin's timer, a promise it dropped) fails
 *   the step instead of killing the process with a stack trace: only the plugin runs code then;
 * - a step that outlives `timeoutMs` fails; one that waits on nothing at all (a top-level
 *   `await` on a promise that can never settle) fails as soon as the event loop runs dry,
 *   where Node would otherwise exit silently.
 * AnvilErrors the plugin throws pass unchanged. The process is left as it was found.
 */
export async function runPluginStep<T>(plugin: string, hook: string, step: () => Promise<T> | T, o: PluginStepOptions = {}): Promise<T> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
  const failed = (why: string, cause?: unknown): AnvilError =>
    new AnvilError(pluginFailed(plugin, hook, why), cause === undefined ? undefined : { cause });
  let exitAttempt: ExitAttempt | undefined;
  let abort: (e: AnvilError) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    abort = reject;
  });
  const realExit = process.exit;
  const interceptExit = (code?: unknown): never => {
    exitAttempt = new ExitAttempt(code);
    throw exitAttempt;
  };
  const onUncaught = (e: unknown): void => {
    abort(e instanceof ExitAttempt ? failed(`${e.message} while loading`) : failed(`uncaught: ${reason(e)}`, e));
  };
  const onDrained = (): void => {
    abort(failed('never finished: it awaits a promise that nothing is left to settle'));
  };
  // Unref'd: the timer alone must not keep the process alive; `beforeExit` covers that case.
  const timer = setTimeout(
    () => abort(failed(`did not finish within ${seconds(timeoutMs)} (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)`)),
    timeoutMs,
  );
  timer.unref();
  process.exit = interceptExit as typeof process.exit;
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  process.on('beforeExit', onDrained);
  try {
    const result = await Promise.race([Promise.resolve().then(step), aborted]);
    if (exitAttempt !== undefined) throw failed(`${exitAttempt.message} while loading`);
    return result;
  } catch (e) {
    if (exitAttempt !== undefined) throw failed(`${exitAttempt.message} while loading`);
    if (isAnvilError(e)) throw e;
    throw failed(reason(e), e);
  } finally {
    clearTimeout(timer);
    process.exit = realExit;
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    process.off('beforeExit', onDrained);
  }
}
