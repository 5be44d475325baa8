import type { Graph, Node, PatchCandidate, PatchSearch, PatchSpec } from '@anvil/core';

const label = (n: Node): string => `${n.op} #${n.id}`;
const count = (n: number): string => n.toLocaleString('en-US');

/** One point of the search's front: the stages, the arena and the MACs they add. */
export interface PatchRow {
  /** `nodes 0..3 in 12 bands; …`, or `none` for the model as it is. */
  readonly stages: string;
  readonly patches: readonly PatchSpec[];
  readonly arenaBytes: number;
  readonly boundBytes: number;
  readonly extraMacs: number;
  readonly extraPercent: number;
  /** With a budget: whether the arena fits it. */
  readonly fits?: boolean;
  readonly chosen: boolean;
}

/** What `--sram` searched and chose, for `plan`, `compile` and `run` (text and JSON alike). */
export interface PatchReport {
  /** The cost model the extra compute is counted in. */
  readonly costModel: 'macs';
  readonly macs: number;
  readonly budget?: number;
  readonly evaluated: number;
  readonly baselineBytes: number;
  /** The front, smallest arena first. */
  readonly candidates: readonly PatchRow[];
  readonly chosen?: PatchRow;
  readonly smallest: PatchRow;
  /** In words: which layers now run in bands, how many, and what it costs; or that nothing changed. */
  readonly changed: string;
}

export function stagesText(patches: readonly PatchSpec[]): string {
  return patches.length === 0 ? 'none' : patches.map((p) => `nodes ${p.first}..${p.last} in ${p.bands} bands`).join('; ');
}

function row(c: PatchCandidate, macs: number, budget: number | undefined, chosen: PatchCandidate | undefined): PatchRow {
  const arena = c.arena ?? c.bound;
  return {
    stages: stagesText(c.patches),
    patches: c.patches,
    arenaBytes: arena,
    boundBytes: c.bound,
    extraMacs: c.extraMacs,
    extraPercent: macs === 0 ? 0 : Math.round((10000 * c.extraMacs) / macs) / 100,
    ...(budget === undefined ? {} : { fits: arena <= budget }),
    chosen: chosen !== undefined && stagesText(chosen.patches) === stagesText(c.patches),
  };
}

/** The layers a stage covers, by the original graph's labels. */
function stageWords(graph: Graph, p: PatchSpec): string {
  const first = graph.nodes[p.first];
  const last = graph.nodes[p.last];
  // Op and index only: a TFLite tensor-derived name can run to hundreds of characters.
  const names = first === undefined || last === undefined ? `nodes ${p.first}..${p.last}` : `${label(first)} … ${label(last)}`;
  return `${names} (${p.last - p.first + 1} layers) run in ${p.bands} row bands`;
}

export function patchReport(graph: Graph, s: PatchSearch, budget: number | undefined): PatchReport {
  const candidates = s.front.map((c) => row(c, s.macs, budget, s.chosen));
  const chosen = s.chosen === undefined ? undefined : row(s.chosen, s.macs, budget, s.chosen);
  const baselineBytes = s.baseline.arena ?? s.baseline.bound;
  const changed =
    chosen === undefined
      ? `nothing fits${budget === undefined ? '' : ` ${count(budget)} B`}: the smallest arena found is ${count(s.smallest.arena ?? s.smallest.bound)} B (${stagesText(s.smallest.patches)})`
      : chosen.patches.length === 0
        ? `nothing changed: the model fits as it is (${count(baselineBytes)} B)`
        : `changed: ${chosen.patches.map((p) => stageWords(graph, p)).join('; ')}; arena ${count(chosen.arenaBytes)} B (was ${count(baselineBytes)} B), +${count(chosen.extraMacs)} MACs (+${chosen.extraPercent}%)`;
  return {
    costModel: 'macs',
    macs: s.macs,
    ...(budget === undefined ? {} : { budget }),
    evaluated: s.evaluated,
    baselineBytes,
    candidates,
    ...(chosen === undefined ? {} : { chosen }),
    smallest: row(s.smallest, s.macs, budget, s.chosen),
    changed,
  };
}
