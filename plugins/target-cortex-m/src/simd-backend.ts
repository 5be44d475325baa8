import type { Target } from '@anvil/core';
import { FEATURE_DSP, FEATURE_MVE } from './cortex-m-targets.js';

/** The two SIMD flavours: DSP extension (SXTB16/SMLAD) and Helium (MVE). */
export type SimdIsa = 'dsp' | 'mve';

export interface SimdBackend {
  readonly isa: SimdIsa;
  /** Backend name in reports. */
  readonly backend: string;
  /** Within the target tier: Helium beats the DSP extension on cores that have both. */
  readonly priority: number;
  has(target: Target): boolean;
}

export const DSP: SimdBackend = {
  isa: 'dsp',
  backend: 'cortex-m-dsp',
  priority: 10,
  has: (t) => t.features.includes(FEATURE_DSP),
};

export const MVE: SimdBackend = {
  isa: 'mve',
  backend: 'cortex-m-mve',
  priority: 20,
  has: (t) => t.features.includes(FEATURE_MVE),
};
