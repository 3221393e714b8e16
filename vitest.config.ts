import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    // Opening an embedded PGlite database (WASM start-up and migrations) in a beforeAll takes
    // 1-3 s, but over 10 s on a loaded 2-core machine: CI failed on the default hook timeout.
    hookTimeout: 60_000,
  },
});
