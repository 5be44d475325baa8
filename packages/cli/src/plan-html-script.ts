/**
 * The page's own script: reads the data element and fills each `.chart` placeholder with an
 * Observable Plot chart. Plain browser JavaScript kept as text, since it runs in the page and
 * not in Node; everything it could get wrong by computing is computed in plan-html-data.ts.
 */
export const PAGE_SCRIPT = String.raw`
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('plan-data').textContent);
  const byteAxis = (ticks) => {
    const labels = new Map(ticks.map((t) => [t.value, t.label]));
    return { ticks: ticks.map((t) => t.value), tickFormat: (v) => labels.get(v) ?? String(v) };
  };
  const BOUND = '#c0392b';
  const BUDGET = '#2563eb';
  const UNITS = { domain: ['npu', 'cpu'], range: ['#e67e22', '#5b8def'] };
  const stepAxis = {
    domain: [0, data.steps],
    ticks: data.stepLabels.map((_, i) => i + 0.5),
    tickFormat: (v) => data.stepLabels[Math.floor(v)] ?? '',
    tickRotate: -45,
    label: null,
  };
  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  const boundMarks = (withBudget) => [
    Plot.ruleY([data.lowerBound], { stroke: BOUND, strokeDasharray: '5 3', strokeWidth: 1.5 }),
    // Labels in the right margin, where no bar or label of the chart can be.
    Plot.text([data.lowerBound], { y: (d) => d, text: () => 'lower bound', frameAnchor: 'right', textAnchor: 'start', dx: 6, fill: BOUND }),
    ...(withBudget && data.budget !== null
      ? [
          Plot.ruleY([data.budget], { stroke: BUDGET, strokeDasharray: '2 2' }),
          Plot.text([data.budget], { y: (d) => d, text: () => 'budget', frameAnchor: 'right', textAnchor: 'start', dx: 6, fill: BUDGET }),
        ]
      : []),
  ];

  function planners() {
    const totals = data.planners.map((p) => ({
      planner: p,
      bytes: data.bars.filter((b) => b.planner === p).reduce((s, b) => s + b.bytes, 0),
    }));
    return Plot.plot({
      width: Math.max(560, 140 + 120 * data.planners.length),
      height: 320,
      marginLeft: 80,
      marginRight: 90,
      marginTop: 24,
      x: { domain: data.planners, label: null, padding: 0.35 },
      y: { domain: [0, data.totalMax], label: 'bytes', grid: true, ...byteAxis(data.totalTicks) },
      color: { domain: data.pools, scheme: 'tableau10' },
      marks: [
        Plot.barY(data.bars, { x: 'planner', y: 'bytes', fill: 'pool', title: 'title' }),
        Plot.text(totals, { x: 'planner', y: 'bytes', text: (d) => d.bytes.toLocaleString('en-US') + ' B', dy: -7 }),
        ...boundMarks(true),
        Plot.ruleY([0]),
      ],
    });
  }

  function placement(planner, pool) {
    const rects = data.rects.filter((r) => r.planner === planner && r.pool === pool);
    const single = data.pools.length === 1;
    return Plot.plot({
      width: data.width,
      height: 340,
      marginLeft: 80,
      marginRight: 90,
      marginTop: 16,
      marginBottom: data.stepMargin,
      x: stepAxis,
      y: { domain: [0, data.arenaMax], label: 'offset in ' + pool, grid: true, ...byteAxis(data.arenaTicks) },
      color: { type: 'identity' },
      marks: [
        Plot.rect(rects, {
          x1: 'first',
          x2: (r) => r.last + 1,
          y1: 'offset',
          y2: (r) => r.offset + r.bytes,
          fill: 'color',
          stroke: '#333',
          strokeWidth: 0.5,
          title: 'title',
        }),
        ...(single ? boundMarks(false) : []),
        Plot.frame({ stroke: '#bbb' }),
      ],
    });
  }

  function live() {
    return Plot.plot({
      width: data.width,
      height: 300,
      marginLeft: 80,
      marginRight: 90,
      marginTop: 16,
      marginBottom: data.stepMargin,
      x: { domain: data.stepLabels, label: null, tickRotate: -45, padding: 0.15 },
      y: { domain: [0, data.totalMax], label: 'live bytes', grid: true, ...byteAxis(data.totalTicks) },
      // Coloured by where the step runs only when an NPU takes some.
      ...(data.npu === null ? {} : { color: UNITS }),
      marks: [
        Plot.barY(data.live, { x: 'label', y: 'bytes', fill: data.npu === null ? '#5b8def' : 'unit', title: 'title' }),
        ...boundMarks(true),
        Plot.ruleY([0]),
      ],
    });
  }

  // Room below the axis for slanted labels: a label at 45° drops about 0.7 of its length.
  const slant = (labels) => Math.min(200, 30 + Math.max(0, ...labels.map((l) => l.length)) * 4.6);

  function npuNodes() {
    const nodes = data.npu.nodes;
    const bottom = slant(nodes.map((n) => n.label));
    return Plot.plot({
      width: Math.max(800, 120 + 26 * nodes.length),
      height: 90 + bottom,
      marginLeft: 80,
      marginRight: 90,
      marginBottom: bottom,
      x: { domain: nodes.map((n) => n.label), label: null, tickRotate: -45, padding: 0.05 },
      y: { domain: ['npu', 'cpu'], label: null, tickFormat: (u) => u.toUpperCase() },
      color: UNITS,
      marks: [
        Plot.cell(nodes, { x: 'label', y: 'unit', fill: 'unit', inset: 1, title: 'title' }),
        Plot.text(nodes, { x: 'label', y: 'unit', text: 'region', fill: 'white' }),
      ],
    });
  }

  function npuOps() {
    const ops = data.npu.ops;
    const bottom = slant(ops.map((o) => short(o.label, 36)));
    return Plot.plot({
      width: Math.max(800, 120 + 26 * ops.length),
      height: 200 + bottom,
      marginLeft: 80,
      marginRight: 90,
      marginBottom: bottom,
      x: { domain: ops.map((o) => o.label), label: null, tickRotate: -45, tickFormat: (s) => short(s, 36), padding: 0.15 },
      y: { label: 'cycles (estimate)', grid: true, tickFormat: (v) => (v === 0 ? '0' : d3.format('~s')(v)) },
      color: { domain: ['compute', 'memory'], range: ['#16a085', '#8e44ad'] },
      marks: [Plot.barY(ops, { x: 'label', y: 'cycles', fill: 'bound', title: 'title' }), Plot.ruleY([0])],
    });
  }

  const draw = {
    planners: () => planners(),
    placement: (el) => placement(Number(el.dataset.planner), el.dataset.pool),
    live: () => live(),
    'npu-nodes': () => npuNodes(),
    'npu-ops': () => npuOps(),
  };
  for (const el of document.querySelectorAll('.chart')) {
    const chart = draw[el.dataset.kind](el);
    el.append(chart);
    const key = chart.legend('color');
    if (key !== undefined && el.dataset.kind !== 'placement') el.after(key);
  }
})();
`;
