import type { ErrorCode } from './codes.js';

/** What every error builder returns: enough for a one-line CLI message and a fix. */
export interface ErrorInfo {
  readonly code: ErrorCode;
  readonly message: string;
  /** What the user can do about it. */
  readonly hint: string;
  /** Structured facts for `--json` output and tests (e.g. the unsupported operators). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one exception type Anvil throws on purpose. Anything else escaping a stage is a bug
 * and is wrapped as INTERNAL at the CLI edge.
 */
export class AnvilError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options);
    this.name = 'AnvilError';
    this.code = info.code;
    this.hint = info.hint;
    this.details = info.details ?? {};
  }

  /** `CODE: message (hint)` on one line, as the CLI prints it. */
  oneLine(): string {
    return `${this.code}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function isAnvilError(e: unknown): e is AnvilError {
  return e instanceof AnvilError;
}

/** Throws the error an `ErrorInfo` builder made; keeps call sites to one expression. */
export function fail(info: ErrorInfo, cause?: unknown): never {
  throw new AnvilError(info, cause === undefined ? undefined : { cause });
}
