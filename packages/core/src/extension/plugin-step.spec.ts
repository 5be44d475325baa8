import { describe, expect, it } from 'vitest';
import { AnvilError } from '../errors/anvil-error.js';
import { cliBadArgument } from '../errors/builders.js';
import { runPluginStep } from './plugin-step.js';

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AnvilError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('runPluginStep', () => {
  it('returns what the step returns, sync or async', async () => {
    expect(await runPluginStep('p', 'import', () => 1)).toBe(1);
    expect(await runPluginStep('p', 'import', () => Promise.resolve(2))).toBe(2);
  });

  it('tags throws and rejections with the plugin and hook; AnvilErrors pass as they are', async () => {
    expect(
      await failure(
        runPluginStep('p', 'register', () => {
          throw new TypeError('x is undefined');
        }),
      ),
    ).toBe('PLUGIN_FAILED: p (register): x is undefined');
    expect(await failure(runPluginStep('p', 'register', () => Promise.reject(new Error('later'))))).toBe(
      'PLUGIN_FAILED: p (register): later',
    );
    expect(
      await failure(
        runPluginStep('p', 'register', () => {
          throw new AnvilError(cliBadArgument('bad', 'fix it'));
        }),
      ),
    ).toBe('CLI_BAD_ARGUMENT: bad');
  });

  it('turns process.exit into a failure, even a caught one, and restores process.exit after', async () => {
    const exit = process.exit;
    expect(await failure(runPluginStep('p', 'import', () => process.exit(2)))).toBe(
      'PLUGIN_FAILED: p (import): called process.exit(2) while loading',
    );
    const caught = (): string => {
      try {
        process.exit();
      } catch {
        return 'carried on';
      }
    };
    expect(await failure(runPluginStep('p', 'register', caught))).toBe('PLUGIN_FAILED: p (register): called process.exit() while loading');
    expect(process.exit).toBe(exit);
  });

  it('gives up after the timeout', async () => {
    const slow = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2000));
    const start = performance.now();
    expect(await failure(runPluginStep('p', 'import', slow, { timeoutMs: 50 }))).toBe(
      'PLUGIN_FAILED: p (import): did not finish within 50 ms (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)',
    );
    expect(performance.now() - start).toBeLessThan(1000);
    expect(await failure(runPluginStep('p', 'import', slow, { timeoutMs: 1000 }))).toBe(
      'PLUGIN_FAILED: p (import): did not finish within 1 s (ANVIL_PLUGIN_TIMEOUT_MS sets the limit)',
    );
  });
});
