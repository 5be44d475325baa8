import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the CLI and run whole models; give them room, not the unit default.
// Two files at a time: most of a file's time is spent waiting on gcc, QEMU and child processes,
// so on a 2-core machine (where vitest would default to one worker) two overlap well. Every
// file builds in its own temporary folders, so files never share a build in flight.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000, maxWorkers: 2 } });
