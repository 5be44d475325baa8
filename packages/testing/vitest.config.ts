import { defineConfig } from 'vitest/config';

// The kits build and run C on the host (gcc with ASan/UBSan): seconds per case, more on a busy machine.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
