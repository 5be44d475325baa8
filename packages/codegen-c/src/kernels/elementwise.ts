import type { Graph, KernelEmitContext, NodeOf } from '@anvil/core';
import { addParams, mulParams } from '@anvil/interp';
import { operand, prototype } from '../signature.js';
import { elementwiseLoops } from './broadcast-loops.js';

/** int8 ADD: both inputs lifted by 2^20, rescaled to a common scale, summed, rescaled. */
export function emitAdd(node: NodeOf<'ADD'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = addParams(node, graph);
  const a = operand(node, graph, ctx, 0);
  const b = operand(node, graph, ctx, 1);
  const body = ([
    ia,
    ib,
  ]: string[]): string => `    const int32_t s1 = anvil_mbqm_lt1(((int32_t)${a}[${ia}] + ${p.input1Offset}) * ${2 ** p.leftShift}, ${p.input1Multiplier}, ${p.input1Shift});
    const int32_t s2 = anvil_mbqm_lt1(((int32_t)${b}[${ib}] + ${p.input2Offset}) * ${2 ** p.leftShift}, ${p.input2Multiplier}, ${p.input2Shift});
    const int32_t raw = anvil_mbqm_lt1(anvil_add_wrap(s1, s2), ${p.outputMultiplier}, ${p.outputShift}) + ${p.outputOffset};
    y0[o] = (int8_t)anvil_clamp(raw, ${p.activationMin}, ${p.activationMax});`;
  return `${prototype(ctx.functionName, node, graph, false)} {\n${elementwiseLoops(p.outputShape, [p.input1Shape, p.input2Shape], body)}\n  return ANVIL_OK;\n}\n`;
}

/** int8 MUL: one rescale of the product of the offset inputs. */
export function emitMul(node: NodeOf<'MUL'>, graph: Graph, ctx: KernelEmitContext): string {
  const p = mulParams(node, graph);
  const a = operand(node, graph, ctx, 0);
  const b = operand(node, graph, ctx, 1);
  const body = ([
    ia,
    ib,
  ]: string[]): string => `    const int32_t prod = ((int32_t)${a}[${ia}] + ${p.input1Offset}) * ((int32_t)${b}[${ib}] + ${p.input2Offset});
    const int32_t raw = anvil_mbqm(prod, ${p.outputMultiplier}, ${p.outputShift}) + ${p.outputOffset};
    y0[o] = (int8_t)anvil_clamp(raw, ${p.activationMin}, ${p.activationMax});`;
  return `${prototype(ctx.functionName, node, graph, false)} {\n${elementwiseLoops(p.outputShape, [p.input1Shape, p.input2Shape], body)}\n  return ANVIL_OK;\n}\n`;
}
