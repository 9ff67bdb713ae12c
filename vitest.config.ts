import { defineConfig } from 'vitest/config';

/**
 * Two tiers. `fast` (npm run test:fast): everything in the test's own process: commands called as
 * functions (src/cli/io.ts), servers on port 0. Its files share a worker (isolate: false), so
 * Prism and the specs load once per worker instead of once per file; test/support/
 * fast-tier-setup.ts puts back what a file changes globally. `process` (npm run test:process):
 * what needs real processes: a crash (kill -9), Redis, a fresh Node that proves what a module does
 * not load, the nested vitest of `verify`, and the binary end to end once per command.
 * `npm test` runs both, the fast tier first. The fast tier keeps one worker (vitest's default on
 * two cores): it is busy on the CPU, and a second worker shares the same CPU and makes the tests
 * that time jobs (100 ms) miss them. The process tier runs three files at once: its files mostly
 * wait (on child processes, Redis, a browser, a contract run's budget or job deadline), so three
 * take about the CPU one took, in 61 s instead of 153 s (measured at load 4 to 9, 65 s of CPU either way).
 */
const PROCESS_TIER = [
  'test/integration/**/*.test.ts',
  'test/**/*.process.test.ts',
  'test/store/redis.test.ts',
  // verify's runs: the suites run in the vitest verify starts, whose workers are processes.
  'test/contracts/{cli,against-mock,base-url,bounded,coverage,html-report.browser,robustness}.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/**/*.test.ts'],
          exclude: PROCESS_TIER,
          isolate: false,
          setupFiles: ['test/support/fast-tier-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'process', include: PROCESS_TIER, maxWorkers: 3, sequence: { groupOrder: 1 } } },
    ],
  },
});
