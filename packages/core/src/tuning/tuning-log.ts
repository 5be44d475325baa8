import { fail } from '../errors/anvil-error.js';
import { tuningLogInvalid } from '../errors/builders.js';
import type { OpType } from '../ir/attributes.js';
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/node.js';

/** One way to lower a node: a kernel strategy and, when it offers several, one of its variants. */
export interface KernelChoice {
  readonly strategy: string;
  readonly variant?: string;
}

/** A choice as counted on the board: the node's own instructions per inference. */
export interface MeasuredChoice extends KernelChoice {
  readonly instructions: number;
}

/** What `anvil tune` found for every node of one kind (op and shapes, see `tuningKey`). */
export interface TuningEntry {
  readonly key: string;
  readonly op: OpType;
  readonly best: KernelChoice;
  /** Every candidate counted, fastest first (summed over the nodes that share the key). */
  readonly measured: readonly MeasuredChoice[];
}

/**
 * The tuning log `anvil tune` writes and `compile --tuning-log` reads: per target, the
 * fastest bit-exact kernel for each kind of node, with every candidate's count.
 */
export interface TuningLog {
  readonly format: typeof TUNING_LOG_FORMAT;
  readonly version: typeof TUNING_LOG_VERSION;
  readonly target: string;
  /** The board the counts were taken on. */
  readonly board: string;
  readonly entries: readonly TuningEntry[];
}

export const TUNING_LOG_FORMAT = 'anvil-tuning-log';
export const TUNING_LOG_VERSION = 1;

const shapeOf = (graph: Graph, id: number): string => {
  const t = graph.tensors[id];
  return t === undefined ? '-' : `${t.dtype}[${t.shape.join(',')}]${t.data === undefined ? '' : 'c'}`;
};

/**
 * What a kernel's speed depends on, beyond the values: op, every input and output's type and
 * shape (constants marked), and the attributes. Quantization is left out: it changes which
 * requantization path runs, by a few instructions per output, never which variant is right.
 */
export function tuningKey(node: Node, graph: Graph): string {
  const attrs = Object.entries(node.attrs as object)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(';');
  const io = (ids: readonly number[]): string => ids.map((id) => (id < 0 ? '-' : shapeOf(graph, id))).join(' ');
  return `${node.op} ${io(node.inputs)} -> ${io(node.outputs)} {${attrs}}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function choiceOf(v: unknown, where: string, file: string): KernelChoice {
  if (!isRecord(v) || typeof v['strategy'] !== 'string') fail(tuningLogInvalid(file, `${where}: no strategy name`));
  const variant = v['variant'];
  if (variant !== undefined && typeof variant !== 'string') fail(tuningLogInvalid(file, `${where}: variant is not a string`));
  return { strategy: v['strategy'], ...(variant === undefined ? {} : { variant }) };
}

/** A tuning log read from JSON text, every field checked; anything else is TUNING_LOG_INVALID. */
export function parseTuningLog(text: string, file: string): TuningLog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(tuningLogInvalid(file, `not JSON (${(e as Error).message})`));
  }
  if (!isRecord(json) || json['format'] !== TUNING_LOG_FORMAT) fail(tuningLogInvalid(file, `no "format": "${TUNING_LOG_FORMAT}"`));
  if (json['version'] !== TUNING_LOG_VERSION)
    fail(tuningLogInvalid(file, `version ${String(json['version'])}; this Anvil reads version ${TUNING_LOG_VERSION}`));
  const { target, board, entries } = json;
  if (typeof target !== 'string' || typeof board !== 'string') fail(tuningLogInvalid(file, 'no target or board name'));
  if (!Array.isArray(entries)) fail(tuningLogInvalid(file, 'no entries list'));
  const seen = new Set<string>();
  const parsed = entries.map((e: unknown, i): TuningEntry => {
    const where = `entry ${i}`;
    if (!isRecord(e) || typeof e['key'] !== 'string' || typeof e['op'] !== 'string') fail(tuningLogInvalid(file, `${where}: no key or op`));
    if (seen.has(e['key'])) fail(tuningLogInvalid(file, `${where}: key ${e['key']} appears twice`));
    seen.add(e['key']);
    const measured = e['measured'];
    if (!Array.isArray(measured)) fail(tuningLogInvalid(file, `${where}: no measured list`));
    return {
      key: e['key'],
      op: e['op'] as OpType,
      best: choiceOf(e['best'], where, file),
      measured: measured.map((m: unknown, j): MeasuredChoice => {
        const c = choiceOf(m, `${where} candidate ${j}`, file);
        const n = isRecord(m) ? m['instructions'] : undefined;
        if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
          fail(tuningLogInvalid(file, `${where} candidate ${j}: instructions is not a count`));
        return { ...c, instructions: n };
      }),
    };
  });
  return { format: TUNING_LOG_FORMAT, version: TUNING_LOG_VERSION, target, board, entries: parsed };
}

/** A choice as one word for tables and progress lines: `strategy` or `strategy:variant`. */
export function choiceLabel(c: KernelChoice): string {
  return c.variant === undefined ? c.strategy : `${c.strategy}:${c.variant}`;
}
