import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TUNING_LOG_FORMAT, TUNING_LOG_VERSION, errors, fail, kernelChoices, nodeLabel, tensorBytes, tuningKey } from '@anvil/core';
import type {
  CompileOptions,
  CompiledModel,
  Graph,
  KernelChoice,
  MeasuredChoice,
  Node,
  Runner,
  Tensor,
  TuningEntry,
  TuningLog,
} from '@anvil/core';
import { interpret } from '@anvil/interp';
import type { Anvil } from './open-anvil.js';
import { writeArtifact } from './write-artifact.js';

export interface TuneRequest {
  readonly graph: Graph;
  /** Target, planner, code size…: everything but the kernel choices, as `compile` takes them. */
  readonly options: CompileOptions;
  /** Board to count on, for runners with several; default the target's. */
  readonly board?: string;
  /** Builds and runs at once; default the machine's cores. */
  readonly jobs?: number;
  /** A log an earlier run left, possibly partial: candidates it counted are not counted again. */
  readonly resume?: TuningLog;
  /** After every round: the log so far (for a caller to save, so an interrupted run can resume). */
  readonly onRound?: (progress: TuneProgress) => void;
  /** When a stage starts: the rounds of candidates, then the tuned build (for a progress display). */
  readonly onStage?: (stage: TuneStage) => void;
}

/** The tuner's two long stages, in order. */
export type TuneStage = { readonly stage: 'rounds'; readonly rounds: number } | { readonly stage: 'tuned'; readonly roundsRun: number };

export interface TuneProgress {
  readonly done: number;
  readonly total: number;
  /** The candidates the finished round counted, as `strategy:variant`. */
  readonly counted: readonly string[];
  readonly log: TuningLog;
}

/** One node's choice in the tuned build, with its own count before and after. */
export interface TunedNode {
  readonly step: number;
  readonly node: string;
  readonly op: string;
  readonly choice: KernelChoice;
  readonly candidates: number;
  readonly defaultInstructions: number;
  readonly tunedInstructions: number;
}

export interface TuneResult {
  readonly log: TuningLog;
  readonly board: string;
  readonly runner: string;
  readonly unit: string;
  /** Per inference, the default kernels and the tuned ones (both checked against the interpreter). */
  readonly defaultCost: number;
  readonly tunedCost: number;
  readonly nodes: readonly TunedNode[];
  /** Rounds built and run here (the rest came from `resume`). */
  readonly roundsRun: number;
  readonly rounds: number;
}

interface Kind {
  readonly key: string;
  readonly op: Node['op'];
  readonly candidates: readonly KernelChoice[];
}

/** What one round's build measured: per step its own count, per kind the candidate's sum. */
interface RoundCount {
  readonly total: number;
  readonly perStep: ReadonlyMap<number, number>;
  readonly perKind: ReadonlyMap<string, MeasuredChoice>;
  readonly board: string | undefined;
}

/** The options without a tuning log: the tuner decides every kernel itself. */
function withoutTuning(o: CompileOptions): CompileOptions {
  const copy: { -readonly [K in keyof CompileOptions]: CompileOptions[K] } = { ...o };
  delete copy.tuning;
  delete copy.tuningSource;
  return copy;
}

const sameChoice = (a: KernelChoice, b: KernelChoice): boolean => a.strategy === b.strategy && a.variant === b.variant;

/**
 * Tunes a model's kernels on a board: every kind of node (op and shapes) gets each candidate
 * its strategies offer (each strategy that claims it, each of its variants), counted exactly
 * by the runner with per-step profiling. Round r builds the whole model with every kind on
 * its r-th candidate, so a model needs as many builds as its longest candidate list, not one
 * per layer and candidate; the rounds run `jobs` at a time. Every round's outputs are checked
 * against the interpreter: a candidate that differs is an error (TUNING_VARIANT_WRONG), never
 * a choice. The tuned build is checked and counted again at the end.
 */
