/**
 * The catalogue of stable error codes. Codes are part of the public contract: tools and
 * users match on them, so a code is never renamed or reused. Keep the list sorted.
 */
export const ERROR_CODES = [
  'CLI_BAD_ARGUMENT',
  'CLI_OUTPUT_EXISTS',
  'GRAPH_CYCLE',
  'GRAPH_INVALID',
  'INPUT_COUNT_MISMATCH',
  'INPUT_FILE_UNREADABLE',
  'INPUT_SIZE_MISMATCH',
  'INTERNAL',
  'MODEL_BAD_IDENTIFIER',
  'MODEL_CORRUPT',
  'MODEL_FORMAT_UNKNOWN',
  'MODEL_INDEX_OUT_OF_RANGE',
  'MODEL_TOO_SMALL',
  'MODEL_UNREADABLE',
  'MODEL_UNSUPPORTED_FEATURE',
  'NO_KERNEL',
  'OP_ATTRIBUTE_INVALID',
  'OP_QUANTIZATION_INVALID',
  'OP_SHAPE_MISMATCH',
  'OP_TYPE_MISMATCH',
  'PLANNER_NOT_FOUND',
  'PLAN_DOES_NOT_FIT',
  'PLAN_INVALID',
  'PLUGIN_HOOK_FAILED',
  'PLUGIN_INVALID',
  'PLUGIN_NOT_FOUND',
  'TARGET_NOT_FOUND',
  'TOOLCHAIN_FAILED',
  'TOOLCHAIN_MISSING',
  'UNSUPPORTED_OPERATORS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
