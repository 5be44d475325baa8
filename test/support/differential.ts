import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AnvilError, graphStats, opDefOf, tensorBytes, verifyGraph } from '@anvil/core';
import type { Activation, Graph, Node, Tensor } from '@anvil/core';
import { TfliteImporter } from '@anvil/importer-tflite';
import { interpret } from '@anvil/interp';
import type { Anvil } from '@anvil/sdk';
import { SANITIZE_FLAGS, hostDriver, hostTarget } from '@anvil/target-host';
import { firstDifference, xorshift32, xorshiftBytes } from '@anvil/testing';

/**
 * Differential fuzzing of the whole compiler against its oracle, shared by
 * test/model-fuzz.spec.ts (a few hundred mutants per run) and tools/bench/fuzz-bench.ts
 * (thousands, nightly). Each mutant (a damaged model file, or an imported graph changed at
 * its semantic edges) is imported and verified, interpreted, compiled to host C, built with
 * the host toolchain's flags and run; its outputs must be byte-identical to the
 * interpreter's, or the mutant must be refused with a typed AnvilError.
 */

/** One damaged copy of a model file and what was done to it. */
export interface Mutant {
  readonly kind: string;
  readonly bytes: Uint8Array;
}

/**
 * Values on the edges of the ranges a reader or a kernel checks: small counts and indices,
 * dtype and int32 limits, and as float32 bits 1.0, +infinity, the largest finite and the
 * smallest normal value (1 is also the smallest denormal).
 */
const INTERESTING_WORDS: readonly number[] = [
  0, 1, -1, 2, 127, 128, -128, -129, 255, 256, 32767, 32768, -32769, 65535, 0x7fffffff, -0x80000000, 0x3f800000, 0x7f800000, 0x7f7fffff,
  0x00800000,
];

/**
 * Seeded mutations: bit flips anywhere and near the ends (where the flatbuffer tables and
 * vtables live; weights fill the middle), byte overwrites, aligned 32-bit words set to
 * boundary values near the ends (shapes, indices, zero points, scales), and truncations.
 */
export function mutate(original: Uint8Array, next: () => number): Mutant {
  const bytes = original.slice();
  const n = bytes.length;
  const near = Math.min(n, 4096);
  const nearEnd = (): number => (next() % 2 === 0 ? next() % near : n - 1 - (next() % near));
  switch (next() % 5) {
    case 0: {
      const at = next() % n;
      bytes[at] = (bytes[at] ?? 0) ^ (1 << (next() % 8));
      return { kind: `flip@${at}`, bytes };
    }
    case 1: {
      const at = nearEnd();
      bytes[at] = (bytes[at] ?? 0) ^ (1 << (next() % 8));
      return { kind: `flip-end@${at}`, bytes };
    }
    case 2: {
      const at = next() % n;
      bytes.fill(next() % 2 === 0 ? 0xff : 0x7f, at, Math.min(n, at + 1 + (next() % 4)));
      return { kind: `overwrite@${at}`, bytes };
    }
    case 3: {
      const at = nearEnd() & ~3;
      const word = INTERESTING_WORDS[next() % INTERESTING_WORDS.length] ?? 0;
      if (at + 4 <= n) new DataView(bytes.buffer).setInt32(at, word | 0, true);
      return { kind: `word@${at}=${word}`, bytes };
    }
    default: {
      const len = next() % n;
      return { kind: `truncate@${len}`, bytes: bytes.subarray(0, len) };
    }
  }
}

/** `count` mutants of `original` from `seed`: the same seed gives the same mutants. */
export function mutants(original: Uint8Array, seed: number, count: number): Mutant[] {
  const next = xorshift32(seed);
  return Array.from({ length: count }, () => mutate(original, next));
}

const BOUNDARY_ZERO_POINTS: readonly number[] = [-129, -128, -127, -1, 0, 1, 126, 127, 128, 255, -32769, 2 ** 31];
const ACTIVATIONS: readonly Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];

/** `items[next() % length]`. */
function pick<T>(items: readonly T[], next: () => number): T {
  return items[next() % items.length] as T;
}

/**
 * The stored shapes of node outputs made to agree with shape inference, node by node, where
 * it succeeds: so a mutated stride or filter reaches the kernels instead of stopping at the
 * verifier's shape check. Where inference fails the graph is left for the verifier to refuse.
 */
