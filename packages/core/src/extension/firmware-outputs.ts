import type { Target } from './target.js';

/**
 * A file a runner makes for the user's output folder. The runner only makes it: the caller
 * writes it, by the output folder's rules (nothing of the user's overwritten without --force).
 */
export interface FirmwareFile {
  /** Relative to the output folder, with `/`. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** A compiled model folder to turn into firmware for one board (`anvil project`, `anvil flash-image`). */
export interface FirmwareBuildRequest {
  /** Folder written by `anvil compile` (a scratch copy: the runner may build inside it). */
  readonly artifactDir: string;
  /** The artifact's C sources (folder-relative); absent: every `.c` under the folder. */
  readonly sources?: readonly string[];
  /** C identifier of the model. */
  readonly model: string;
  readonly target: Target;
  /** Board to build for, for runners with several; default: the target's. */
  readonly board?: string;
  readonly numInputs: number;
  readonly numOutputs: number;
  /** Firmware that serves the serial RPC (`anvil run --port`) instead of the semihosting main. */
  readonly hostDriven: boolean;
}

/** The build systems a firmware project can come with. */
export const PROJECT_TEMPLATES = ['make', 'cmake'] as const;
export type ProjectTemplate = (typeof PROJECT_TEMPLATES)[number];

export interface FirmwareProjectRequest extends FirmwareBuildRequest {
  /** Every file of the compiled folder (folder-relative): the project carries them all. */
  readonly files: readonly string[];
  readonly template: ProjectTemplate;
}

/** What a firmware build for a board reports besides its files. */
export interface FirmwareOutputs {
  readonly files: readonly FirmwareFile[];
  /** The board it is for. */
  readonly board: string;
  /** Host-driven firmware: the model identity its `hello` reports (16 hex digits). */
  readonly modelId?: string;
}

/** A standalone firmware project: sources, board files, build files and a README. */
export type FirmwareProjectResult = FirmwareOutputs;

export type FlashImageRequest = FirmwareBuildRequest;

/** The image files to flash (ELF, raw binary, Intel HEX) and what they occupy. */
export interface FlashImageResult extends FirmwareOutputs {
  /** Where the raw binary goes in the board's memory. */
  readonly loadAddress: number;
  /** Code, read-only data and the .data initialisers: the bytes flashed. */
  readonly flashBytes: number;
  /** Static RAM: .data, .bss (the arena) and the reserved stack. */
  readonly ramBytes: number;
}
