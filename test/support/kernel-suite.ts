import type { CodeSize, Graph } from '@anvil/core';
import { createInterpreterSession } from '@anvil/interp';
import { runFirmwareAsync } from '@anvil/host';
import type { FirmwareRun } from '@anvil/host';
import { conformanceInputs, firstDifference } from '@anvil/testing';
import type { ConformanceGraph } from '@anvil/testing';
import { buildForBoard } from './qemu-build.js';
import type { QemuBuild } from './qemu-build.js';
import { unionGraph } from './union-graph.js';

export interface BoardRun {
  readonly build: QemuBuild;
  readonly run: FirmwareRun;
  readonly firstOutput: readonly number[];
}

export interface KernelSuite {
  /** All cases as one model on a board at a code size: built and run once, shared by the tests asking. */
  boardRun(target: string, board: string, size: CodeSize): Promise<BoardRun>;
  /** The library kernel each case's nodes called, from the union's report (node names carry the case). */
  kernelsOf(r: BoardRun, g: Graph): Set<string>;
  /** Every difference between the board's outputs and the interpreter's, for these cases. */
  differences(r: BoardRun, mine: readonly ConformanceGraph[]): string[];
}

/**
 * The device kernel suites' machinery: every case of a board and code size is one union model,
 * one firmware, one QEMU boot over all seeds, and each case's outputs are compared with the
 * interpreter, a failure naming the case.
 */
export function kernelSuite(cases: readonly ConformanceGraph[], seeds: readonly number[]): KernelSuite {
  const runs = new Map<string, Promise<BoardRun>>();
  return {
    boardRun(target, board, size) {
      const key = `${target}/${board}/${size}`;
      const hit = runs.get(key);
      if (hit !== undefined) return hit;
      const started = (async () => {
        const { graph, firstOutput } = unionGraph(
          `kernels_${size}`,
          cases.map((c) => c.graph),
        );
        const build = await buildForBoard(graph, target, board, { codeSize: size });
        const sets = seeds.map((seed) => cases.flatMap((c) => conformanceInputs(c.graph, seed)));
        return { build, run: await runFirmwareAsync(build.firmware, build.board, sets, build.outputBytes), firstOutput };
      })();
      runs.set(key, started);
      return started;
    },
    kernelsOf(r, g) {
      return new Set(
        r.build.compiled.report.nodes
          .filter((n) => n.name.startsWith(`${g.name}/`) && n.kernel !== undefined)
          .map((n) => n.kernel as string),
      );
    },
    differences(r, mine) {
      const failures: string[] = [];
      for (const c of mine) {
        const k = cases.indexOf(c);
        // One boot runs the seeds in turn, so a stateful case carries its state: so does a session.
        const session = createInterpreterSession(c.graph);
        seeds.forEach((seed, s) => {
          const want = session.run(conformanceInputs(c.graph, seed));
          want.forEach((bytes, o) => {
            const got = r.run.outputs[s]?.[(r.firstOutput[k] as number) + o] ?? new Uint8Array(0);
            const at = firstDifference(got, bytes);
            if (at >= 0)
              failures.push(
                `${c.title}, seed ${seed}, output ${o}: first difference at byte ${at} (got ${got[at]}, interpreter ${bytes[at]})`,
              );
          });
        });
      }
      return failures;
    },
  };
}
