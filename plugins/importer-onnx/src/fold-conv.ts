import { axisWindow, errors, fail } from '@anvil/core';
import type { Activation } from '@anvil/core';
import { biasTensor, weightTensor } from './conv-weights.js';
import type { FoldContext, QConst } from './fold-context.js';
import { label, unsupported } from './fold-context.js';
import type { Act, QParams } from './graph-builder.js';
import { NHWC } from './layout.js';
import type { OnnxNode } from './onnx-model.js';
import { windowOf, windowPadding } from './window-padding.js';
import type { WindowPadding } from './window-padding.js';

/** Where an op's int8 result goes and how it is clamped. */
export interface OpOutput {
  readonly name: string;
  readonly q: QParams;
  readonly activation: Activation;
}

/** Zero-pads an NHWC activation explicitly (PAD fills with the zero point, i.e. real 0.0). */
export function padSpatial(ctx: FoldContext, x: Act, p: WindowPadding): Act {
  const [top, bottom, left, right] = p.prePad;
  if (top + bottom + left + right === 0) return x;
  const [n, c, h, w] = x.logical as [number, number, number, number];
  const pads = new Int32Array([0, 0, top, bottom, left, right, 0, 0]);
  const name = `${ctx.b.tensors[x.tensor]?.name ?? 'x'}:pad`;
  const paddings = ctx.b.addTensor(`${name}:paddings`, [4, 2], 'int32', undefined, new Uint8Array(pads.buffer));
  const y = ctx.newAct(name, [n, c, h + top + bottom, w + left + right], NHWC, ctx.b.quantOf(x));
  ctx.b.addNode('PAD', name, [x.tensor, paddings], [y.tensor], {});
  return y;
}

/**
 * ONNX Conv (weights [M, C/group, kh, kw]) → CONV_2D (group 1, filter OHWI) or
 * DEPTHWISE_CONV_2D (group = input channels, filter [1, kh, kw, M]); the input is taken NHWC.
 */
export function foldConv(ctx: FoldContext, n: OnnxNode, x: Act, w: QConst, bias: QConst | undefined, out: OpOutput): void {
  if (x.logical.length !== 4 || w.init.dims.length !== 4) {
    unsupported(n, `is a ${x.logical.length - 2}-D convolution`, 'Anvil compiles 2-D convolutions (NCHW, 4-D tensors)');
  }
  const [batch, channels, inH, inW] = x.logical as [number, number, number, number];
  const [m, perGroup, kh, kw] = w.init.dims as [number, number, number, number];
  const group = ctx.int(n, 'group', 1);
  const depthwise = group > 1 && group === channels && perGroup === 1;
  if (group !== 1 && !depthwise) {
    unsupported(
      n,
      `has group ${group} with ${channels} input channels; only group 1 and group = channels (depthwise) are supported`,
      'split grouped convolutions into separate convolutions',
    );
  }
  if (!depthwise && perGroup !== channels)
    fail(errors.modelCorrupt(`${label(n)}: weights expect ${perGroup} input channels, the input has ${channels}`));
  if (depthwise && m % channels !== 0) fail(errors.modelCorrupt(`${label(n)}: ${m} depthwise outputs for ${channels} channels`));
  if (w.scale.length > 1 && w.axis !== 0)
    unsupported(n, `weights are quantized per channel along axis ${w.axis}`, 'quantize conv weights per output channel (axis 0)');
  const win = windowOf(ctx, n, [kh, kw]);
  const pad = windowPadding(ctx, n, inH, inW, win);
  const xin = padSpatial(ctx, ctx.materialize(n, x, NHWC), pad);
  const [, , h, wd] = xin.logical as [number, number, number, number];
  const oh = axisWindow(pad.padding, h, kh, win.strides[0], win.dilations[0]).out;
  const ow = axisWindow(pad.padding, wd, kw, win.strides[1], win.dilations[1]).out;
  if (oh < 1 || ow < 1) fail(errors.modelCorrupt(`${label(n)}: window ${kh}×${kw} does not fit input ${h}×${wd}`));
  const filter = weightTensor(ctx, n, w, depthwise ? [1, 2, 3, 0] : [0, 2, 3, 1]);
  const inputs = [xin.tensor, filter];
  if (bias !== undefined) inputs.push(biasTensor(ctx, n, bias, ctx.b.quantOf(xin).scale, w.scale, m));
  const y = ctx.newAct(out.name, [batch, m, oh, ow], NHWC, out.q);
  const common = {
    padding: pad.padding,
    strideH: win.strides[0],
    strideW: win.strides[1],
    dilationH: win.dilations[0],
    dilationW: win.dilations[1],
    activation: out.activation,
  };
  if (depthwise) ctx.b.addNode('DEPTHWISE_CONV_2D', out.name, inputs, [y.tensor], { ...common, depthMultiplier: m / channels });
  else ctx.b.addNode('CONV_2D', out.name, inputs, [y.tensor], common);
  ctx.define(out.name, y);
}
