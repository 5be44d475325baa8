import { describe, expect, it } from 'vitest';
import { tensorBytes } from '@anvil/core';
import type { NodeOf, Tensor } from '@anvil/core';
import { interpretAll } from '@anvil/interp';
import { EthosUOffloader, firstFitScratch, isOurRegion, streamFormat } from '@anvil/npu-ethos-u';
import type { CompiledRegion } from '@anvil/npu-ethos-u';
import { describeShared, loadRefs, xorshift32 } from '@anvil/testing';
import { buildSimulator, runSimulator } from './support/npu-sim.js';
import { loadGraph } from './support/load-graph.js';

// The status codes of runtime-c/include/anvil/npu.h, written out: (category << 8) | code.
const STREAM = (2 << 8) | 0x10;
const BOUNDS = (2 << 8) | 0x11;
const WEIGHTS = (2 << 8) | 0x12;
const CONFIG = (2 << 8) | 0x13;
const ARGUMENT = (1 << 8) | 0x10;

/** Index of the payload word of the first SET_REG of `reg` in a stream. */
function setRegPayload(cmd: Uint32Array, reg: number): number {
  for (let pc = streamFormat.HEADER_WORDS; pc < cmd.length;) {
    const w = cmd[pc] as number;
    const payload = w >>> 16;
    if ((w & 0xff) === streamFormat.OPCODE.setReg && ((w >>> 8) & 0xff) === reg) return pc + 1;
    pc += 1 + payload;
  }
  throw new Error(`no SET_REG ${reg}`);
}

