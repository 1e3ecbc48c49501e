import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests start real servers (HTTP, Redis, SMTP)
// and get longer timeouts. Files run in parallel forks; each test uses its own temp DATA_DIR.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
