import type { ErrorInfo } from './anvil-error.js';

/** Builders for every error code, so messages and hints are written once. */

export const modelTooSmall = (bytes: number, need: number): ErrorInfo => ({
  code: 'MODEL_TOO_SMALL',
  message: `model file is ${bytes} bytes; at least ${need} are needed for a header`,
  hint: 'the file is truncated or is not a model; export it again',
});

export const modelBadIdentifier = (found: string, expected: string): ErrorInfo => ({
  code: 'MODEL_BAD_IDENTIFIER',
  message: `file identifier is "${found}", expected "${expected}"`,
  hint: 'this is not a TFLite flatbuffer; pass a .tflite file written by the TFLite converter',
});

export const modelFormatUnknown = (name: string): ErrorInfo => ({
  code: 'MODEL_FORMAT_UNKNOWN',
  message: `no importer recognises ${name}`,
  hint: 'supported formats: TFLite (.tflite); load an importer plugin for other formats',
});

export const modelCorrupt = (what: string): ErrorInfo => ({
  code: 'MODEL_CORRUPT',
  message: `model is corrupt: ${what}`,
  hint: 'the file is damaged or truncated; export or download it again',
});

export const modelIndexOutOfRange = (what: string, index: number, size: number): ErrorInfo => ({
  code: 'MODEL_INDEX_OUT_OF_RANGE',
  message: `${what} index ${index} is out of range (0..${size - 1})`,
  hint: 'the model refers to something that does not exist; export it again',
});

export const modelUnsupportedFeature = (what: string, hint: string): ErrorInfo => ({
  code: 'MODEL_UNSUPPORTED_FEATURE',
  message: `unsupported model feature: ${what}`,
  hint,
});

export const modelUnreadable = (path: string, reason: string, hint = 'check the path and its permissions'): ErrorInfo => ({
  code: 'MODEL_UNREADABLE',
  message: `cannot read model ${path}: ${reason}`,
  hint,
});

export const modelTooLarge = (path: string, bytes: number, limit: number): ErrorInfo => ({
  code: 'MODEL_TOO_LARGE',
  message: `model ${path} is ${bytes} bytes, more than the limit of ${limit} bytes (${(limit / 2 ** 20).toFixed(limit % 2 ** 20 === 0 ? 0 : 2)} MiB)`,
  hint: 'models for microcontrollers are far smaller; if this one really is a model, raise the limit with ANVIL_MAX_MODEL_BYTES',
  details: { bytes, limit },
});

export const unsupportedOperators = (counts: ReadonlyMap<string, number>): ErrorInfo => {
  const list = [...counts].map(([op, n]) => `${op} ×${n}`).join(', ');
  return {
    code: 'UNSUPPORTED_OPERATORS',
    message: `model uses operators Anvil does not support: ${list}`,
    hint: 'replace them in the training graph, or load a plugin that supports them',
    details: { operators: Object.fromEntries(counts) },
  };
};

export const graphInvalid = (what: string): ErrorInfo => ({
  code: 'GRAPH_INVALID',
  message: `graph is invalid: ${what}`,
  hint: 'the model is inconsistent; export it again or report it if it came from a pass',
});

export const graphCycle = (tensors: readonly string[]): ErrorInfo => ({
  code: 'GRAPH_CYCLE',
  message: `graph has a cycle through tensors ${tensors.join(', ')}`,
  hint: 'Anvil compiles acyclic graphs only; export the model without control flow',
});

export const opShapeMismatch = (node: string, what: string): ErrorInfo => ({
  code: 'OP_SHAPE_MISMATCH',
  message: `${node}: ${what}`,
  hint: 'the stored shapes do not agree with the operator; export the model again',
});

export const opTypeMismatch = (node: string, what: string): ErrorInfo => ({
  code: 'OP_TYPE_MISMATCH',
  message: `${node}: ${what}`,
  hint: 'Anvil compiles int8-quantized models; quantize the model with full-integer quantization',
});

export const opAttributeInvalid = (node: string, what: string): ErrorInfo => ({
  code: 'OP_ATTRIBUTE_INVALID',
  message: `${node}: ${what}`,
  hint: 'the operator options are out of range; export the model again',
});

