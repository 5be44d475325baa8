import highsLoader from 'highs';
import type { Mip, MipOutcome, MipSolver } from './mip.js';

// The WebAssembly module loads asynchronously once, when the plugin is imported; solving
// itself is synchronous, as the MemoryPlanner contract requires.
const highs = await highsLoader();

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
 */
export const highsSolver: MipSolver = {
  name: 'HiGHS',
  solve(mip: Mip, timeLimitMs: number): MipOutcome {
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
