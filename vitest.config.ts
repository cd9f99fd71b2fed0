import { defineConfig } from 'vitest/config';

const limits = { testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      {
        // The pure core with fake clocks: nothing real-time, so its files run side by side on both cores,
        // and all of them finish before the first integration file starts (groupOrder).
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], ...limits, sequence: { groupOrder: 0 } },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          ...limits,
          // Integration tests measure real time against short targets; don't crowd the two cores.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
