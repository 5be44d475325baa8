import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/testing/src/shared-dir.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The shared models folder: `$ANVIL_SHARED_DIR/models`, else `../shared/models` beside the
 * repository (where the team and CI keep it). Never copied into the project.
 */
export function sharedModelsDir(): string {
  const base = process.env['ANVIL_SHARED_DIR'] ?? join(REPO_ROOT, '..', 'shared');
  return join(base, 'models');
}

export interface SharedAvailability {
  readonly available: boolean;
  readonly dir: string;
  /** Why tests that need the folder skip; empty when available. */
  readonly reason: string;
}

/**
 * Whether the shared models are here. On a user's machine a missing folder makes the tests
 * that need it skip with this reason; under CI=true it is an error, never a skip.
 */
export function sharedModels(): SharedAvailability {
  const dir = sharedModelsDir();
  if (existsSync(join(dir, 'refs'))) return { available: true, dir, reason: '' };
  const reason = `shared models not found at ${dir} (set ANVIL_SHARED_DIR to the folder holding models/)`;
  if (process.env['CI'] === 'true') throw new Error(`CI=true: ${reason}; reference tests must run in CI`);
  return { available: false, dir, reason };
}
