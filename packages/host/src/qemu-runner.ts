import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { Footprint, RunRequest, RunResult, Runner } from '@anvil/core';
import type { CompileReport } from '@anvil/codegen-c';
import { BOARDS, boardFor } from './boards.js';
import type { Board } from './boards.js';
import { runHostDriven } from './run-host-driven.js';
import { runOnPort } from './run-on-port.js';
import { buildFirmwareAsync } from './build-firmware.js';
import type { Firmware } from './build-firmware.js';
import { runFirmwareAsync, stepCosts } from './run-firmware.js';
import type { FirmwareRun } from './run-firmware.js';
import { firmwareProject } from './project/firmware-project.js';
import { flashImage } from './project/flash-image.js';

/** Flash and RAM of a firmware image, with the measured stack high-water mark. */
export function footprintOf(fw: Firmware, arenaBytes: number, stackBytes: number): Footprint {
  const s = (name: string): number => fw.sections[name] ?? 0;
  return {
    flashBytes: s('.text') + s('.ARM.exidx') + s('.rodata') + s('.data'),
    modelFlashBytes: fw.modelText + fw.modelData,
    // .noinit holds the host-driven firmware's fault record: RAM like .bss, only never cleared.
    ramBytes: s('.data') + s('.bss') + s('.noinit') + stackBytes,
    arenaBytes,
    stackBytes,
  };
}

/** Program steps that call a kernel (views call none), from the artifact's report.json. */
export function callSteps(artifactDir: string): number[] {
  const report = JSON.parse(readFileSync(join(artifactDir, 'report.json'), 'utf8')) as CompileReport;
  return report.nodes.filter((n) => n.function !== undefined).map((n) => n.step);
}

/**
 * Iterations one QEMU run takes. Every iteration is a set of input and output files and an
 * emulated inference, and the whole run has one time limit; the counts do not vary anyway.
 */
export const MAX_QEMU_ITERATIONS = 100;

/**
 * Builds standalone firmware for the target's board and runs it under QEMU. The cost is the
 * exact number of guest instructions per inference (an ISA-level cost model, not cycles).
 */
export const qemuRunner: Runner = {
  name: 'qemu',
  canRun: (target) => BOARDS.some((b) => b.targets.includes(target.name)),
  boards: (target) => BOARDS.filter((b) => b.targets.includes(target.name)).map((b) => b.name),
  canProfile: true,
  canHostDrive: true,
  // A standalone project, and image files to flash, for the same firmware `run` builds.
  project: firmwareProject,
  flashImage,
  async run(request: RunRequest): Promise<RunResult> {
    // Sanitizers exist only for host builds; ignoring the request would be a silent fallback.
    if (request.sanitize === true) {
      fail(
        errors.cliBadArgument(
          `--sanitize builds for the host only; ${request.target.name} runs on a QEMU board`,
          'drop --sanitize, or use --target host',
        ),
      );
    }
    const iterations = request.iterations ?? 1;
    if (iterations > MAX_QEMU_ITERATIONS) {
      fail(
        errors.cliBadArgument(
          `--iterations ${iterations}: a QEMU board runs at most ${MAX_QEMU_ITERATIONS}`,
          'instruction counts are exact and the same on every run, so one iteration measures the model; each takes one emulated run and its own input files',
        ),
      );
    }
    if (request.port !== undefined) {
      const sets = Array.from({ length: Math.max(1, iterations) }, () => request.inputs);
      const r = await runOnPort({
        path: request.port.path,
        baud: request.port.baud,
        artifactDir: request.artifactDir,
        model: request.model,
        inputSets: sets,
        outputBytes: request.outputBytes,
        profile: request.profile === true,
        ...(request.onPhase === undefined ? {} : { onPhase: request.onPhase }),
      });
      // A real board's cost is what its own counter says, in the kind it states; firmware without one reports none.
      const steps = r.stepCounts;
      return {
        outputs: r.outputs[r.outputs.length - 1] ?? [],
        ...(r.counts === undefined ? {} : { cost: { value: r.counts[0] ?? 0, unit: r.countKind } }),
        ...(r.counts !== undefined && r.counts.length > 1 ? { costs: r.counts } : {}),
        ...(steps === undefined ? {} : { profile: callSteps(request.artifactDir).map((step) => ({ step, value: steps[step] ?? 0 })) }),
        board: request.port.path,
      };
    }
    const board = boardFor(request.target.name, request.board);
    if (board === undefined)
      fail(
        errors.targetNotFound(
          `${request.board ?? '(default board)'} for ${request.target.name}`,
          BOARDS.filter((b) => b.targets.includes(request.target.name)).map((b) => b.name),
        ),
      );
    const profile = request.profile === true;
    const hostDriven = request.hostDriven === true;
    // Built and run in the background: a progress line can tick, and several runs (tune --jobs) overlap.
    request.onPhase?.({ stage: 'build' });
    const fw = await buildFirmwareAsync({
      artifactDir: request.artifactDir,
      ...(request.sources === undefined ? {} : { sources: request.sources }),
      model: request.model,
      target: request.target,
      board,
      numInputs: request.inputs.length,
      numOutputs: request.outputBytes.length,
      profile,
      hostDriven,
    });
    const sets = Array.from({ length: Math.max(1, iterations) }, () => request.inputs);
    // Host-driven: one boot, every inference through the board's UART; otherwise one semihosting boot for all sets.
    const r = hostDriven
      ? await runHostDriven(fw, board, sets, request.outputBytes, request.onPhase === undefined ? {} : { onPhase: request.onPhase })
      : await bootAndRun(fw, board, sets, request);
    const report = JSON.parse(readFileSync(join(request.artifactDir, 'report.json'), 'utf8')) as CompileReport;
    const result: RunResult = {
      outputs: r.outputs[r.outputs.length - 1] ?? [],
      cost: { value: r.instructions[0] ?? 0, unit: 'instructions' },
      footprint: footprintOf(fw, report.arenaBytes, r.stackBytes),
      board: board.name,
      ...(r.instructions.length > 1 ? { costs: r.instructions } : {}),
    };
    return profile ? { ...result, profile: stepCosts(r.calls, callSteps(request.artifactDir)) } : result;
  },
};

/** One semihosting boot for every set; the boot is the phase a progress line shows. */
function bootAndRun(fw: Firmware, board: Board, sets: readonly (readonly Uint8Array[])[], request: RunRequest): Promise<FirmwareRun> {
  request.onPhase?.({ stage: 'boot', board: board.name });
  return runFirmwareAsync(fw, board, sets, request.outputBytes);
}
