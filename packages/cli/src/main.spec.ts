import { describe, expect, it } from 'vitest';
import { main } from './main.js';

// In-process runs of the CLI entry: exit codes and the one-line error contract.
async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['node', 'anvil', ...args], (s) => {
    out += s;
  });
  return { code, out };
}

describe('main', () => {
  it('exits 0 for --help and lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['inspect', 'interp', 'compile', 'run']) expect(r.out).toContain(c);
  });

  it('exits 2 on a usage error and 1 on a reported error', async () => {
    expect((await run(['inspect'])).code).toBe(2);
    expect((await run(['inspect', '/nonexistent/model.tflite'])).code).toBe(1);
    expect((await run(['--plugin', 'no-such-anvil-plugin', 'inspect', 'x.tflite'])).code).toBe(1);
  });

  it('with --json an error is a JSON object on stdout, with the same exit code', async () => {
    const reported = await run(['inspect', '/nonexistent/model.tflite', '--json']);
    expect(reported.code).toBe(1);
    expect(JSON.parse(reported.out)).toMatchObject({ schemaVersion: 1, error: { code: 'MODEL_UNREADABLE' } });
    const usage = await run(['inspect', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.out)).toMatchObject({ error: { code: 'CLI_USAGE', hint: 'see anvil inspect --help' } });
  });
});
