import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@anvil/testing';
import { runCli } from './support/run-cli.js';

// `anvil plan --html` as a user runs it, then the page opened in headless Chromium (Debian's
// package): it must draw every chart without a script error, from the inlined libraries alone.

/** Debian's chromium, else whichever `chromium` is on PATH. */
function findChromium(): string | undefined {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const r = spawnSync('which', ['chromium'], { encoding: 'utf8' });
  const path = r.status === 0 ? r.stdout.trim() : '';
  return path === '' ? undefined : path;
}

const executablePath = findChromium();
const reason = executablePath === undefined ? '(skipped: chromium not found; install Debian package chromium)' : '';
// A missing browser must never pass CI: there the tests run, and fail in beforeAll.
const skip = executablePath === undefined && process.env['CI'] !== 'true';

const model = join(REPO_ROOT, 'examples/kws_ref_model.tflite');
const work = mkdtempSync(join(tmpdir(), 'anvil-plan-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  planners: Array<{
    planner: string;
    error?: string;
    pools: Array<{ name: string; used: number }>;
    buffers: Array<{ name: string; pool: string; bytes: number }>;
  }>;
}

interface Rendered {
  /** Script errors and console errors, in the order they came. */
  readonly errors: string[];
  /** Each `.chart` placeholder's kind and how many SVGs Plot put in it. */
  readonly charts: Array<{ kind: string; svgs: number }>;
  readonly yTicks: string[][];
  readonly xTicks: string[][];
  readonly barTicks: string[];
  readonly titles: string[];
  readonly npuRows: string[];
}

// The kws model's operators (what the x axes must name, one per step).
const OPS = ['CONV_2D', 'DEPTHWISE_CONV_2D', 'AVERAGE_POOL_2D', 'FULLY_CONNECTED', 'SOFTMAX'];
const BYTES = /^(0|[\d,.]+ (B|KiB|MiB))$/;

describe.skipIf(skip)(`anvil plan --html in headless Chromium ${reason}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    if (executablePath === undefined)
      throw new Error('CI=true: chromium not found (install Debian package chromium); the page must be checked in CI');
    browser = await chromium.launch({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Runs the real CLI with `--json --html`, opens the page and reads what it drew. */
  async function planPage(name: string, extra: readonly string[]): Promise<{ report: Report; page: Rendered }> {
    const file = join(work, `${name}.html`);
    const r = runCli(['plan', model, '--planners', 'all', '--json', '--html', file, ...extra]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    // Offline by construction: any request other than the file itself would be an error.
    await page.route(/^(?!file:)/, (route) => {
      errors.push(`request: ${route.request().url()}`);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const texts = (selector: string): Promise<string[][]> =>
      page.$$eval(selector, (els) => els.map((el) => [...el.querySelectorAll('text')].map((t) => t.textContent ?? '')));
    const rendered: Rendered = {
      errors,
      charts: await page.$$eval('.chart', (els) =>
        els.map((el) => ({ kind: el.getAttribute('data-kind') ?? '', svgs: el.querySelectorAll(':scope > svg').length })),
      ),
      yTicks: await texts('.chart[data-kind=placement] > svg g[aria-label="y-axis tick label"]'),
      xTicks: await texts('.chart[data-kind=placement] > svg g[aria-label="x-axis tick label"]'),
      barTicks: (await texts('.chart[data-kind=planners] > svg g[aria-label="x-axis tick label"]')).flat(),
      titles: await page.$$eval('.chart[data-kind=placement] rect > title', (els) => els.map((t) => t.textContent ?? '')),
      npuRows: (await texts('.chart[data-kind=npu-nodes] > svg g[aria-label="y-axis tick label"]')).flat(),
    };
    await page.close();
    return { report, page: rendered };
  }

  /** What every page shares: no errors, one SVG per chart, one byte scale, steps named by operator. */
  function expectPlanCharts(report: Report, page: Rendered): void {
    expect(page.errors).toEqual([]);
    expect(page.charts.every((c) => c.svgs === 1)).toBe(true);
    const planned = report.planners.filter((p) => p.error === undefined);
    const pools = planned.flatMap((p) => p.pools.filter((q) => p.buffers.some((b) => b.pool === q.name && b.bytes > 0)));
    expect(page.charts.filter((c) => c.kind === 'placement')).toHaveLength(pools.length);
    expect(page.charts.filter((c) => c.kind === 'planners')).toHaveLength(1);
    expect(page.charts.filter((c) => c.kind === 'live')).toHaveLength(1);
    expect(page.barTicks).toEqual(planned.map((p) => p.planner));
    // One y scale for every plan: the same byte ticks on each placement chart.
    expect(page.yTicks).toHaveLength(pools.length);
    for (const ticks of page.yTicks) expect(ticks).toEqual(page.yTicks[0]);
    expect(page.yTicks[0]?.length).toBeGreaterThanOrEqual(3);
    for (const t of page.yTicks[0] ?? []) expect(t).toMatch(BYTES);
    expect(page.yTicks[0]?.some((t) => t.endsWith(' KiB'))).toBe(true);
    // Every step labelled with its operator, e.g. "1 DEPTHWISE_CONV_2D".
    for (const ticks of page.xTicks) for (const [i, t] of ticks.entries()) expect(t).toMatch(new RegExp(`^${i} [A-Z_0-9]+$`));
    const name = planned[0]?.buffers.find((b) => b.bytes > 0)?.name ?? '';
    expect(page.titles.some((t) => t.startsWith(`${name}\n`) && /[\d,]+ B at offset [\d,]+ in /.test(t))).toBe(true);
  }

  it('the shipped kws model: the bar chart, live bytes and a placement chart per planner', async () => {
    const { report, page } = await planPage('kws', []);
    expectPlanCharts(report, page);
    expect(page.charts.map((c) => c.kind).filter((k) => k.startsWith('npu'))).toEqual([]);
    const steps = page.xTicks[0] ?? [];
    expect(steps).toHaveLength(13);
    for (const op of OPS)
      expect(
        steps.some((t) => t.endsWith(` ${op}`)),
        op,
      ).toBe(true);
  });

  it('--npu ethos-u55-128: which nodes the NPU takes, and its cycles per operation', async () => {
    const { report, page } = await planPage('kws-npu', ['--npu', 'ethos-u55-128']);
    expectPlanCharts(report, page);
    expect(page.charts.map((c) => c.kind).filter((k) => k.startsWith('npu'))).toEqual(['npu-nodes', 'npu-ops']);
    expect(page.npuRows).toEqual(['NPU', 'CPU']);
    // The whole model, SOFTMAX included, is one NPU region: one step.
    expect(page.xTicks[0]).toEqual(['0 OFFLOAD_REGION']);
  });

  it('two pools: a placement chart per pool per planner, all on one scale, the pools stacked in the bars', async () => {
    const { report, page } = await planPage('kws-pools', ['--pool', 'dtcm:8KiB', '--pool', 'sram:64KiB']);
    expectPlanCharts(report, page);
    const planned = report.planners.filter((p) => p.error === undefined);
    expect(page.charts.filter((c) => c.kind === 'placement')).toHaveLength(2 * planned.length);
  });
});
