import { describe, expect, it } from 'vitest';
import { byteTicks } from './plan-html-bytes.js';
import type { PlanPictureContext } from './plan-html-context.js';
import { pictureData } from './plan-html-data.js';
import { inlinedLibraries } from './plan-html-libraries.js';
import { planHtml } from './plan-html.js';
import type { PlanReport, PlannerRow } from './plan-report.js';

const EVIL = '</script><script>window.broken = true</script><!--';

const row = (planner: string, offsets: readonly number[], used: number): PlannerRow => ({
  planner,
  optimal: used === 96,
  solveMs: 1,
  totalBytes: used,
  distanceBytes: used - 96,
  distancePercent: Math.round((10000 * (used - 96)) / 96) / 100,
  pools: [{ name: 'sram', capacity: null, used }],
  buffers: [
    { name: 'input', bytes: 64, firstStep: 0, lastStep: 0, pool: 'sram', offset: offsets[0] ?? 0 },
    { name: EVIL, bytes: 32, firstStep: 0, lastStep: 1, pool: 'sram', offset: offsets[1] ?? 0 },
    { name: 'output', bytes: 16, firstStep: 1, lastStep: 2, pool: 'sram', offset: offsets[2] ?? 0 },
  ],
});

// Three steps; the input and the evil tensor are alive together at step 0 (96 B, the bound).
const report: PlanReport = {
  model: 'tiny',
  target: 'host',
  steps: 3,
  lowerBound: 96,
  peakStep: 0,
  peakTensors: [
    { name: 'input', bytes: 64 },
    { name: EVIL, bytes: 32 },
  ],
  flash: { name: 'flash', capacity: null, used: 100 },
  appOwned: [],
  planners: [
    row('tight', [0, 64, 0], 96),
    row('loose', [0, 64, 96], 112),
    { ...row('failed', [], 0), pools: [], buffers: [], error: 'no room' },
  ],
};

const context: PlanPictureContext = {
  steps: [
    { op: 'CONV_2D', node: 'conv', unit: 'cpu' },
    { op: 'ADD', node: 'add', unit: 'cpu' },
    { op: 'SOFTMAX', node: 'softmax', unit: 'cpu' },
  ],
};

const page = planHtml(report, context);

/** The text of the data element, found the way the browser ends it: at the first `</script`. */
function dataText(html: string): string {
  const open = '<script type="application/json" id="plan-data">';
  const start = html.indexOf(open) + open.length;
  return html.slice(start, html.indexOf('</script', start));
}

