import { EthosUOffloader, firstFitScratch } from '@anvil/npu-ethos-u';
import { describeOffloaderConformance } from '@anvil/testing';

// The built-in NPU passes the same kit a vendor's accelerator runs: every edge shape it
// claims, byte-identical to the interpreter on the host, with consistent estimates. (The kit
// found rank-2 ADDs losing all rows but the first; see elementwiseHwc.)
describeOffloaderConformance({ offloader: new EthosUOffloader(firstFitScratch), config: 'ethos-u55-128', seeds: [1, 2] });
