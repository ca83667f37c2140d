import { defineConfig } from 'vitest/config';

// Unit tests and real-kernel tests (user-mode Linux, test/kernel/) both run
// under `npx vitest run`. Kernel test files each boot their own UML and run
// one at a time (this machine has 2 cores); they get long timeouts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'kernel',
          // test/install: npm pack + a global install into a temp prefix,
          // systemd-analyze, man (slow, CPU-heavy: run with the UML tests).
          include: ['test/kernel/**/*.test.ts', 'test/install/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
