import { describe, it } from 'vitest';
import { sharedModels } from './shared-dir.js';

/**
 * A describe block over the shared models. When they are absent (a user's fresh clone), it
 * reports one skipped test whose name says why, instead of silently collecting nothing; under
 * CI=true `sharedModels()` throws, so the file fails rather than passes.
 */
export function describeShared(title: string, body: (modelsDir: string) => void): void {
  const shared = sharedModels();
  if (shared.available) {
    describe(title, () => body(shared.dir));
    return;
  }
  describe(title, () => {
    it(`skipped: ${shared.reason}`, (ctx) => ctx.skip());
  });
}
