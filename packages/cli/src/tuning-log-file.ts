import { readFileSync } from 'node:fs';
import { errors, fail, parseTuningLog } from '@anvil/core';
import type { TuningLog } from '@anvil/core';

/** A tuning log file (`--tuning-log`, `tune --resume`): unreadable or malformed is a typed error. */
export function readTuningLog(path: string): TuningLog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    fail(errors.inputFileUnreadable(path, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  return parseTuningLog(text, path);
}