function repairShapes(graph: Graph): Graph {
  const tensors = [...graph.tensors];
  const current = (): Graph => ({ ...graph, tensors });
  for (const node of graph.nodes) {
    try {
      const shapes = opDefOf(node).inferShapes(node, current());
      shapes.forEach((shape, i) => {
        const t = tensors[node.outputs[i] ?? -1];
        if (t !== undefined && t.data === undefined && shape.every((d) => Number.isInteger(d) && d >= 0)) tensors[t.id] = { ...t, shape };
      });
    } catch {
      return current();
    }
  }
  return current();
}

/**
 * A seeded mutation of an imported graph, for the semantic edges byte flips rarely reach: a
 * model output moved to a constant, an input or an intermediate tensor; a node reading
 * another tensor; a zero point or scale at a boundary; another fused activation, stride,
 * padding, dilation or pooling window (output shapes re-inferred).
 */
export function mutateGraph(graph: Graph, next: () => number): { readonly kind: string; readonly graph: Graph } {
  const tensorId = (): number => next() % graph.tensors.length;
  const nodeAt = (): Node | undefined => graph.nodes[next() % Math.max(1, graph.nodes.length)];
  const withNode = (n: Node): Graph => ({ ...graph, nodes: graph.nodes.map((m) => (m.id === n.id ? n : m)) });
  switch (next() % 6) {
    case 0: {
      const id = tensorId();
      const outputs = next() % 2 === 0 ? [...graph.outputs, id] : graph.outputs.map((o, k) => (k === 0 ? id : o));
      return { kind: `output→t${id}`, graph: { ...graph, outputs } };
    }
    case 1: {
      const n = nodeAt();
      if (n === undefined) return { kind: 'none', graph };
      const slot = next() % n.inputs.length;
      const id = tensorId();
      return {
        kind: `n${n.id}.in${slot}→t${id}`,
        graph: repairShapes(withNode({ ...n, inputs: n.inputs.map((t, k) => (k === slot ? id : t)) })),
      };
    }
    case 2:
    case 3: {
      const t = graph.tensors[tensorId()] as Tensor;
      if (t.quant === undefined) return { kind: 'none', graph };
      const zeroPoint = next() % 2 === 0;
      const v = zeroPoint ? pick(BOUNDARY_ZERO_POINTS, next) : Math.fround((t.quant.scale[0] ?? 1) * 2 ** ((next() % 61) - 30));
      const quant = zeroPoint
        ? { ...t.quant, zeroPoint: t.quant.zeroPoint.map(() => v) }
        : { ...t.quant, scale: t.quant.scale.map((s, k) => (k === 0 ? v : s)) };
      const tensors = graph.tensors.map((u) => (u.id === t.id ? { ...t, quant } : u));
      return { kind: `t${t.id}.${zeroPoint ? 'zeroPoint' : 'scale[0]'}=${v}`, graph: { ...graph, tensors } };
    }
    case 4: {
      const n = nodeAt();
      if (n === undefined || !('activation' in n.attrs)) return { kind: 'none', graph };
      const activation = pick(ACTIVATIONS, next);
      return { kind: `n${n.id}.activation=${activation}`, graph: withNode({ ...n, attrs: { ...n.attrs, activation } } as Node) };
    }
    default: {
      const n = nodeAt();
      if (n === undefined || !('strideH' in n.attrs)) return { kind: 'none', graph };
      const key = pick(
        ['strideH', 'strideW', 'padding', ...('dilationH' in n.attrs ? ['dilationH', 'dilationW'] : ['filterH', 'filterW'])],
        next,
      );
      const value = key === 'padding' ? (n.attrs.padding === 'SAME' ? 'VALID' : 'SAME') : pick([1, 2, 3, 5], next);
      return { kind: `n${n.id}.${key}=${value}`, graph: repairShapes(withNode({ ...n, attrs: { ...n.attrs, [key]: value } } as Node)) };
    }
  }
}

/** `count` graph mutants of `graph` from `seed`. */
export function graphMutants(graph: Graph, seed: number, count: number): Array<{ readonly kind: string; readonly graph: Graph }> {
  const next = xorshift32(seed);
  return Array.from({ length: count }, () => mutateGraph(graph, next));
}

/** Inputs for a mutant: full-range bytes; finite values over ±8 for float32 inputs. */
export function fuzzInputs(graph: Graph, seed: number): Uint8Array[] {
  return graph.inputs.map((id, k) => {
    const t = graph.tensors[id] as Tensor;
    const bytes = xorshiftBytes(seed * 31 + k, tensorBytes(t));
    if (t.dtype !== 'float32') return bytes;
    const f = new Float32Array(bytes.length / 4).map((_, i) => ((bytes[i] ?? 0) - 128) / 16);
    return new Uint8Array(f.buffer);
  });
}

