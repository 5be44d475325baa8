import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A browser build the page carries inline, so it opens offline from file://. */
export interface InlinedLibrary {
  readonly name: string;
  readonly version: string;
  readonly source: string;
}

/**
 * The folder of an installed package. Neither d3 nor Plot exports its package.json or its
 * dist folder, so the resolvable entry point is found and the tree climbed to the package.
 */
function packageRoot(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    let dir = dirname(require.resolve(name));
    for (;;) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find the folder of the package ${name}`);
      dir = up;
    }
  }
}

function load(name: string, file: string): InlinedLibrary {
  const root = packageRoot(name);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // The banner names the project's web site; the page should name no address it could fetch.
  const source = readFileSync(join(root, file), 'utf8').replace(/^\/\/ https?:\/\/\S+/, `// ${name}`);
  // A script element ends at the first `</script`, whatever JavaScript thinks it is inside of.
  if (/<\/script|<!--/i.test(source)) throw new Error(`${name}/${file} holds text that would end an inline script`);
  return { name, version, source };
}

let cached: readonly InlinedLibrary[] | undefined;

/** d3, then Observable Plot's UMD build (which finds d3 as a global): read once per process. */
export function inlinedLibraries(): readonly InlinedLibrary[] {
  cached ??= [load('d3', 'dist/d3.min.js'), load('@observablehq/plot', 'dist/plot.umd.min.js')];
  return cached;
}
