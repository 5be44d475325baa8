import { describeNpuHost } from './support/npu-host-suite.js';

// Split by configuration so vitest runs the three in parallel. ethos-u55-32 has the smallest
// SHRAM: its blocks are the smallest, so it exercises splitting the most.
describeNpuHost('ethos-u55-256');
