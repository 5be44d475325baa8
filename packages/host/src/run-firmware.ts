import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, fail } from '@anvil/core';
import type { StepCost } from '@anvil/core';
import type { Board } from './boards.js';
import type { Firmware } from './build-firmware.js';
import type { Mark } from './qemu-launcher.js';
import { qemuSteps } from './qemu-launcher.js';
import { runToolSteps, runToolStepsAsync, tail } from './tools.js';
import type { ToolSteps } from './tools.js';

/** Mark ids; they must match runtime-c/boards/common/anvil_board.h. */
const MARK_BEGIN = 1;
const MARK_END = 2;
const MARK_TICK = 3;
const MARK_ENTRIES = 4;

export interface FirmwareRun {
  /** Outputs per input set, in model order. */
  readonly outputs: readonly (readonly Uint8Array[])[];
  /** Instructions per inference, per input set. */
  readonly instructions: readonly number[];
  /** Instructions per tick pair (one per kernel call) of the first inference, when profiled. */
  readonly calls: readonly number[];
  /** Stack high-water mark over all inferences. */
  readonly stackBytes: number;
}

function pairs(marks: readonly Mark[], begin: number, end: number): number[] {
  const out: number[] = [];
  let start: number | undefined;
  for (const m of marks) {
    if (m.id === begin) start = m.count;
    else if (m.id === end && start !== undefined) {
      out.push(m.count - start);
      start = undefined;
    }
  }
  return out;
}

/**
 * Runs a built firmware once over several input sets (one QEMU launch, so a test pays the
 * emulator's start-up once per model), returning every set's outputs and instruction count.
 */
export function runFirmware(
  fw: Firmware,
  board: Board,
  inputSets: readonly (readonly Uint8Array[])[],
  outputBytes: readonly number[],
): FirmwareRun {
  return runToolSteps(firmwareRunSteps(fw, board, inputSets, outputBytes));
}

/** `runFirmware` with QEMU running in the background. */
export function runFirmwareAsync(
  fw: Firmware,
  board: Board,
  inputSets: readonly (readonly Uint8Array[])[],
  outputBytes: readonly number[],
): Promise<FirmwareRun> {
  return runToolStepsAsync(firmwareRunSteps(fw, board, inputSets, outputBytes));
}

function* firmwareRunSteps(
  fw: Firmware,
  board: Board,
  inputSets: readonly (readonly Uint8Array[])[],
  outputBytes: readonly number[],
): ToolSteps<FirmwareRun> {
  inputSets.forEach((inputs, s) => inputs.forEach((bytes, k) => writeFileSync(join(fw.buildDir, `in${s}_${k}.bin`), bytes)));
  const r = yield* qemuSteps({
    board,
    elf: fw.elf,
    cwd: fw.buildDir,
    args: ['firmware', String(inputSets.length)],
    sled: { address: fw.sled, entries: MARK_ENTRIES },
    ...(fw.cpu === undefined ? {} : { cpu: fw.cpu }),
  });
  if (r.status !== 0 || r.timedOut) {
    const why = r.timedOut ? 'timed out' : `exit ${r.status ?? 'none'}`;
    fail(errors.toolchainFailed(`running ${fw.elf} on ${board.name} (${why})`, tail(`${r.stderr}\n${r.stdout}`)));
  }
  const outputs = inputSets.map((_, s) => outputBytes.map((_, k) => new Uint8Array(readFileSync(join(fw.buildDir, `out${s}_${k}.bin`)))));
  const instructions = pairs(r.marks, MARK_BEGIN, MARK_END);
  if (instructions.length !== inputSets.length)
    fail(
      errors.toolchainFailed(
        `counting instructions on ${board.name}`,
        `expected ${inputSets.length} inference marks, got ${instructions.length}`,
      ),
    );
  // Tick marks come in (before, after) pairs around each kernel call; keep the first inference's.
  const firstEnd = r.marks.findIndex((m) => m.id === MARK_END);
  const ticks = r.marks.slice(0, firstEnd).filter((m) => m.id === MARK_TICK);
  const calls: number[] = [];
  for (let i = 0; i + 1 < ticks.length; i += 2) calls.push((ticks[i + 1] as Mark).count - (ticks[i] as Mark).count);
  const stackBytes = Number(/stack_bytes (\d+)/.exec(`${r.stdout}\n${r.stderr}`)?.[1] ?? NaN);
  return { outputs, instructions, calls, stackBytes };
}

/** Spreads per-call costs over the program's steps that make calls (views make none). */
export function stepCosts(calls: readonly number[], callSteps: readonly number[]): StepCost[] {
  return callSteps.slice(0, calls.length).map((step, i) => ({ step, value: calls[i] as number }));
}