export const opQuantizationInvalid = (node: string, what: string): ErrorInfo => ({
  code: 'OP_QUANTIZATION_INVALID',
  message: `${node}: ${what}`,
  hint: 'quantize the model with full-integer (int8) post-training quantization; if it is, the file is damaged: export it again',
});

export const inputCountMismatch = (given: number, expected: number): ErrorInfo => ({
  code: 'INPUT_COUNT_MISMATCH',
  message: `${given} input file(s) given, the model has ${expected} input(s)`,
  hint: 'pass one file per model input, comma-separated, in model input order',
});

export const inputSizeMismatch = (index: number, got: number, expected: number): ErrorInfo => ({
  code: 'INPUT_SIZE_MISMATCH',
  message: `input ${index} has ${got} bytes, the model expects ${expected}`,
  hint: 'inputs are raw little-endian tensors in the model layout; `anvil inspect` shows shapes',
});

export const inputFileUnreadable = (path: string, reason: string): ErrorInfo => ({
  code: 'INPUT_FILE_UNREADABLE',
  message: `cannot read input ${path}: ${reason}`,
  hint: 'check the path',
});

export const pluginNotFound = (name: string, reason: string): ErrorInfo => ({
  code: 'PLUGIN_NOT_FOUND',
  message: `plugin ${name} could not be loaded: ${reason}`,
  hint: 'install the package (npm install NAME) or fix the name in anvil.config.json',
});

export const pluginInvalid = (name: string, what: string): ErrorInfo => ({
  code: 'PLUGIN_INVALID',
  message: `plugin ${name} is not an Anvil plugin: ${what}`,
  hint: 'a plugin exports `plugin = { name, version, register(container) }`',
});

export const pluginFailed = (plugin: string, hook: string, reason: string): ErrorInfo => ({
  code: 'PLUGIN_FAILED',
  message: `${plugin} (${hook}): ${reason}`,
  hint: "report this to the plugin's authors",
});

/** Why a frame from a board could not be used (serial RPC, PROTOCOL.md sections 1 and 2). */
export type RpcFrameFault = 'bad-cobs' | 'bad-crc' | 'bad-length' | 'too-long';

export const rpcFrameInvalid = (reason: RpcFrameFault, what: string, details: Readonly<Record<string, unknown>> = {}): ErrorInfo => ({
  code: 'RPC_FRAME_INVALID',
  message: `a frame from the board was dropped: ${what}`,
  hint: 'the serial line loses or changes bytes: check the cable, the baud rate (--baud) and that nothing else uses the port',
  details: { reason, ...details },
});

export const rpcReplyMalformed = (reply: string, why: string, details: Readonly<Record<string, unknown>> = {}): ErrorInfo => ({
  code: 'RPC_REPLY_MALFORMED',
  message: `the board's ${reply} reply ${why}`,
  hint: "the board's firmware and this host disagree on the protocol: rebuild and flash the firmware with this version of Anvil",
  details: { reply, ...details },
});

/** The board answered with an error reply, or its port could not be used. */
export const rpcDeviceError = (what: string, hint: string, details: Readonly<Record<string, unknown>> = {}): ErrorInfo => ({
  code: 'RPC_DEVICE_ERROR',
  message: what,
  hint,
  details,
});

export const rpcVersionMismatch = (what: string, update: string, details: Readonly<Record<string, unknown>> = {}): ErrorInfo => ({
  code: 'RPC_VERSION_MISMATCH',
  message: what,
  hint: `update ${update}`,
  details,
});

export const rpcTimeout = (what: string, details: Readonly<Record<string, unknown>> = {}): ErrorInfo => ({
  code: 'RPC_TIMEOUT',
  message: what,
  hint: 'check that the board is powered and runs the host-driven firmware of this model, and the port and baud rate (--port, --baud); reset the board and try again',
  details,
});

/** The board crashed (HardFault, trap) and restarted; `summary` names the PC and the cause. */
export const rpcDeviceFault = (summary: string, details: Readonly<Record<string, unknown>>): ErrorInfo => ({
  code: 'RPC_DEVICE_FAULT',
  message: `the board faulted and restarted: ${summary}`,
  hint: "the firmware serves again; find the PC in the firmware's map file (or addr2line -e firmware.elf PC) and report it with the model",
  details,
});

