import { randomBytes } from 'node:crypto';
import { VENDORS, type VendorName } from '../openapi/load.js';

/** A promotion / price rule as the mock's `GET /__mock/` lists it. */
export interface MockOwner {
  id: string;
  kind: string;
  name?: string;
}

/** Everything a contract run needs, passed from `coupon-contracts verify` to the vitest workers (vitest's `provide`). */
export interface RunOptions {
  /** The target as given by `--target`, without a trailing slash. */
  target: string;
  /** Whether the target is the coupon-contracts mock (it answered `GET /__mock/`). */
  isMock: boolean;
  vendors: VendorName[];
  /** Per vendor: the token to send. */
  tokens: Partial<Record<VendorName, string>>;
  /** Per vendor: a token that holds only the read-only scopes (for the 403 checks). */
  readonlyTokens: Partial<Record<VendorName, string>>;
  /** BigCommerce `store_hash` (default: the spec's server variable default). */
  storeHash?: string;
  /** Per vendor: the base URL the target serves it at, from `--base-url vendor=URL` (default: target + spec base path). */
  baseUrls?: Partial<Record<VendorName, string>>;
  /** Per vendor: the promotion / price rule to work on, from `--promotion vendor=ID`. */
  promotions: Partial<Record<VendorName, string>>;
  /** Per vendor: what the mock has seeded (mock targets only). */
  mockOwners: Partial<Record<VendorName, MockOwner[]>>;
  /** `--checks` (undefined: all). */
  checks?: string[];
  skip?: string[];
  timeoutMs: number;
  /** `--max-time`: the whole run, from `startedAt`, ends within it. */
  maxTimeMs: number;
  /** `--job-timeout`: how long a check follows an asynchronous job before calling it stuck. */
  jobTimeoutMs: number;
  /** Epoch ms when verify started (the budget counts from there). */
  startedAt: number;
  /**
   * How far our mock's clock was ahead of real time when the run began, when the target is our
   * mock with a movable clock (`GET /__mock/clock` answered): waits move it. Undefined: the real clock.
   */
  mockClockOffsetMs?: number;
  /** `--concurrency` (undefined: per vendor, the smallest x-concurrency-limit or 4). */
  concurrency?: number;
  readOnly: boolean;
  cleanup: boolean;
  /** Upper-case letters and digits, at most 8 characters; every code the run creates carries it. */
  runPrefix: string;
  /** `--robustness N`: broken requests the robustness check sends per vendor. */
  robustness: number;
  /** `--seed`: the robustness check's seed (default: a fresh one, printed with its failures). */
  seed: string;
}

/** `--timeout`'s default: one request. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** `--robustness`'s default: a few broken requests per vendor, seconds on any target. */
export const DEFAULT_ROBUSTNESS = 20;

/** `--job-timeout`'s default: a code-generation job of the documented size ends well within it. */
export const DEFAULT_JOB_TIMEOUT_MS = 30_000;

/** `--max-time`'s default: a CI job's patience for a whole run. */
export const DEFAULT_MAX_TIME_MS = 300_000;

/** `CC` and the time in seconds in base 36: 8 upper-case characters, different each second. */
export function makeRunPrefix(now: number = Date.now()): string {
  return `CC${Math.floor(now / 1000).toString(36).toUpperCase()}`.slice(0, 8);
}

export function defaultRunOptions(partial: Partial<RunOptions> & { target: string }): RunOptions {
  return {
    isMock: false,
    vendors: [...VENDORS],
    tokens: {},
    readonlyTokens: {},
    promotions: {},
    mockOwners: {},
    timeoutMs: DEFAULT_TIMEOUT_MS,
    maxTimeMs: DEFAULT_MAX_TIME_MS,
    jobTimeoutMs: DEFAULT_JOB_TIMEOUT_MS,
    startedAt: Date.now(),
    readOnly: false,
    cleanup: true,
    runPrefix: makeRunPrefix(),
    robustness: DEFAULT_ROBUSTNESS,
    seed: freshSeed(),
    ...partial,
  };
}

/** A fresh seed for a run that names none: printed with the robustness check's failures so that they reproduce. */
export function freshSeed(): string {
  return randomBytes(6).toString('hex');
}
