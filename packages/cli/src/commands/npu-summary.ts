import type { NodePlacement, Offloaded } from '@anvil/core';
import { formatCount, formatTable } from '../format-table.js';

/** Per node of the model: NPU (region) or CPU and why. */
export function renderPlacements(placements: readonly NodePlacement[]): string {
  const rows = placements.map((p) => [String(p.node), p.op, p.unit === 'npu' ? `NPU region ${p.region}` : 'CPU', p.reason ?? '']);
  return formatTable(['#', 'op', 'runs on', 'why not the NPU'], rows, new Set([0]));
}

function num(details: Readonly<Record<string, unknown>>, key: string): number {
  const v = details[key];
  return typeof v === 'number' ? v : 0;
}

/** Which system configuration the estimate assumed, when the offloader says (clock, memories). */
function systemLine(details: Readonly<Record<string, unknown>>): string[] {
  const s = details['system'];
  if (typeof s !== 'object' || s === null) return [];
  const v = s as Readonly<Record<string, unknown>>;
  const n = (k: string): string => {
    const x = v[k];
    return typeof x === 'number' ? formatCount(x) : '?';
  };
  return [
    `  system ${typeof v['name'] === 'string' ? v['name'] : '?'}: SRAM ${n('sramBytesPerCycle')} B/cycle, flash ${n('flashBytesPerCycle')} B/cycle, ` +
      `latency ${n('sramLatencyCycles')}/${n('flashLatencyCycles')} cycles`,
  ];
}

/** The summary in the manner of Vela's: what was offloaded, what it costs, what it occupies. */
export function renderOffloadSummary(o: Offloaded): string {
  const r = o.report;
  const d = r.details;
  const onNpu = o.placements.filter((p) => p.unit === 'npu').length;
  const clock = num(d, 'clockHz');
  const ips = r.estimatedCycles === 0 ? 0 : Math.round((100 * clock) / r.estimatedCycles) / 100;
  const has = (key: string): boolean => typeof d[key] === 'number';
  return [
    `NPU ${r.config} (${r.offloader}): ${r.regions} region(s), ${onNpu} of ${o.placements.length} operators offloaded, ${formatCount(r.offloadedMacs)} MACs`,
    `  estimated ${formatCount(r.estimatedCycles)} NPU cycles per inference; at ${formatCount(clock / 1e6)} MHz ${formatCount(ips)} inferences/s (NPU part)` +
      (has('macUtilisation') ? `; MAC utilisation ${(100 * num(d, 'macUtilisation')).toFixed(1)}%` : ''),
    ...systemLine(d),
    ...(typeof d['note'] === 'string' ? [`  ${d['note']}`] : []),
    ...(has('flashBytes')
      ? [
          `  flash: ${formatCount(num(d, 'flashBytes'))} B (command streams + encoded weights); NPU scratch in SRAM: ${formatCount(num(d, 'scratchBytes'))} B`,
        ]
      : []),
    ...(has('compressionRatio')
      ? [
          `  weights: ${formatCount(num(d, 'rawWeightBytes'))} B int8 → ${formatCount(num(d, 'weightBitsBytes'))} B coded ` +
            `(compression ${num(d, 'compressionRatio')}×); streams with biases and scales: ${formatCount(num(d, 'encodedWeightBytes'))} B`,
        ]
      : []),
  ].join('\n');
}

/** Per offloaded operation: its cycles, MACs and whether compute or memory limits it. */
export function renderOffloadOps(o: Offloaded): string {
  const rows = (o.report.ops ?? []).map((e) => [String(e.region), e.what, formatCount(e.cycles), formatCount(e.macs), e.bound]);
  return rows.length === 0 ? '' : formatTable(['region', 'operation', 'cycles', 'MACs', 'bound by'], rows, new Set([0, 2, 3]));
}
