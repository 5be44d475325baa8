import { errors, fail } from '@anvil/core';
import type { AnvilOptions } from '@anvil/sdk';
import { parseBytes } from './memory-options.js';
import { parseCount } from './count-option.js';

/** Raises or lowers the largest model file read (default 256 MiB): `512MiB`, `1000000`… */
export const MAX_MODEL_BYTES_ENV = 'ANVIL_MAX_MODEL_BYTES';
/** Time in milliseconds each plugin may take to import, and then to register (default 5 s). */
export const PLUGIN_TIMEOUT_ENV = 'ANVIL_PLUGIN_TIMEOUT_MS';

/**
 * The limits the environment sets, as session options. They are variables rather than flags
 * because they are rarely changed and belong to a machine or a CI job, not to one command.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Pick<AnvilOptions, 'maxModelBytes' | 'pluginTimeoutMs'> {
  const bytes = env[MAX_MODEL_BYTES_ENV];
  const timeout = env[PLUGIN_TIMEOUT_ENV];
  const maxModelBytes = bytes === undefined || bytes === '' ? undefined : parseBytes(bytes, MAX_MODEL_BYTES_ENV);
  if (maxModelBytes === 0) fail(errors.cliBadArgument(`${MAX_MODEL_BYTES_ENV}=${bytes} allows no model at all`, 'e.g. 512MiB'));
  const pluginTimeoutMs =
    timeout === undefined || timeout === '' ? undefined : parseCount(timeout, PLUGIN_TIMEOUT_ENV, { min: 1, max: 3_600_000, unit: 'ms' });
  return {
    ...(maxModelBytes === undefined ? {} : { maxModelBytes }),
    ...(pluginTimeoutMs === undefined ? {} : { pluginTimeoutMs }),
  };
}