export async function tuneModel(anvil: Anvil, req: TuneRequest): Promise<TuneResult> {
  const base = withoutTuning({ ...req.options, kernels: 'all' });
  const compiled = anvil.compile(req.graph, base);
  const runner = anvil.services().runners.find((r) => r.canRun(compiled.target));
  if (runner === undefined) fail(errors.targetNotFound(`${compiled.target.name} (no runner can run it)`, []));
  const kinds = nodeKinds(anvil, compiled);
  const rounds = Math.max(1, ...kinds.map((k) => k.candidates.length));
  const emptyLog: TuningLog = {
    format: TUNING_LOG_FORMAT,
    version: TUNING_LOG_VERSION,
    target: compiled.target.name,
    board: req.board ?? '',
    entries: [],
  };
  let boardSeen = emptyLog.board;
  const measured = new Map<string, MeasuredChoice[]>((req.resume?.entries ?? []).map((e) => [e.key, [...e.measured]]));
  const known = (k: Kind, c: KernelChoice): boolean => (measured.get(k.key) ?? []).some((m) => sameChoice(m, c));
  // Round 0 (the defaults) always runs: its total is the baseline the tuned build is compared with.
  const todo = Array.from({ length: rounds }, (_, r) => r).filter(
    (r) => r === 0 || kinds.some((k) => r < k.candidates.length && !known(k, k.candidates[r] as KernelChoice)),
  );
  let done = 0;
  let defaultRound: RoundCount | undefined;
  const logNow = (): TuningLog => ({ ...emptyLog, board: boardSeen, entries: entriesOf(kinds, measured) });
  req.onStage?.({ stage: 'rounds', rounds: todo.length });
  await pool(todo, req.jobs ?? availableParallelism(), async (r) => {
    const log = roundLog(kinds, r, emptyLog);
    const count = await countRound(anvil, runner, req, base, r === 0 ? undefined : log, kinds, r);
    if (r === 0) defaultRound = count;
    boardSeen = count.board ?? boardSeen;
    for (const [key, m] of count.perKind) {
      const list = measured.get(key) ?? [];
      if (!list.some((x) => sameChoice(x, m))) measured.set(key, [...list, m]);
    }
    done++;
    req.onRound?.({
      done,
      total: todo.length,
      counted: kinds.filter((k) => r < k.candidates.length).map((k) => label(k.candidates[r])),
      log: logNow(),
    });
  });
  const log = logNow();
  req.onStage?.({ stage: 'tuned', roundsRun: todo.length });
  const tuned = await countRound(anvil, runner, req, base, log, kinds, -1);
  const first = defaultRound as RoundCount;
  const stepNodes = new Map(compiled.program.steps.map((s, i) => [i, s.nodeId]));
  const byKey = new Map(log.entries.map((e) => [e.key, e]));
  const nodes = [...first.perStep.keys()].flatMap((step): TunedNode[] => {
    const node = compiled.graph.nodes[stepNodes.get(step) ?? -1];
    if (node === undefined) return [];
    const key = tuningKey(node, compiled.graph);
    const entry = byKey.get(key);
    return entry === undefined
      ? []
      : [
          {
            step,
            node: nodeLabel(node),
            op: node.op,
            choice: entry.best,
            candidates: kinds.find((k) => k.key === key)?.candidates.length ?? 1,
            defaultInstructions: first.perStep.get(step) ?? 0,
            tunedInstructions: tuned.perStep.get(step) ?? 0,
          },
        ];
  });
  const boardName = tuned.board ?? `the default board of ${compiled.target.name}`;
  return {
    log: { ...log, board: boardName },
    board: boardName,
    runner: runner.name,
    unit: 'instructions',
    defaultCost: first.total,
    tunedCost: tuned.total,
    nodes,
    roundsRun: todo.length + 1,
    rounds,
  };
}

const label = (c: KernelChoice | undefined): string =>
  c === undefined ? '' : c.variant === undefined ? c.strategy : `${c.strategy}:${c.variant}`;

/** The kinds of node the CPU strategies lower (offloaded regions and views have no choice), each with its candidates. */
function nodeKinds(anvil: Anvil, compiled: CompiledModel): Kind[] {
  const strategies = anvil.services().strategies;
  const names = new Set(strategies.map((s) => s.name));
  const kinds = new Map<string, Kind>();
  for (const step of compiled.program.steps) {
    const node = compiled.graph.nodes[step.nodeId];
    if (node === undefined || step.kernel === undefined || !names.has(step.strategy)) continue;
    const key = tuningKey(node, compiled.graph);
    if (!kinds.has(key)) kinds.set(key, { key, op: node.op, candidates: kernelChoices(strategies, node, compiled.graph, compiled.target) });
  }
  return [...kinds.values()];
}

/** Round r's log: every kind with an r-th candidate takes it; the rest keep their defaults. */
function roundLog(kinds: readonly Kind[], r: number, empty: TuningLog): TuningLog {
  const entries = kinds.flatMap((k): TuningEntry[] => {
    const c = k.candidates[r];
    return c === undefined ? [] : [{ key: k.key, op: k.op, best: c, measured: [] }];
  });
  return { ...empty, entries };
}

