import type { Footprint, StepCost } from '@anvil/core';
import type { CompileReport } from '@anvil/codegen-c';
import { formatCount, formatTable } from '../format-table.js';

/** The per-layer table of `anvil run --profile`: each step's cost, share, op and kernel. */
export function renderProfile(report: CompileReport, profile: readonly StepCost[], unit: string): string {
  const total = profile.reduce((s, p) => s + p.value, 0);
  const rows = profile.map((p) => {
    const node = report.nodes.find((n) => n.step === p.step);
    const share = total === 0 ? 0 : (100 * p.value) / total;
    return [String(p.step), node?.op ?? '?', node?.strategy ?? '?', formatCount(p.value), `${share.toFixed(1)}%`];
  });
  return formatTable(['step', 'op', 'kernel', unit, 'share'], [...rows, ['', 'total', '', formatCount(total), '']], new Set([0, 3, 4]));
}

export function renderFootprint(f: Footprint): string {
  return [
    `flash: ${formatCount(f.flashBytes)} bytes (model ${formatCount(f.modelFlashBytes)})`,
    `RAM: ${formatCount(f.ramBytes)} bytes (arena ${formatCount(f.arenaBytes)}, stack high-water ${formatCount(f.stackBytes)})`,
  ].join('\n');
}
