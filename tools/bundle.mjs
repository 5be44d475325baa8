// After `tsc -b`: each package's compiled modules become one file, dist/bundle.js (its
// `exports` default), so Node loads about twenty modules for Anvil instead of some five hundred
// (start-up: `anvil --help` and `inspect` must stay under half a second). Every bare import
// stays external, the other Anvil packages included: a plugin a user installs must meet the
// same @anvil/core as the CLI. Declarations stay tsc's (dist/index.d.ts).
// Usage: node tools/bundle.mjs [package folder …]   (default: every package with a build)
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const named = process.argv.slice(2).map((d) => resolve(d));
const folders = named.length > 0 ? named : ['packages', 'plugins'].flatMap((g) => readdirSync(join(root, g)).map((d) => join(root, g, d)));

/**
 * Replaces a file only when its content changes, and then by renaming a complete copy over it:
 * a CLI starting while a build runs (tests spawn it while another rebuilds) must never find
 * the bundle missing or half written.
 */
function replace(path, contents) {
  if (existsSync(path) && Buffer.compare(readFileSync(path), contents) === 0) return;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

const results = await Promise.all(
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
        write: false,
      }),
    ),
);
for (const r of results) for (const f of r.outputFiles) replace(f.path, f.contents);
