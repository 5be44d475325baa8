import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the CLI and run whole models; give them room, not the unit default.
export default defineConfig({ test: { testTimeout: 120_000, hookTimeout: 120_000 } });
