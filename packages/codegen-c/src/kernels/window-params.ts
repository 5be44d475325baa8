import type { KernelParam } from '@anvil/core';

/** What a sliding-window op's derived parameters say of its window's walk over the input. */
export interface WindowWalk {
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

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
