/**
 * How library kernels are instantiated (`--code-size`): `fast` specialises every call (a
 * per-node function whose constants the C compiler folds into the loops), `small` shares one
 * out-of-line instance per kernel, `balanced` specialises only the calls that carry most of
 * the work.
 */
export const CODE_SIZES = ['small', 'balanced', 'fast'] as const;
export type CodeSize = (typeof CODE_SIZES)[number];
export const DEFAULT_CODE_SIZE: CodeSize = 'balanced';
