#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

// V8 reserves about 10 GiB of address space for every WebAssembly memory, so that bounds
// checks come free from guard pages; Node's module lexer and the HiGHS solver each have one.
// Under a `ulimit -v` below about 32 GiB those reservations fail, and every command with them.
// Without the trap handler V8 checks bounds in code instead, but still reserves each memory's
// maximum (4 GiB when undeclared), leaving the JS heap no room; so the maximum is capped too. Below ROOMY_ADDRESS_SPACE, then, run
// again with both flags, once (the marker says it was tried).
const ROOMY_ADDRESS_SPACE = 64 * 2 ** 30;
const RETRY_MARKER = 'ANVIL_WASM_TRAP_HANDLER_DISABLED';
// Node with Anvil loaded spans about 1.8 GiB of address space before
// any WebAssembly memory; below this no command can start reliably.
const MIN_ADDRESS_SPACE = 2.5 * 2 ** 30;
const WASM_PAGE = 65536;
// HiGHS starts with between 16 and 64 MiB of memory; above 1 GiB a memory gains nothing here.
const MIN_WASM_PAGES = 1024;
const MAX_WASM_PAGES = 16384;

/** The soft address-space limit in bytes (Linux), Infinity for none, undefined if unknown. */
function addressSpaceLimit() {
  try {
    const line = /^Max address space\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line === null) return undefined;
    return line[1] === 'unlimited' ? Infinity : Number(line[1]);
  } catch {
    return undefined;
  }
}

// Where the limit cannot be read, try one reservation: the first to fail, if any will.
function wasmReservable() {
  try {
    new globalThis.WebAssembly.Memory({ initial: 1 });
    return true;
  } catch {
    return false;
  }
}

const limit = addressSpaceLimit();
if (limit !== undefined && limit < MIN_ADDRESS_SPACE) {
  // Mirrors errors.memoryLimitTooLow: the check runs before any of Anvil is loaded.
  const mib = (bytes) => `${Math.floor(bytes / 2 ** 20)} MiB`;
  process.stderr.write(
    `anvil: MEMORY_LIMIT_TOO_LOW: the address-space limit (ulimit -v) is ${mib(limit)}; Anvil needs at least ${mib(MIN_ADDRESS_SPACE)} — raise it, e.g. ulimit -v ${MIN_ADDRESS_SPACE / 1024}\n`,
  );
  process.exit(1);
}
const tight = limit === undefined ? globalThis.WebAssembly !== undefined && !wasmReservable() : limit < ROOMY_ADDRESS_SPACE;
if (tight && process.env[RETRY_MARKER] === undefined) {
  // Three memories share what is left above the minimum, with room to spare for the heap.
  const share = Number.isFinite(limit) ? Math.floor((limit - MIN_ADDRESS_SPACE) / 4 / WASM_PAGE) : MIN_WASM_PAGES;
  const pages = Math.min(MAX_WASM_PAGES, Math.max(MIN_WASM_PAGES, share));
  const flags = ['--disable-wasm-trap-handler', `--wasm-max-mem-pages=${pages}`];
  const r = spawnSync(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [RETRY_MARKER]: '1' },
  });
  if (r.signal !== null) process.kill(process.pid, r.signal);
  if (r.error === undefined) process.exit(r.status ?? 1);
  // Not even a second process could start: go on here without WebAssembly; the ilp planner, finding no HiGHS, uses its pure-JS solver.
  delete globalThis.WebAssembly;
}

// The compiled CLI, one bundled module (`npm run build` writes dist/; the package ships it).
const entry = new URL('../dist/bundle.js', import.meta.url);
let main;
try {
  ({ main } = await import(entry.href));
} catch (e) {
  // Only the CLI's own bundle missing means an unbuilt checkout; anything else is reported as it is.
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(fileURLToPath(entry))) throw e;
  process.stderr.write('anvil: NOT_BUILT: this checkout has not been built — run `npm run build` at the repository root first\n');
  process.exit(1);
}
const code = await main(process.argv);

// The command is over. End now, once what was printed has been flushed, rather than when the
// event loop runs dry: a plugin that timed out may still hold timers or sockets open.
const flushed = (stream) => new Promise((resolve) => stream.write('', resolve));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
