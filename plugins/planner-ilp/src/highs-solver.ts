import highsLoader from 'highs';
import type { Mip, MipOutcome, MipSolver } from './mip.js';

type Highs = Awaited<ReturnType<typeof highsLoader>>;

// The WebAssembly module loads asynchronously once, when the plugin is imported: solving is
// synchronous, as the MemoryPlanner contract requires, so it cannot wait for a first plan.
// Where WebAssembly cannot be instantiated (a tight `ulimit -v` leaves no room for the
// memory V8 reserves), the plugin must still load, or every command would fail at start-up.
let highs: Highs | undefined;
let unavailable: string | undefined;
try {
  highs = await highsLoader();
} catch (e) {
  unavailable = e instanceof Error ? e.message : String(e);
}

/** Why HiGHS could not be loaded in this process, or undefined when it is ready. */
export function highsUnavailable(): string | undefined {
  return unavailable;
}

const term = (coefficient: number, variable: string): string => `${coefficient < 0 ? '-' : '+'} ${Math.abs(coefficient)} ${variable}`;

/** The MIP in CPLEX LP format, which HiGHS reads. */
export function lpText(mip: Mip): string {
  const rows = mip.constraints.map((c) => {
    const lhs = c.terms.map(([v, k]) => term(k, v)).join(' ');
    const parts: string[] = [];
    if (c.max !== undefined) parts.push(` ${c.name}_u: ${lhs} <= ${c.max}`);
    if (c.min !== undefined) parts.push(` ${c.name}_l: ${lhs} >= ${c.min}`);
    return parts.join('\n');
  });
  const bounds = mip.variables.map((v) => (v.lower === v.upper ? ` ${v.name} = ${v.lower}` : ` ${v.lower} <= ${v.name} <= ${v.upper}`));
  const general = mip.variables.filter((v) => v.kind === 'integer').map((v) => v.name);
  const binary = mip.variables.filter((v) => v.kind === 'binary').map((v) => v.name);
  return [
    'Minimize',
    ` obj: ${mip.objective}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(general.length > 0 ? ['General', ` ${general.join(' ')}`] : []),
    ...(binary.length > 0 ? ['Binary', ` ${binary.join(' ')}`] : []),
    'End',
    '',
  ].join('\n');
}

/**
 * HiGHS (branch and cut, compiled to WebAssembly): much stronger bounds than
 * javascript-lp-solver, so it proves optimality where the pure-JS solver runs out of time.
 * When it could not be loaded (`highsUnavailable`) it answers `unknown`: the ilp planner
 * keeps the best plan the other solver found, and claims no proof it did not get.
 */
export const highsSolver: MipSolver = {
  name: 'HiGHS',
  solve(mip: Mip, timeLimitMs: number): MipOutcome {
    if (highs === undefined) return { status: 'unknown' };
    const solution = highs.solve(lpText(mip), { time_limit: Math.max(0.01, timeLimitMs / 1000), output_flag: false });
    if (solution.Status === 'Infeasible') return { status: 'infeasible' };
    const columns = solution.Columns as Record<string, { Primal?: number } | undefined>;
    const values = new Map<string, number>();
    for (const v of mip.variables) {
      const x = columns[v.name]?.Primal;
      if (typeof x !== 'number') return { status: 'unknown' };
      values.set(v.name, x);
    }
    return { status: 'solved', values, proven: solution.Status === 'Optimal' };
  },
};
