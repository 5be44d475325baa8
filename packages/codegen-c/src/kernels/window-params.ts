import type { KernelParam } from '@anvil/core';
import type { Conv2dParams } from '@anvil/interp';

/** The window fields of a convolution's derived parameters (`@anvil/interp`). */
export type WindowWalk = Pick<Conv2dParams, 'strideH' | 'strideW' | 'dilationH' | 'dilationW' | 'padTop' | 'padLeft'>;

/**
 * The window fields every convolution kernel's parameters have, named as in the C structs:
 * strides, dilations and the padding before the first row and column (the far side's follows
 * from the shapes).
 */
export function windowParams(w: WindowWalk): Array<readonly [string, KernelParam]> {
  return [
    ['stride_h', w.strideH],
    ['stride_w', w.strideW],
    ['dilation_h', w.dilationH],
    ['dilation_w', w.dilationW],
    ['pad_top', w.padTop],
    ['pad_left', w.padLeft],
  ];
}
