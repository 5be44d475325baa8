import type { KernelCall, KernelParam, KernelTable } from '@anvil/core';
import { cArray, cInt } from './c-text.js';

/** Where a library kernel's header sits in the output folder (built with `-I.`). */
export function kernelHeaderPath(fn: string): string {
  return `runtime/kernels/${fn}.h`;
}

function isTable(v: KernelParam): v is { readonly table: KernelTable } {
  return typeof v === 'object' && !Array.isArray(v) && 'table' in v;
}

function isScalar(v: KernelParam): v is { readonly scalar: number } {
  return typeof v === 'object' && !Array.isArray(v) && 'scalar' in v;
}

/** Integers and integer arrays: what a specialised function folds in. */
function isStructural(v: KernelParam): v is number | readonly number[] {
  return typeof v === 'number' || Array.isArray(v);
}

function tableDecl(name: string, t: KernelTable): string {
  const decl = cArray(t.ctype, name, t.values);
  return t.align === undefined ? decl : decl.replace(/\] =/, `] ANVIL_ALIGNED(${t.align}) =`);
}

function fieldValue(v: KernelParam, tableName: string): string {
  if (typeof v === 'number') return cInt(v);
  if (typeof v === 'string') return v;
  if (isTable(v)) return tableName;
  if (isScalar(v)) return cInt(v.scalar);
  return `{${(v as readonly number[]).map(cInt).join(', ')}}`;
}

/**
 * The call's parameters as C at file scope: its tables, then `static const <fn>_params_t
 * <symbol>` with designated initializers. Tables are named `<symbol>_<field>`, so one file
 * holds the parameters of every call.
 */
export function kernelParamsDecl(call: KernelCall, symbol: string): string {
  const tables = call.params.flatMap(([field, v]) => (isTable(v) ? [tableDecl(`${symbol}_${field}`, v.table)] : []));
  const fields = call.params.map(([field, v]) => `  .${field} = ${fieldValue(v, `${symbol}_${field}`)},`);
  return [...tables, `static const ${call.function}_params_t ${symbol} = {\n${fields.join('\n')}\n};`].join('\n');
}

/** Bytes of the constant tables the parameters point at. */
export function kernelTableBytes(call: KernelCall): number {
  const width = { int8_t: 1, uint8_t: 1, int16_t: 2, int32_t: 4 } as const;
  return call.params.reduce((s, [, v]) => s + (isTable(v) ? v.table.values.length * width[v.table.ctype] : 0), 0);
}

/** Calls with equal keys can share one specialised function: same kernel, same structure. */
export function specialisationKey(call: KernelCall): string {
  return JSON.stringify([
    call.function,
    call.operandArray === true,
    call.outputArray === true,
    call.params.filter(([, v]) => isStructural(v)),
  ]);
}

/** The C parameter list every library kernel has: params, operands, outputs, workspace. */
export function kernelSignature(call: KernelCall, operandTypes: readonly string[], outputTypes: readonly string[]): string {
  const ins =
    call.operandArray === true
      ? [`const ${operandTypes[0] ?? 'int8_t'} *const inputs[]`]
      : operandTypes.map((t, k) => `const ${t} *ANVIL_RESTRICT x${k}`);
  const outs =
    call.outputArray === true
      ? [`${outputTypes[0] ?? 'int8_t'} *const outputs[]`]
      : outputTypes.map((t, k) => `${t} *ANVIL_RESTRICT y${k}`);
  return [`const ${call.function}_params_t *params`, ...ins, ...outs, 'void *ANVIL_RESTRICT workspace'].join(', ');
}

/**
 * A function specialised for the call's structure: it copies the node's parameters, overwrites
 * the structural fields with literals and calls the kernel's inline body, so the C compiler
 * folds them into the loops. Everything else (weights, tables, offsets) still comes from the
 * node's parameters, which is what lets nodes of equal structure share the function.
 */
export function specialisedFunction(call: KernelCall, fn: string, operandTypes: readonly string[], outputTypes: readonly string[]): string {
  const sets = call.params.flatMap(([field, v]) => {
    if (typeof v === 'number') return [`  p.${field} = ${cInt(v)};`];
    if (Array.isArray(v)) return (v as readonly number[]).map((x, k) => `  p.${field}[${k}] = ${cInt(x)};`);
    return [];
  });
  const args = [
    ...(call.operandArray === true ? ['inputs'] : operandTypes.map((_, k) => `x${k}`)),
    ...(call.outputArray === true ? ['outputs'] : outputTypes.map((_, k) => `y${k}`)),
    'workspace',
  ];
  return `anvil_status_t ${fn}(${kernelSignature(call, operandTypes, outputTypes)}) {
  ${call.function}_params_t p = *params;
${sets.join('\n')}
  return ${call.function}_body(&p, ${args.join(', ')});
}
`;
}

/**
 * The argument list after the parameters: the operands (each a C pointer expression, in the
 * call's order; one compound-literal array for `operandArray`), the outputs (one array for
 * `outputArray`), the workspace.
 */
export function kernelCallArgs(
  call: KernelCall,
  operands: readonly string[],
  operandType: string,
  outputs: readonly string[],
  workspace: string,
  outputType = 'int8_t',
): string[] {
  const ins = call.operandArray === true ? [`(const ${operandType} *const[]){${operands.join(', ')}}`] : operands;
  const outs = call.outputArray === true ? [`(${outputType} *const[]){${outputs.join(', ')}}`] : outputs;
  return [...ins, ...outs, workspace];
}
