import { describe, expect, it } from 'vitest';
import { compile, nodeLabel } from '@anvil/core';
import type { CompileServices, CompiledModel, Graph, KernelStrategy, OpType, Target } from '@anvil/core';
import { PORTABLE_STRATEGIES } from '@anvil/codegen-c';
import { greedyBySize } from '@anvil/planner-greedy';
import type { ConformanceGraph } from './edge-shapes.js';
import { edgeShapes, graphsWithOp } from './edge-shapes.js';
import { DEFAULT_SEEDS, expectHostRunMatchesInterpreter, hostCompiler } from './host-check.js';

export interface StrategyConformance {
  /** The target the strategies are for: graphs are compiled for it, so claims see its features. */
  readonly target: Target;
  /** The strategies under test (a target plugin's kernels). */
  readonly strategies: readonly KernelStrategy[];
  /** More graphs, e.g. the shapes a kernel specialises on; each runs under every listed op it contains. */
  readonly graphs?: readonly ConformanceGraph[];
  /** Input seeds each graph runs on (default 1 to 4). */
  readonly seeds?: readonly number[];
}

/** What the pipeline draws on in the kit: the strategies under test, the portable C kernels, greedy-by-size. */
export function strategyServices(target: Target, strategies: readonly KernelStrategy[]): CompileServices {
  return {
    importers: [],
    targets: [target],
    strategies: [...strategies, ...PORTABLE_STRATEGIES.filter((p) => !strategies.includes(p))],
    offloaders: [],
    planners: [greedyBySize],
    pinResolvers: [],
  };
}

/** One lowered node: the strategy the pipeline chose and those under test that claimed it. */
export interface StrategyChoice {
  readonly node: string;
  readonly op: OpType;
  readonly chosen: string;
  readonly claimedBy: readonly string[];
}

/** Every kernel step of a compiled model, with which strategies under test claim its node. */
export function strategyChoices(compiled: CompiledModel, strategies: readonly KernelStrategy[]): StrategyChoice[] {
  return compiled.program.steps.flatMap((step) => {
    const node = compiled.graph.nodes[step.nodeId];
    if (step.kernel === undefined || node === undefined) return [];
    const claimedBy = strategies
      .filter((s) => s.ops.includes(node.op) && s.claim(node, compiled.graph, compiled.target) !== undefined)
      .map((s) => s.name);
    return [{ node: nodeLabel(node), op: node.op, chosen: step.strategy, claimedBy }];
  });
}

/**
 * Registers the kernel-strategy conformance suite (vitest). For every op the strategies list,
 * small int8 graphs in edge shapes (see `edgeShapes`, plus `graphs`) are compiled with core's
 * `compile` for `target`, with the strategies under test beside codegen-c's portable
 * kernels; wherever a strategy under test claims a node it must be the one chosen, and at
 * least one node of each listed op must go to it. Each graph's C is emitted, built with the
 * host's gcc under ASan and UBSan, and run on several inputs: every output byte-identical to
 * the interpreter. The build always uses the host toolchain, whatever the target's own
 * toolchain is, so kernels must be C the host compiler accepts (code behind ISA intrinsics
 * needs a device or simulator suite instead). Without gcc the builds skip, except under CI=true.
 *
 *     describeStrategyConformance({ target: myTarget, strategies: [myFullyConnected] });
 */
export function describeStrategyConformance(o: StrategyConformance): void {
  const names = new Set(o.strategies.map((s) => s.name));
  const label = [...names].join(', ');
  const services = strategyServices(o.target, o.strategies);
  const all = [...edgeShapes(), ...(o.graphs ?? [])];
  const ops = [...new Set(o.strategies.flatMap((s) => s.ops))];
  const compiled = new Map<Graph, CompiledModel>();
  const compiledOf = (graph: Graph): CompiledModel => {
    const hit = compiled.get(graph);
    if (hit !== undefined) return hit;
    const c = compile(graph, { target: o.target.name, planner: greedyBySize.name }, services);
    compiled.set(graph, c);
    return c;
  };
  const host = hostCompiler();
  const built = new Set<Graph>();

  describe(`strategy conformance: ${label} on ${o.target.name}`, () => {
    it('names its strategies apart from the portable C kernels (reports and this kit tell them apart by name)', () => {
      const clash = PORTABLE_STRATEGIES.filter((p) => names.has(p.name) && !o.strategies.includes(p)).map((p) => p.name);
      expect(clash).toEqual([]);
    });
    for (const op of ops) {
      describe(op, () => {
        // A graph with several listed ops (a chain) is built once, under the first of them.
        for (const { title, graph } of graphsWithOp(all, op).filter((g) => !built.has(g.graph))) {
          built.add(graph);
          it.skipIf(host.skip)(`${title}${host.skip ? ` (skipped: ${host.reason})` : ''}`, () => {
            const c = compiledOf(graph);
            for (const choice of strategyChoices(c, o.strategies)) {
              if (choice.claimedBy.length === 0) continue;
              expect(
                names.has(choice.chosen),
                `${choice.node}: ${choice.claimedBy.join(', ')} claim it, yet ${choice.chosen} won (raise the priority or use tier 'target')`,
              ).toBe(true);
            }
            expectHostRunMatchesInterpreter(graph, c, o.seeds ?? DEFAULT_SEEDS);
          });
        }
        it(`at least one ${op} node is lowered by ${label}`, () => {
          const choices = graphsWithOp(all, op).flatMap((g) => strategyChoices(compiledOf(g.graph), o.strategies));
          const ours = choices.filter((c) => c.op === op && names.has(c.chosen));
          expect(
            ours.length,
            `no edge-shape graph has a ${op} node that ${label} claims: pass graphs in the shapes it supports (option graphs)`,
          ).toBeGreaterThan(0);
        });
      });
    }
  });
}