/** A request the host was asked to send cannot be encoded: a caller's mistake, before any byte is sent. */
export const rpcRequestInvalid = (what: string, hint: string): ErrorInfo => ({
  code: 'RPC_REQUEST_INVALID',
  message: `cannot send this request: ${what}`,
  hint,
});

export const cliBadArgument = (what: string, hint: string): ErrorInfo => ({
  code: 'CLI_BAD_ARGUMENT',
  message: what,
  hint,
});

export const configInvalid = (file: string, what: string, hint: string): ErrorInfo => ({
  code: 'CONFIG_INVALID',
  message: `${file}: ${what}`,
  hint,
});

export const cliOutputExists = (path: string): ErrorInfo => ({
  code: 'CLI_OUTPUT_EXISTS',
  message: `${path} exists and was not written by Anvil`,
  hint: 'choose another path or pass --force to overwrite it',
});

/** A path that can never be an output as given (empty, a file where a folder is needed, the working directory…). */
export const cliOutputInvalid = (path: string, why: string, hint: string): ErrorInfo => ({
  code: 'CLI_OUTPUT_INVALID',
  message: `cannot write to ${path === '' ? '""' : path}: ${why}`,
  hint,
  details: { path },
});

export const cliOutputLocked = (dir: string, holder: string, lockFile: string): ErrorInfo => ({
  code: 'CLI_OUTPUT_LOCKED',
  message: `${dir} is being written by another anvil (${holder})`,
  hint: `wait for it to finish or write to another folder; if no anvil is running, delete ${lockFile}`,
  details: { dir, holder, lockFile },
});

export const cliOutputModified = (dir: string, files: readonly string[]): ErrorInfo => ({
  code: 'CLI_OUTPUT_MODIFIED',
  message: `${files.length === 1 ? 'a file' : `${files.length} files`} Anvil wrote in ${dir} changed since: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`,
  hint: 'keep your changes elsewhere, then pass --force to overwrite them, or write to another folder',
  details: { dir, files },
});

export const cliOutputUnwritable = (path: string, reason: string): ErrorInfo => ({
  code: 'CLI_OUTPUT_UNWRITABLE',
  message: `cannot write ${path}: ${reason}`,
  hint: 'choose a place you can write to, or fix its permissions or free some space',
  details: { path, reason },
});

/** A command line the parser refused (unknown option, missing argument): exit 2, reported as data under `--json`. */
export const cliUsage = (what: string, command: string): ErrorInfo => ({
  code: 'CLI_USAGE',
  message: what,
  hint: `see anvil ${command === '' ? '' : `${command} `}--help`,
});

/** Printed by the `anvil` executable itself, before anything else loads (bin/anvil.js mirrors it). */
export const memoryLimitTooLow = (limitBytes: number, needBytes: number): ErrorInfo => {
  const mib = (bytes: number): string => `${Math.floor(bytes / 2 ** 20)} MiB`;
  return {
    code: 'MEMORY_LIMIT_TOO_LOW',
    message: `the address-space limit (ulimit -v) is ${mib(limitBytes)}; Anvil needs at least ${mib(needBytes)}`,
    hint: `raise it, e.g. ulimit -v ${needBytes / 1024}`,
    details: { limitBytes, needBytes },
  };
};

export const internal = (what: string): ErrorInfo => ({
  code: 'INTERNAL',
  message: `internal error: ${what}`,
  hint: 'this is a bug in Anvil; please report it with the model',
});

export const planInvalid = (planner: string, what: string): ErrorInfo => ({
  code: 'PLAN_INVALID',
  message: `memory plan from ${planner} is invalid: ${what}`,
  hint: 'this is a bug in the planner; choose another with --planner and report it',
});

export const planDoesNotFit = (pool: string, need: number, capacity: number): ErrorInfo => ({
  code: 'PLAN_DOES_NOT_FIT',
  message: `pool ${pool} needs ${need} bytes, it has ${capacity}`,
  hint: 'give the pool more memory, add a pool, or try another planner (anvil plan compares them)',
});

