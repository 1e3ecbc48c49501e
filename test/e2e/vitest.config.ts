import { defineConfig } from 'vitest/config';

// Browser tests: the built editor served by a real Hookflow, driven in Debian's Chromium.
// One file at a time: each starts a server and a browser, and the machine has two cores.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/support/build-ui.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A loaded CI machine renders slower than a laptop; polls wait for the UI, not a fixed time.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    pool: 'forks',
    reporters: ['default'],
  },
});
