import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../errors/anvil-error.js';
import { configInvalid } from '../errors/builders.js';
import type { AnvilConfig } from './plugin.js';

/** The project file's name, looked for in the project directory. */
export const CONFIG_FILE = 'anvil.config.json';

const EXAMPLE = 'e.g. {"plugins": ["@anvil/planner-ilp"]}';

/**
 * The schema, one checker per known key: each says what is wrong with a value, or nothing.
 * A key not listed here is an error, so a misspelt key is caught instead of ignored.
 */
const KEYS: Readonly<Record<keyof AnvilConfig, (value: unknown) => string | undefined>> = {
  plugins: (value) => {
    if (!Array.isArray(value)) return `"plugins" must be an array of package names, not ${describe(value)}`;
    const bad = value.findIndex((p) => typeof p !== 'string' || p.trim() === '');
    return bad < 0 ? undefined : `"plugins"[${bad}] must be a package name, not ${describe(value[bad])}`;
  },
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value)}`;
  return typeof value === 'object' ? 'an object' : `the ${typeof value} ${String(value)}`;
}

// Edit distance, to suggest the known key a misspelt one was meant to be.
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * Checks a parsed config against the schema: an object whose keys are all known and whose
 * values have the right types. `file` names the file in the CONFIG_INVALID errors.
 */
export function parseConfig(value: unknown, file: string): AnvilConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(configInvalid(file, `the file must hold a JSON object, not ${describe(value)}`, EXAMPLE));
  }
  const known = Object.keys(KEYS);
  for (const [key, v] of Object.entries(value)) {
    const check = Object.hasOwn(KEYS, key) ? KEYS[key as keyof AnvilConfig] : undefined;
    if (check === undefined) {
      const near = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
      fail(
        configInvalid(
          file,
          `unknown key "${key}"`,
          `${near === undefined ? '' : `did you mean "${near}"? `}known keys: ${known.join(', ')}`,
        ),
      );
    }
    const problem = check(v);
    if (problem !== undefined) fail(configInvalid(file, problem, EXAMPLE));
  }
  return value as AnvilConfig;
}

/** Reads `anvil.config.json` in `dir`; an absent file is an empty config. */
export async function readConfig(dir: string): Promise<AnvilConfig> {
  const file = join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // No file, or no such project folder: the project has no config, which is allowed.
    if (code === 'ENOENT' || code === 'ENOTDIR') return {};
    fail(configInvalid(file, `cannot be read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'make it a readable file, or remove it'));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    fail(configInvalid(file, `not valid JSON: ${e instanceof Error ? e.message : String(e)}`, 'fix the file or remove it'));
  }
  const config = parseConfig(parsed, file);
  return config.plugins === undefined ? {} : { plugins: [...config.plugins] };
}
