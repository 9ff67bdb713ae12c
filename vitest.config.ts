import { defineConfig } from 'vitest/config';

/**
 * Two tiers. `fast` (npm run test:fast): everything in the test's own process: commands called as
 * functions (src/cli/io.ts), servers on port 0. Its files share a worker (isolate: false), so
 * Prism and the specs load once per worker instead of once per file; test/support/
 * fast-tier-setup.ts puts back what a file changes globally. `process` (npm run test:process):
 * what needs real processes: a crash (kill -9), Redis, a fresh Node that proves what a module does
 * not load, the nested vitest of `verify`, and the binary end to end once per command.
 * `npm test` runs both, the fast tier first.
 *
 * Workers, measured on the 2-core machines (paired runs; wall moves with the other work on the
 * machine, CPU much less): the fast tier runs in two worker threads. Two workers load Prism and the
 * specs twice (about 5 s more CPU than one), and use both cores: a run that took 31 s of CPU took
 * 33 s on one worker when the machine was otherwise quiet; threads instead of forked processes
 * spend about 2 s less CPU (no child-process IPC for every module and result). Where the mock's
 * clock does the same proof, tests move it instead of waiting for a job's phase (a second worker
 * on the same CPU made a 100 ms job leave its phase unseen); tests whose subject is time itself
 * (latency, Retry-After, a job's own timers) keep real time. The process tier runs
 * three files at once: its files mostly wait (on child processes, Redis, a browser, a contract
 * run's budget or job deadline), so three take about the CPU one took, in 61 s instead of 153 s
 * (load 4 to 9, 65 s of CPU either way). testTimeout: vitest's 5 s default failed a 1 s property
 * test at load 10; a test that hangs still fails, later.
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
          pool: 'threads',
          maxWorkers: 2,
          testTimeout: 20_000,
          setupFiles: ['test/support/fast-tier-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'process', include: PROCESS_TIER, maxWorkers: 3, sequence: { groupOrder: 1 } } },
    ],
  },
});
