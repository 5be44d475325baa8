// After `tsc -b`: each package's compiled modules become one file, dist/bundle.js (its
// `exports` default), so Node loads about twenty modules for Anvil instead of some five hundred
// (start-up: `anvil --help` and `inspect` must stay under half a second). Every bare import
// stays external, the other Anvil packages included: a plugin a user installs must meet the
// same @anvil/core as the CLI. Declarations stay tsc's (dist/index.d.ts).
// Usage: node tools/bundle.mjs [package folder …]   (default: every package with a build)
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const named = process.argv.slice(2).map((d) => resolve(d));
const folders = named.length > 0 ? named : ['packages', 'plugins'].flatMap((g) => readdirSync(join(root, g)).map((d) => join(root, g, d)));

await Promise.all(
  folders
    .filter((dir) => existsSync(join(dir, 'dist', 'index.js')))
    .map((dir) =>
      build({
        entryPoints: [join(dir, 'dist', 'index.js')],
        outfile: join(dir, 'dist', 'bundle.js'),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        sourcemap: true,
        logLevel: 'warning',
      }),
    ),
);