/**
 * What became of one mutant. `rejected` is a typed refusal at import/verification or at
 * compile time; `agreed` means the C ran clean and matched the interpreter byte for byte;
 * `skipped` is a mutant too costly to interpret and build inside the time budget; `failed`
 * is everything the suite must never see: an untyped exception, C that does not build, a
 * sanitizer report or other nonzero exit, outputs that differ, or a graph the interpreter
 * refuses but the compiler accepts.
 */
export type Verdict =
  | { readonly kind: 'rejected'; readonly stage: 'import' | 'compile'; readonly code: string }
  | { readonly kind: 'agreed'; readonly sanitized: boolean }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly detail: string };

/** Counts over many verdicts, and the failures in full. */
export interface Tally {
  mutants: number;
  imported: number;
  rejected: Map<string, number>;
  agreed: number;
  sanitized: number;
  skipped: number;
  failures: string[];
}

export function newTally(): Tally {
  return { mutants: 0, imported: 0, rejected: new Map(), agreed: 0, sanitized: 0, skipped: 0, failures: [] };
}

export function record(t: Tally, label: string, v: Verdict): void {
  t.mutants++;
  if (v.kind !== 'rejected' || v.stage !== 'import') t.imported++;
  switch (v.kind) {
    case 'rejected': {
      const key = `${v.stage}:${v.code}`;
      t.rejected.set(key, (t.rejected.get(key) ?? 0) + 1);
      return;
    }
    case 'agreed':
      t.agreed++;
      if (v.sanitized) t.sanitized++;
      return;
    case 'skipped':
      t.skipped++;
      return;
    case 'failed':
      t.failures.push(`${label}: ${v.detail}`);
  }
}

export function formatTally(t: Tally): string {
  const rejected = [...t.rejected].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `${k} ${n}`);
  const atCompile = [...t.rejected].filter(([k]) => k.startsWith('compile:')).reduce((s, [, n]) => s + n, 0);
  return [
    `mutants ${t.mutants}: imported and verified ${t.imported}, rejected ${t.mutants - t.imported} at import/verify and ${atCompile} at compile; ` +
      `differentially checked ${t.agreed + t.failures.length}: agreed ${t.agreed} (${t.sanitized} under ASan/UBSan), ` +
      `disagreed ${t.failures.length}; skipped ${t.skipped}`,
    `  rejected by stage:code: ${rejected.join(', ') || '(none)'}`,
  ].join('\n');
}

export interface DifferentialOptions {
  /**
   * Which built mutants get ASan/UBSan, by their index among the built ones. Sanitized
   * objects cost about twice as much to compile, so the suite sanitizes every one (its
   * object cache makes that affordable) and the nightly bench may choose a rotating subset.
   */
  readonly sanitize?: (builtIndex: number) => boolean;
  /** Concurrent C compiler processes; default: the machine's parallelism. */
  readonly jobs?: number;
  /** Mutants whose interpretation would take too long are skipped and counted: MACs per inference. */
  readonly maxMacs?: number;
  /** Activation bytes (inputs, outputs and every node output) above which a mutant is skipped. */
  readonly maxActivationBytes?: number;
}

const ERROR_LINE = /runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer/;

interface Exec {
  readonly status: number | null;
  readonly stderr: string;
}

function exec(cmd: string, args: readonly string[], timeoutMs: number): Promise<Exec> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 64 << 10) stderr += d.toString('utf8');
    });
    child.on('error', (e) => resolve({ status: null, stderr: `${stderr}${String(e)}` }));
    child.on('close', (status, signal) => resolve({ status, stderr: signal === null ? stderr : `${stderr}killed by ${signal}` }));
  });
}

/** A counting semaphore: at most `n` compiler processes at once on this machine. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(n: number) {
    this.free = Math.max(1, n);
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    try {
      return await work();
    } finally {
      const wake = this.waiting.shift();
      if (wake !== undefined) wake();
      else this.free++;
    }
  }
}

function tail(text: string, lines = 8): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/**
 * Builds and runs mutants' C. Build cost dominates, and most mutants change only a few of
 * the generated files (a damaged weight changes `<model>_weights.c`, a damaged scale one
 * kernel), so the build is done as `buildHost` does it — every `.c` of the artifact plus the
 * host driver, with the host target's flags — but one object file at a time, cached by the
 * hash of its source, the artifact's headers and the flags: each distinct C file is
 * compiled once per run, and a mutant costs its changed files, one link and one run.
 * Every mutant keeps the model's own name, so unchanged files hash alike across mutants.
 */
