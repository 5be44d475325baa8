import { readFileSync } from 'node:fs';

/** The CLI package's version (package.json beside src/): what `--version` and every JSON report print. */
export function anvilVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
