// Start-up time of the `anvil` command as a user meets it (issue 12: under 0.5 s wall for
// `--help` and for `inspect` on the shipped kws model). Runs each command a number of times
// after one warm-up and prints the wall time (min, median, max) and the CPU time per run.
// Usage: npm run bench:startup [-- --runs N]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const bin = join(root, 'packages/cli/bin/anvil.js');
const commands = [['--help'], ['--version'], ['inspect', join(root, 'examples/kws_ref_model.tflite')]];

/** CPU time (user + system) of this process's finished children, in ms: /proc stat fields 16–17, in ticks of 10 ms. */
function childrenCpuMs() {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const fmt = (x) => `${x.toFixed(0)} ms`;
console.log(`anvil start-up: ${runs} runs per command after one warm-up (node ${process.version})`);
console.log(`${'command'.padEnd(24)}${'min'.padStart(8)}${'median'.padStart(8)}${'max'.padStart(8)}${'cpu/run'.padStart(9)}`);
for (const args of commands) {
  spawnSync(process.execPath, [bin, ...args]);
  const wall = [];
  const cpu0 = childrenCpuMs();
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(`anvil ${args.join(' ')} failed: ${r.stderr}`);
  }
  const cpu = (childrenCpuMs() - cpu0) / runs;
  wall.sort((a, b) => a - b);
  const label = `anvil ${args.map((a) => a.split('/').pop()).join(' ')}`;
  const median = wall[Math.floor(wall.length / 2)];
  console.log(
    `${label.padEnd(24)}${fmt(wall[0]).padStart(8)}${fmt(median).padStart(8)}${fmt(wall.at(-1)).padStart(8)}${fmt(cpu).padStart(9)}`,
  );
}