export const planBudgetTooSmall = (
  pool: string,
  capacity: number,
  need: number,
  step: number,
  tensors: ReadonlyArray<{ readonly name: string; readonly bytes: number }>,
): ErrorInfo => ({
  code: 'PLAN_BUDGET_TOO_SMALL',
  message: `${pool} has ${capacity} bytes but no plan can use fewer than ${need}: at step ${step} these are live together: ${tensors
    .map((t) => `${t.name} (${t.bytes} B)`)
    .join(', ')}`,
  hint: 'raise the budget, add a pool, or try --reorder to lower the peak',
  details: { pool, capacity, need, step, tensors: tensors.map((t) => t.name) },
});

export const addressSpaceExceeded = (what: string, end: number, target: string, bits: number, limit: number): ErrorInfo => ({
  code: 'ADDRESS_SPACE_EXCEEDED',
  message: `${what} reaches byte ${end}, beyond what the ${bits}-bit target ${target} can address (at most ${limit} bytes)`,
  hint: 'use a smaller --pool size or --pin offset (anvil plan shows the arena each planner needs)',
  details: { end, target, bits, limit },
});

export const pinConflict = (what: string): ErrorInfo => ({
  code: 'PIN_CONFLICT',
  message: `pins cannot all hold: ${what}`,
  hint: 'change or drop one of the --pin options',
});

export const pinUnmatched = (pattern: string, examples: readonly string[]): ErrorInfo => ({
  code: 'PIN_UNMATCHED',
  message: `pin pattern ${pattern} matches no tensor`,
  hint: `tensor names look like: ${examples.slice(0, 3).join(', ') || '(none)'}; * and ? are wildcards`,
});

export const plannerNotFound = (name: string, known: readonly string[]): ErrorInfo => ({
  code: 'PLANNER_NOT_FOUND',
  message: `no memory planner named ${name}`,
  hint: `known planners: ${known.join(', ') || 'none (load a planner plugin)'}`,
});

export const noKernel = (node: string, target: string): ErrorInfo => ({
  code: 'NO_KERNEL',
  message: `no kernel strategy can lower ${node} on target ${target}`,
  hint: 'load a plugin that supports this operator on this target',
});

export const targetNotFound = (name: string, known: readonly string[]): ErrorInfo => ({
  code: 'TARGET_NOT_FOUND',
  message: `no target named ${name}`,
  hint: `known targets: ${known.join(', ') || 'none (load a target plugin)'}`,
});

export const toolchainMissing = (tool: string, packages: readonly string[]): ErrorInfo => ({
  code: 'TOOLCHAIN_MISSING',
  message: `${tool} is not installed`,
  hint: packages.length > 0 ? `install it: apt-get install ${packages.join(' ')}` : 'install it and put it on the PATH',
});

export const toolchainFailed = (step: string, detail: string): ErrorInfo => ({
  code: 'TOOLCHAIN_FAILED',
  message: `${step} failed: ${detail}`,
  hint: 'the generated code did not build or run; this is a bug in Anvil, please report it with the model',
});

export const tuningLogInvalid = (file: string, reason: string): ErrorInfo => ({
  code: 'TUNING_LOG_INVALID',
  message: `${file} is not an Anvil tuning log: ${reason}`,
  hint: 'pass a log written by `anvil tune`, or run `anvil tune` again to write a new one',
});

export const tuningLogTargetMismatch = (file: string, logTarget: string, target: string): ErrorInfo => ({
  code: 'TUNING_LOG_TARGET_MISMATCH',
  message: `${file} was tuned for ${logTarget}, not ${target}`,
  hint: `compile for --target ${logTarget}, or run \`anvil tune --target ${target}\` for a log of this target`,
});

export const tuningVariantWrong = (node: string, candidate: string, detail: string): ErrorInfo => ({
  code: 'TUNING_VARIANT_WRONG',
  message: `${node}: kernel variant ${candidate} gave outputs that differ from the interpreter (${detail})`,
  hint: 'this is a bug in that kernel variant; report it with the model (the tuner keeps no wrong variant)',
});
