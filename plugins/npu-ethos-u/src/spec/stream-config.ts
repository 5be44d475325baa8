import type { NpuConfig } from './npu-config.js';
import { scaledRate } from './npu-system.js';

/**
 * The integers a command stream's header carries (stream/format.ts HEADER): the estimator
 * prices with exactly these, as the simulator does, so their cycle counts agree.
 */
export interface StreamConfig {
  readonly macsPerCycle: number;
  readonly microBlockH: number;
  readonly microBlockW: number;
  readonly microBlockC: number;
  readonly dotProductDepth: number;
  readonly shramBytes: number;
  readonly sramBytesPer64Cycles: number;
  readonly flashBytesPer64Cycles: number;
  readonly sramLatencyCycles: number;
  readonly flashLatencyCycles: number;
  readonly flashBurstBytes: number;
  readonly opSetupCycles: number;
  readonly outputCyclesPer64: number;
  readonly maxPoolOutputCyclesPer64: number;
  readonly poolElementsPerCycle: number;
  readonly addCyclesPer64: number;
  readonly mulCyclesPer64: number;
  readonly depthwiseTapOverheadCycles: number;
  readonly decoderWeightsPerCycle: number;
  readonly weightStepFloorCycles: number;
  readonly softmaxSteps: number;
}

export function streamConfig(c: NpuConfig): StreamConfig {
  return {
    macsPerCycle: c.macsPerCycle,
    microBlockH: c.microBlock.h,
    microBlockW: c.microBlock.w,
    microBlockC: c.microBlock.c,
    dotProductDepth: c.dotProductDepth,
    shramBytes: c.shramBytes,
    sramBytesPer64Cycles: scaledRate(c.system.sramBytesPerCycle, 'sramBytesPerCycle'),
    flashBytesPer64Cycles: scaledRate(c.system.flashBytesPerCycle, 'flashBytesPerCycle'),
    sramLatencyCycles: c.system.sramLatencyCycles,
    flashLatencyCycles: c.system.flashLatencyCycles,
    flashBurstBytes: c.system.flashBurstBytes,
    opSetupCycles: c.opSetupCycles,
    outputCyclesPer64: scaledRate(c.outputCyclesPerElement, 'outputCyclesPerElement'),
    maxPoolOutputCyclesPer64: scaledRate(c.maxPoolOutputCyclesPerElement, 'maxPoolOutputCyclesPerElement'),
    poolElementsPerCycle: c.poolElementsPerCycle,
    addCyclesPer64: scaledRate(c.addCyclesPerElement, 'addCyclesPerElement'),
    mulCyclesPer64: scaledRate(c.mulCyclesPerElement, 'mulCyclesPerElement'),
    depthwiseTapOverheadCycles: c.depthwiseTapOverheadCycles,
    decoderWeightsPerCycle: c.decoderWeightsPerCycle,
    weightStepFloorCycles: c.weightStepFloorCycles,
    softmaxSteps: c.softmaxSteps,
  };
}
