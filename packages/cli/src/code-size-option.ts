import { CODE_SIZES, errors, fail } from '@anvil/core';
import type { CodeSize } from '@anvil/core';

/** `--code-size`: one of `CODE_SIZES`, or a usage error that lists them. */
export function parseCodeSize(text: string): CodeSize {
  const found = CODE_SIZES.find((c) => c === text);
  if (found === undefined)
    fail(
      errors.cliBadArgument(
        `--code-size ${text} is not a code size`,
        `choose ${CODE_SIZES.join(', ')}: small shares one instance of each kernel (least flash), fast specialises every call (fastest), balanced specialises the heaviest`,
      ),
    );
  return found;
}
