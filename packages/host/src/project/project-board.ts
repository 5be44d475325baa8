import { errors, fail } from '@anvil/core';
import type { Target } from '@anvil/core';
import { BOARDS, boardFor } from '../boards.js';
import type { Board } from '../boards.js';

/** The board a firmware is made for: the one named, or the target's default; a typed error otherwise. */
export function requireBoard(target: Target, name: string | undefined): Board {
  const board = boardFor(target.name, name);
  if (board === undefined)
    fail(
      errors.targetNotFound(
        `${name ?? '(default board)'} for ${target.name}`,
        BOARDS.filter((b) => b.targets.includes(target.name)).map((b) => b.name),
      ),
    );
  return board;
}