describe('planHtml', () => {
  it('names no address to fetch: the only URLs are the XML namespace names d3 creates SVG with', () => {
    const urls = [...new Set(page.match(/https?:\/\/[^\s"'`)]+/g) ?? [])];
    expect(
      urls.filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1999\/xlink|2000\/xmlns\/|XML\/1998\/namespace)$/.test(u)),
    ).toEqual([]);
    // The libraries refer to their own elements (url(#clip), data: URLs); the page itself to nothing.
    const own = inlinedLibraries().reduce((html, l) => html.replace(l.source, ''), page);
    expect(own.match(/\s(src|href)\s*=|url\(|@import/gi)).toBeNull();
  });

  it('carries the data as JSON that parses back to what the charts are drawn from', () => {
    expect(JSON.parse(dataText(page))).toEqual(JSON.parse(JSON.stringify(pictureData(report, context))));
  });

  it('keeps a tensor named </script> inside the data: the JSON holds no <, the name comes back whole', () => {
    expect(dataText(page)).not.toContain('<');
    const data = pictureData(report, context);
    expect(data.rects.filter((r) => r.name === EVIL)).toHaveLength(2);
    expect((JSON.parse(dataText(page)) as typeof data).rects.map((r) => r.name)).toContain(EVIL);
    // Every script element the page opens is closed by its own end tag: none ends early.
    expect(page.match(/<script/g)?.length).toBe(page.match(/<\/script>/g)?.length);
    expect(page.includes(EVIL)).toBe(false);
  });

  it('inlines d3 and Observable Plot whole, d3 first (Plot finds it as a global)', () => {
    const libraries = inlinedLibraries();
    expect(libraries.map((l) => l.name)).toEqual(['d3', '@observablehq/plot']);
    let last = -1;
    for (const l of libraries) {
      expect(l.source.length).toBeGreaterThan(100_000);
      const at = page.indexOf(l.source);
      expect(at, l.name).toBeGreaterThan(last);
      last = at;
    }
    expect(/<script data-library="d3" data-version="7\.\d+\.\d+">/.test(page)).toBe(true);
  });

  it('draws one placement chart per pool per plan; a failed planner shows its error', () => {
    const kinds = [...page.matchAll(/<div class="chart" data-kind="([a-z-]+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual(['planners', 'live', 'placement', 'placement']);
    expect(page.includes('<section><h2>failed</h2><p class="error">no room</p></section>')).toBe(true);
  });

  it('with an NPU partition, its charts follow the live bytes; a pool name is escaped in its attribute', () => {
    const tight = row('tight', [0, 64, 0], 96);
    const quoted: PlannerRow = {
      ...tight,
      pools: [{ name: 'a"b', capacity: 128, used: 96 }],
      buffers: tight.buffers.map((b) => ({ ...b, pool: 'a"b' })),
    };
    const npuPage = planHtml(
      { ...report, planners: [quoted] },
      {
        ...context,
        npu: { config: 'ethos-u55-128', placements: [], ops: [{ region: 0, what: 'x', cycles: 1, macs: 1, bound: 'memory' }] },
      },
    );
    const kinds = [...npuPage.matchAll(/<div class="chart" data-kind="([a-z-]+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual(['planners', 'live', 'npu-nodes', 'npu-ops', 'placement']);
    expect(npuPage.includes('data-planner="0" data-pool="a&#34;b"')).toBe(true);
    expect(npuPage.includes('<h2>NPU placement (ethos-u55-128)</h2>')).toBe(true);
  });
});

describe('pictureData', () => {
  it('one y scale for every plan (the tallest pool), steps labelled with their operators', () => {
    const data = pictureData(report, context);
    expect(data.arenaMax).toBe(112);
    expect(data.stepLabels).toEqual(['0 CONV_2D', '1 ADD', '2 SOFTMAX']);
    expect(data.planners).toEqual(['tight', 'loose']);
    expect(data.live.map((s) => s.bytes)).toEqual([96, 48, 16]);
    expect(data.bars.map((b) => [b.planner, b.pool, b.bytes])).toEqual([
      ['tight', 'sram', 96],
      ['loose', 'sram', 112],
    ]);
    expect(data.rects.find((r) => r.name === 'input')?.title).toBe('input\n64 B at offset 0 in sram\nalive from 0 CONV_2D to 0 CONV_2D');
  });

  it('numbers the steps when their operators are unknown or do not match the report', () => {
    expect(pictureData(report).stepLabels).toEqual(['step 0', 'step 1', 'step 2']);
    expect(pictureData(report, { steps: context.steps.slice(1) }).stepLabels).toEqual(['step 0', 'step 1', 'step 2']);
  });

  it('the NPU charts get the partition and the estimate per operation', () => {
    const data = pictureData(report, {
      ...context,
      npu: {
        config: 'ethos-u55-128',
        placements: [
          { node: 0, op: 'CONV_2D', name: 'conv', unit: 'npu', region: 0 },
          { node: 1, op: 'SOFTMAX', name: 'softmax', unit: 'cpu', reason: 'not supported' },
        ],
        ops: [{ region: 0, what: 'CONV_2D #0', cycles: 1234, macs: 5678, bound: 'compute' }],
      },
    });
    expect(data.npu?.nodes.map((n) => [n.label, n.unit, n.region])).toEqual([
      ['0 CONV_2D', 'npu', '0'],
      ['1 SOFTMAX', 'cpu', ''],
    ]);
    expect(data.npu?.nodes[1]?.title).toContain('CPU: not supported');
    expect(data.npu?.ops[0]?.title).toBe('region 0: CONV_2D #0\n1,234 cycles, 5,678 MACs, bound by compute');
  });
});

describe('byteTicks', () => {
  it('ticks at round numbers of the unit the labels name', () => {
    expect(byteTicks(16000).map((t) => t.label)).toEqual(['0', '2 KiB', '4 KiB', '6 KiB', '8 KiB', '10 KiB', '12 KiB', '14 KiB']);
    expect(byteTicks(16000)[1]?.value).toBe(2048);
    expect(byteTicks(112).map((t) => t.value)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(byteTicks(112)[5]?.label).toBe('100 B');
    expect(byteTicks(3).map((t) => t.value)).toEqual([0, 1, 2, 3]);
    expect(byteTicks(6 * 1024 * 1024).map((t) => t.label)).toEqual(['0', '1 MiB', '2 MiB', '3 MiB', '4 MiB', '5 MiB', '6 MiB']);
  });
});