/** The log: per kind, every candidate counted (fastest first) and the fastest; ties keep the earlier (default) one. */
function entriesOf(kinds: readonly Kind[], measured: ReadonlyMap<string, readonly MeasuredChoice[]>): TuningEntry[] {
  return kinds.flatMap((k): TuningEntry[] => {
    const rank = (c: KernelChoice): number => k.candidates.findIndex((x) => sameChoice(x, c));
    const list = [...(measured.get(k.key) ?? [])].sort((a, b) => a.instructions - b.instructions || rank(a) - rank(b));
    const best = list[0];
    if (best === undefined) return [];
    return [
      {
        key: k.key,
        op: k.op,
        best: { strategy: best.strategy, ...(best.variant === undefined ? {} : { variant: best.variant }) },
        measured: list,
      },
    ];
  });
}

/**
 * Builds and runs the model once with `tuning` (undefined: the defaults) on fixed seeded
 * inputs, checks every output against the interpreter, and returns the counts. Steps whose
 * log entry was not applied (a strategy that does not claim that node) count for no candidate.
 */
async function countRound(
  anvil: Anvil,
  runner: Runner,
  req: TuneRequest,
  base: CompileOptions,
  tuning: TuningLog | undefined,
  kinds: readonly Kind[],
  round: number,
): Promise<RoundCount> {
  const model = anvil.compile(req.graph, tuning === undefined ? base : { ...base, tuning, tuningSource: `tuning round ${round}` });
  const artifact = anvil.emit(model);
  // The same inputs in every round: some kernels' counts depend on the data (softmax), and the
  // candidates must be compared on equal terms.
  const inputs = req.graph.inputs.map((id, k) => seededBytes(tensorBytes(req.graph.tensors[id] as Tensor), 7919 + k));
  const dir = mkdtempSync(join(tmpdir(), 'anvil-tune-'));
  try {
    writeArtifact(dir, artifact.files, true);
    const result = await runner.run({
      artifactDir: dir,
      sources: artifact.files.filter((f) => f.path.endsWith('.c')).map((f) => f.path),
      model: artifact.name,
      target: model.target,
      inputs,
      outputBytes: req.graph.outputs.map((id) => tensorBytes(req.graph.tensors[id] as Tensor)),
      ...(req.board === undefined ? {} : { board: req.board }),
      profile: true,
    });
    const expected = interpret(req.graph, inputs);
    result.outputs.forEach((bytes, k) => {
      const want = expected[k] as Uint8Array;
      const at = bytes.findIndex((b, i) => b !== want[i]);
      if (at >= 0 || bytes.length !== want.length) {
        const changed = (tuning?.entries ?? []).map((e) => label(e.best)).join(', ') || 'the default kernels';
        fail(errors.tuningVariantWrong(artifact.name, changed, `output ${k} byte ${at < 0 ? bytes.length : at}, tuning round ${round}`));
      }
    });
    // Candidates are compared step by step on exact counts: a runner that only times whole runs cannot tune.
    if (result.profile === undefined || result.cost?.unit !== 'instructions')
      fail(
        errors.cliBadArgument(
          `${runner.name} cannot count each step's instructions on ${model.target.name}, which tuning compares`,
          'tune for a target that runs on a QEMU board (e.g. --target cortex-m4 or cortex-m55)',
        ),
      );
    const perStep = new Map(result.profile.map((c) => [c.step, c.value]));
    const perKind = new Map<string, MeasuredChoice>();
    model.program.steps.forEach((step, i) => {
      const node = model.graph.nodes[step.nodeId];
      const cost = perStep.get(i);
      if (node === undefined || cost === undefined) return;
      const key = tuningKey(node, model.graph);
      const kind = kinds.find((k) => k.key === key);
      const choice = round < 0 ? undefined : kind?.candidates[round];
      // Round 0 counts every step as its default; later rounds only steps the log reached.
      if (choice === undefined || (round > 0 && step.kernel?.tuning !== 'applied')) return;
      const prev = perKind.get(key);
      perKind.set(key, { ...choice, instructions: (prev?.instructions ?? 0) + cost });
    });
    return { total: result.cost?.value ?? NaN, perStep, perKind, board: result.board ?? req.board };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deterministic input bytes (a linear congruential sequence), so a round is the same on every run. */
function seededBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** Runs `work` on every item, at most `jobs` at once. */
async function pool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}