export class DifferentialRunner {
  private readonly importer = new TfliteImporter();
  private readonly root: string;
  private readonly objects = new Map<string, Promise<string>>();
  private readonly slots: Slots;
  private readonly executables = new Map<string, Promise<string>>();
  private built = 0;
  private serial = 0;
  /** Build work done, for the bench's report: objects compiled, executables linked. */
  readonly work = { compiled: 0, linked: 0 };

  constructor(
    private readonly anvil: Anvil,
    private readonly options: DifferentialOptions = {},
  ) {
    this.root = mkdtempSync(join(tmpdir(), 'anvil-differential-'));
    mkdirSync(join(this.root, 'obj'));
    this.slots = new Slots(options.jobs ?? availableParallelism());
  }

  /** Removes every build file; the runner is unusable afterwards. */
  close(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Imports, interprets, compiles, builds and runs one mutant; `fileName` names the model (and so its C). */
  async check(fileName: string, bytes: Uint8Array, inputSeed = 1): Promise<Verdict> {
    let graph: Graph;
    try {
      // The importer is called directly, not through importModel: there an untyped exception
      // would be wrapped as PLUGIN_FAILED, and a built-in importer must throw only typed errors.
      graph = this.importer.import(bytes, fileName);
    } catch (e) {
      return e instanceof AnvilError ? { kind: 'rejected', stage: 'import', code: e.code } : untyped('import', e);
    }
    return this.checkGraph(graph, inputSeed);
  }

  /** The same from an imported (or mutated) graph: verification counts as the import stage. */
  async checkGraph(imported: Graph, inputSeed = 1): Promise<Verdict> {
    let graph: Graph;
    try {
      graph = verifyGraph(imported);
    } catch (e) {
      return e instanceof AnvilError ? { kind: 'rejected', stage: 'import', code: e.code } : untyped('verify', e);
    }
    const stats = graphStats(graph);
    const activationBytes = [...graph.inputs, ...graph.nodes.flatMap((n) => n.outputs)].reduce(
      (s, id) => s + tensorBytes(graph.tensors[id] as Tensor),
      0,
    );
    if (stats.totals.macs > (this.options.maxMacs ?? 20e6) || activationBytes > (this.options.maxActivationBytes ?? 4 << 20)) {
      return { kind: 'skipped', reason: `${stats.totals.macs} MACs, ${activationBytes} activation bytes` };
    }
    const inputs = fuzzInputs(graph, inputSeed);
    let expected: Uint8Array[] | undefined;
    let interpError: AnvilError | undefined;
    try {
      expected = interpret(graph, inputs);
    } catch (e) {
      if (!(e instanceof AnvilError)) return untyped('interpret', e);
      interpError = e;
    }
    let files: ReadonlyArray<{ readonly path: string; readonly content: string }>;
    let model: string;
    try {
      const artifact = this.anvil.emit(this.anvil.compile(graph, { target: 'host', planner: 'greedy-by-size' }));
      files = artifact.files;
      model = artifact.name;
    } catch (e) {
      if (!(e instanceof AnvilError)) return untyped('compile', e);
      return { kind: 'rejected', stage: 'compile', code: e.code };
    }
    if (expected === undefined) {
      return {
        kind: 'failed',
        detail: `the interpreter refuses it (${interpError?.code}: ${interpError?.message}) but the compiler accepts it`,
      };
    }
    const sanitized = this.options.sanitize?.(this.built) ?? true;
    this.built++;
    return this.buildAndRun(model, files, sanitized, inputs, expected, graph);
  }

  private async buildAndRun(
    model: string,
    files: ReadonlyArray<{ readonly path: string; readonly content: string }>,
    sanitized: boolean,
    inputs: readonly Uint8Array[],
    expected: readonly Uint8Array[],
    graph: Graph,
  ): Promise<Verdict> {
    const dir = join(this.root, `m${this.serial++}`);
    const driver = { path: 'host-driver.c', content: hostDriver(model) };
    for (const f of [...files, driver]) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const toolchain = hostTarget.toolchain;
    const flags = [...toolchain.cflags, ...(sanitized ? SANITIZE_FLAGS : [])];
    const includes = [`-I${dir}`, `-I${join(dir, 'runtime', 'include')}`];
    const headers = files
      .filter((f) => f.path.endsWith('.h'))
      .map((f) => `${f.path}\n${f.content}`)
      .sort()
      .join('\n');
    const sources = [...files.filter((f) => f.path.endsWith('.c')), driver];
    const headerHash = createHash('sha256').update(flags.join(' ')).update('\0').update(headers).digest('hex');
    const objectOf = (f: { readonly path: string; readonly content: string }): string =>
      join(
        this.root,
        'obj',
        `${createHash('sha256').update(headerHash).update(f.path).update('\0').update(f.content).digest('hex').slice(0, 32)}.o`,
      );
    try {
      const objects = await Promise.all(
        sources.map((f) => {
          const obj = objectOf(f);
          const hit = this.objects.get(obj);
          if (hit !== undefined) return hit;
          const made = this.slots.run(async () => {
            const r = await exec(toolchain.cc, [...flags, ...includes, '-c', join(dir, f.path), '-o', obj], 300_000);
            if (r.status !== 0) throw new Error(`${f.path} does not build: ${tail(r.stderr)}`);
            this.work.compiled++;
            return obj;
          });
          this.objects.set(obj, made);
          return made;
        }),
      );
      // Mutants whose C is identical (a damaged name, an unused field) share one executable.
      const exeKey = createHash('sha256').update(objects.join('\n')).digest('hex').slice(0, 32);
      let exe = this.executables.get(exeKey);
      if (exe === undefined) {
        const path = join(this.root, 'obj', `${exeKey}.exe`);
        exe = this.slots.run(async () => {
          const link = await exec(toolchain.cc, [...flags, ...objects, '-o', path, ...toolchain.ldflags], 300_000);
          if (link.status !== 0) throw new Error(`the C does not link: ${tail(link.stderr)}`);
          this.work.linked++;
          return path;
        });
        this.executables.set(exeKey, exe);
      }
      const ins = inputs.map((b, k) => {
        const p = join(dir, `in${k}.bin`);
        writeFileSync(p, b);
        return p;
      });
      const outs = graph.outputs.map((_, k) => join(dir, `out${k}.bin`));
      const program = await exe;
      const run = await this.slots.run(() => exec(program, ['1', ...ins, ...outs], 60_000));
      if (run.status !== 0 || ERROR_LINE.test(run.stderr)) {
        // The sanitizer's own line says what went wrong; its report ends with a legend.
        const report = run.stderr.split('\n').find((l) => ERROR_LINE.test(l)) ?? tail(run.stderr);
        return { kind: 'failed', detail: `the C exits with ${run.status}${sanitized ? ' (ASan/UBSan build)' : ''}: ${report.trim()}` };
      }
      for (let k = 0; k < outs.length; k++) {
        const p = outs[k] as string;
        const got = existsSync(p) ? new Uint8Array(readFileSync(p)) : new Uint8Array(0);
        const want = expected[k] as Uint8Array;
        const at = firstDifference(got, want);
        if (at !== -1) {
          const t = graph.tensors[graph.outputs[k] ?? -1];
          return {
            kind: 'failed',
            detail: `output ${k} ("${t?.name}") differs from the interpreter at byte ${at} of ${want.length}: C ${got[at]}, interpreter ${want[at]}`,
          };
        }
      }
      return { kind: 'agreed', sanitized };
    } catch (e) {
      return { kind: 'failed', detail: e instanceof Error ? e.message : String(e) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function untyped(stage: string, e: unknown): Verdict {
  const what = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e);
  return { kind: 'failed', detail: `${stage} threw an untyped error: ${what}` };
}

/** One case for `checkAll`: a mutated file, or a mutated graph. */
export type FuzzCase =
  { readonly label: string; readonly fileName: string; readonly bytes: Uint8Array } | { readonly label: string; readonly graph: Graph };

/** Runs the cases with at most `jobs` in flight, so the JavaScript work and the C builds overlap. */
export async function checkAll(
  runner: DifferentialRunner,
  items: readonly FuzzCase[],
  jobs: number,
  onVerdict: (label: string, v: Verdict) => void,
): Promise<void> {
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = nextIndex++;
      const item = items[i];
      if (item === undefined) return;
      const verdict = 'graph' in item ? await runner.checkGraph(item.graph, i + 1) : await runner.check(item.fileName, item.bytes, i + 1);
      onVerdict(item.label, verdict);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
}