describeShared('NPU simulator on corrupt input: an error status, never an out-of-bounds access (ASan + UBSan)', (modelsDir) => {
  const exe = buildSimulator();
  const graph = loadGraph(`${modelsDir}/kws_ref_model.tflite`);
  const refs = loadRefs(modelsDir, 'kws_ref_model');
  const offloader = new EthosUOffloader(firstFitScratch);
  const node = offloader.partition(graph, 'ethos-u55-128').graph.nodes.find(isOurRegion) as NodeOf<'OFFLOAD_REGION'>;
  const region: CompiledRegion = offloader.compile(node);
  const values = interpretAll(graph, refs.runs[0]?.inputs ?? []);
  const inputs = node.inputs.map((id) => values.get(id) as Uint8Array);
  const sizes = node.outputs.map((id) => tensorBytes(graph.tensors[id] as Tensor));
  const run = (cmd: Uint32Array, weights = region.weights, scratch = region.scratchBytes) =>
    runSimulator(exe, cmd, weights, scratch, inputs, sizes).status;

  describe('targeted damage gives the matching status', () => {
    it('the untouched stream runs (so the cases below test the damage, not the setup)', () => {
      expect(run(region.commandStream)).toBe(0);
    });
    it('bad magic, wrong length, missing STOP', () => {
      const magic = region.commandStream.slice();
      magic[0] = 0x12345678;
      expect(run(magic)).toBe(STREAM);
      expect(run(region.commandStream.slice(0, region.commandStream.length - 1))).toBe(STREAM);
      const noStop = region.commandStream.slice(0, region.commandStream.length - 1);
      noStop[streamFormat.HEADER.words] = noStop.length;
      expect(run(noStop)).toBe(STREAM);
    });
    it('a configuration the device cannot be (SHRAM beyond its buffer, no bandwidth, no micro-block)', () => {
      const shram = region.commandStream.slice();
      shram[streamFormat.HEADER.shramBytes] = 1 << 24;
      expect(run(shram)).toBe(CONFIG);
      const bw = region.commandStream.slice();
      bw[streamFormat.HEADER.sramBytesPer64Cycles] = 0;
      expect(run(bw)).toBe(CONFIG);
      const ublock = region.commandStream.slice();
      ublock[streamFormat.HEADER.microBlockC] = 0;
      expect(run(ublock)).toBe(CONFIG);
    });
    it('an output base past its region, or a region number that was not bound', () => {
      const base = region.commandStream.slice();
      base[setRegPayload(base, streamFormat.REG.ofmBase)] = 0x7fff0000;
      expect(run(base)).toBe(BOUNDS);
      const reg = region.commandStream.slice();
      reg[setRegPayload(reg, streamFormat.REG.ifmRegion)] = 40;
      expect(run(reg)).toBe(BOUNDS);
    });
    it('more regions than the 8 base pointers the hardware has', () => {
      // kws binds weights, scratch, 1 input and 1 output; 5 unused inputs more make 9.
      const extra = [...inputs, ...Array.from({ length: 5 }, () => new Uint8Array(16))];
      expect(runSimulator(exe, region.commandStream, region.weights, region.scratchBytes, extra, sizes).status).toBe(ARGUMENT);
    });
    it('a weight stream cut short, or one whose header disagrees with the operation', () => {
      expect(run(region.commandStream, region.weights.slice(0, region.weights.length >> 1))).toBe(BOUNDS);
      const header = region.weights.slice();
      header[0] = (header[0] as number) ^ 1; // channel count of the first operation
      expect(run(region.commandStream, header)).toBe(WEIGHTS);
    });
    it('a weight bit stream of all ones (quotients without end)', () => {
      const ones = region.weights.slice();
      const firstBits = 8 + 10 * new DataView(ones.buffer).getUint32(0, true);
      // The first operation's stream starts at offset 0; fill its coded part with ones.
      ones.fill(0xff, firstBits, (region.ops[0] as { weights: Uint8Array }).weights.length);
      expect(run(region.commandStream, ones)).toBe(WEIGHTS);
    });
  });

  // Random damage to kws (conv, depthwise, pool, FC) and to resnet (also ADD), each a fixed seed.
  for (const stem of ['kws_ref_model', 'pretrainedResnet_quant']) {
    it(`${stem}: random damage to the command stream or the weights never crashes or trips a sanitizer`, () => {
      const g = loadGraph(`${modelsDir}/${stem}.tflite`);
      const o = new EthosUOffloader(firstFitScratch);
      const r = o.partition(g, 'ethos-u55-128').graph.nodes.find(isOurRegion) as NodeOf<'OFFLOAD_REGION'>;
      const c = o.compile(r);
      const v = interpretAll(g, loadRefs(modelsDir, stem).runs[0]?.inputs ?? []);
      const ins = r.inputs.map((id) => v.get(id) as Uint8Array);
      const outs = r.outputs.map((id) => tensorBytes(g.tensors[id] as Tensor));
      const rand = xorshift32(7);
      const allowed = new Set([0, STREAM, BOUNDS, WEIGHTS, CONFIG]);
      const seen = new Set<number>();
      for (let i = 0; i < 80; i++) {
        const cmd = c.commandStream.slice();
        const weights = c.weights.slice();
        for (let k = 0, n = 1 + (rand() % 4); k < n; k++) {
          if (rand() % 2 === 0) {
            // The header's length stays right, so the damage reaches the commands.
            const at = streamFormat.HEADER_WORDS + (rand() % (cmd.length - streamFormat.HEADER_WORDS));
            cmd[at] = rand() % 3 === 0 ? rand() : (cmd[at] as number) ^ (1 << (rand() % 32));
          } else {
            weights[rand() % weights.length] = rand() & 0xff;
          }
        }
        // A status outside the catalogue, a crash or a sanitizer report (non-zero exit) all fail.
        const status = runSimulator(exe, cmd, weights, c.scratchBytes, ins, outs).status;
        expect(allowed.has(status)).toBe(true);
        seen.add(status);
      }
      // The damage does reach the device's checks (this seed trips more than one kind).
      expect([...seen].filter((s) => s !== 0).length).toBeGreaterThan(1);
    });
  }
});
