import { randomUUID } from 'node:crypto';
import type { VendorApp } from '../../mock/types.js';
import type { NewCode, StoredCode } from '../../store/types.js';
import { allCodes, codeKey, codesCsv, generateCode, type CodeData } from './codes.js';
import { getPromotion, listPromotions, scopeOf, type PromotionDoc } from './promotions.js';
import { COMPLETED, FAILED, GENERATE, JOB_TYPE, PENDING, PROCESSING, rulesOf, type ElasticPathRules } from './facts.js';
import { jobDurationOf } from './settings.js';

/** Jobs of a promotion are documents of kind `elasticpath:job:<promotion id>`, keyed by job id. */
export const JOB_KIND_PREFIX = 'elasticpath:job:';
/** Export files: kind `elasticpath:file`, keyed by job id. */
export const FILE_KIND = 'elasticpath:file';
const ORDER_COUNTER = 'elasticpath:job-order';

/** Share of a job's duration spent `pending`; the rest is `processing`. A cancel takes the same share. */
const PENDING_SHARE = 0.5;
/** A generate job writes its codes in about this many steps over its `processing` time. */
const PROGRESS_STEPS = 10;
const MIN_TICK_MS = 10;
/**
 * How long a step (generating a chunk, exporting, removing codes) may hold a job before another
 * instance may take it over. Steps take milliseconds; this only matters after a crash.
 */
const LEASE_MS = 5000;
/** Rounds of regenerating codes that collided with existing ones before a job gives up. */
const MAX_GENERATION_ROUNDS = 20;

export interface GenerateParameters {
  number_of_codes: number;
  max_uses_per_code?: number;
  consume_unit: string;
  code_prefix?: string;
  code_length: number;
}

/**
 * A job as stored. The schedule is part of the document (`processing_at`, `done_at`,
 * `cancel_done_at`, fixed when the job or its cancel was created), so any instance sharing the
 * store, or a restarted one, derives the same state from the clock. Every change is a
 * compare-and-set (`replaceDoc`); a change with side effects (writing or removing codes, writing
 * the export file) first takes a short lease on the job by compare-and-set, so two instances
 * never both do it.
 */
export interface JobDoc {
  id: string;
  promotion_id: string;
  job_type: string;
  name?: string;
  parameters?: GenerateParameters;
  status: string;
  /** Written before the job's slot is claimed, so a crash in between can be cleaned up; never listed. */
  draft?: true;
  generated: number;
  deleted: number;
  error?: string;
  /** Creation order across all jobs (ties of the millisecond clock). */
  order: number;
  created_ms: number;
  updated_ms: number;
  duration_ms: number;
  processing_at: number;
  done_at: number;
  cancel_done_at?: number;
  /** Sequence numbers of the codes this job generated (while it may still be cancelled). */
  seqs: number[];
  /** The Store slot this job holds while active (`store.claim`). */
  slot?: string;
  lease?: { owner: string; until: number };
  has_file?: true;
}

export interface FileDoc {
  promotion_id: string;
  job_id: string;
  csv: string;
}

export interface JobInput {
  job_type: string;
  name?: string;
  parameters?: GenerateParameters;
}

/** What a leased step did: the job to commit, and how to undo its side effects if the commit loses. */
interface StepResult {
  next: JobDoc;
  undo?: () => Promise<unknown>;
}

export type CancelOutcome = { kind: 'not-found' } | { kind: 'not-cancellable'; job: JobDoc } | { kind: 'cancelling'; job: JobDoc };

/** The Store slots of a promotion's active jobs, one per job x-rules.maxActiveJobsPerPromotion allows. */
export function jobSlotName(promotionId: string, index: number): string {
  return `elasticpath:job-slot:${promotionId}:${index}`;
}

function withoutLease(job: JobDoc): JobDoc {
  const { lease: _lease, ...rest } = job;
  return rest;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Runs the life of Elastic Path jobs over the Store: pending -> processing -> completed or
 * failed, and pending/processing -> cancelling -> cancelled. Progress is derived from the job's
 * own timestamps and applied lazily by whoever looks first (a request handler, or this
 * instance's timer), idempotently. One engine per mock server (per VendorApp).
 */
export class JobEngine {
  private readonly owner = randomUUID();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly app: VendorApp) {
    app.onClose(() => this.close());
    // The mock's clock moved forward: whatever is due by the new time happens before the move is answered.
    app.onClockChange(() => this.resume());
  }

  private get rules(): ElasticPathRules['jobs'] {
    return rulesOf(this.app.spec).jobs;
  }

  private get store() {
    return this.app.store;
  }

  private now(): number {
    return this.app.now().getTime();
  }

  private kindOf(promotionId: string): string {
    return `${JOB_KIND_PREFIX}${promotionId}`;
  }

  isActive(job: JobDoc): boolean {
    return this.rules.activeStatuses.includes(job.status);
  }

  /** Nothing more will happen to the job on its own. */
  isSettled(job: JobDoc): boolean {
    return !this.isActive(job) && job.status !== this.rules.statusAfterCancel;
  }

  // ---- reading, with lazy progress ------------------------------------------------------------

  /** The promotion's jobs (not drafts), each brought up to date, newest first. */
  async jobsOf(promotionId: string): Promise<JobDoc[]> {
    const docs = await this.store.listDocs<JobDoc>(this.kindOf(promotionId));
    const jobs: JobDoc[] = [];
    for (const doc of docs) {
      if (doc.draft) continue;
      jobs.push(this.isSettled(doc) ? doc : await this.advance(doc));
    }
    return jobs.sort((a, b) => b.order - a.order);
  }

  /** Applies every step that is due now; returns the job as stored afterwards. */
  async advance(job: JobDoc): Promise<JobDoc> {
    let current = job;
    // Each step moves the job forward or re-reads it after losing a race; a handful is plenty.
    for (let round = 0; round < 8; round++) {
      const next = await this.step(current, this.now());
      if (!next) break;
      current = next;
    }
    this.schedule(current);
    return current;
  }

  private async step(job: JobDoc, now: number): Promise<JobDoc | undefined> {
    if (job.draft) return undefined;
    if (job.lease && job.lease.until > now) return undefined; // a step is running elsewhere
    switch (job.status) {
      case PENDING:
        if (now < job.processing_at) return undefined;
        return this.commit(job, { ...withoutLease(job), status: PROCESSING, updated_ms: job.processing_at });
      case PROCESSING:
        if (job.job_type === GENERATE) {
          const target = this.target(job, now);
          if (target <= job.generated && now < job.done_at) return undefined;
          return this.leased(job, now, (leased, takeover) => this.generate(leased, takeover, target, now));
        }
        if (now < job.done_at) return undefined;
        return this.leased(job, now, (leased) => this.export(leased));
      case this.rules.statusAfterCancel:
        if (now < (job.cancel_done_at ?? 0)) return undefined;
        return this.leased(job, now, (leased) => this.removeGenerated(leased));
      default:
        return undefined;
    }
  }

  /** How many codes a generate job should have written by `now`. */
  private target(job: JobDoc, now: number): number {
    const total = job.parameters?.number_of_codes ?? 0;
    if (now >= job.done_at) return total;
    const window = job.done_at - job.processing_at;
    if (window <= 0) return total;
    return Math.min(total, Math.max(0, Math.floor((total * (now - job.processing_at)) / window)));
  }

  /** Compare-and-set `expected` -> `next`; on success frees the job's slot if it left the active statuses. Returns the stored job. */
  private async commit(expected: JobDoc, next: JobDoc): Promise<JobDoc | undefined> {
    const kind = this.kindOf(expected.promotion_id);
    if (await this.store.replaceDoc(kind, expected.id, expected, next)) {
      if (this.isActive(expected) && !this.isActive(next) && next.slot) await this.store.release(next.slot, next.id);
      return next;
    }
    return this.store.getDoc<JobDoc>(kind, expected.id);
  }

  /**
   * Takes the job's lease (compare-and-set), runs `effect`, and commits its result against the
   * leased document. If the commit loses (a cancel rewrote the job meanwhile), the effect's side
   * effects are undone. An expired lease of a crashed instance is taken over (`takeover`).
   */
  private async leased(job: JobDoc, now: number, effect: (leased: JobDoc, takeover: boolean) => Promise<StepResult>): Promise<JobDoc | undefined> {
    const kind = this.kindOf(job.promotion_id);
    const leased: JobDoc = { ...job, lease: { owner: this.owner, until: now + LEASE_MS } };
    if (!(await this.store.replaceDoc(kind, job.id, job, leased))) return this.store.getDoc<JobDoc>(kind, job.id);
    const { next, undo } = await effect(leased, job.lease !== undefined);
    const committed = withoutLease(next);
    if (await this.store.replaceDoc(kind, job.id, leased, committed)) {
      if (this.isActive(leased) && !this.isActive(committed) && committed.slot) await this.store.release(committed.slot, committed.id);
      return committed;
    }
    await undo?.();
    return this.store.getDoc<JobDoc>(kind, job.id);
  }

  // ---- the steps with side effects ------------------------------------------------------------

  private async generate(job: JobDoc, takeover: boolean, target: number, now: number): Promise<StepResult> {
    const parameters = job.parameters as GenerateParameters;
    const scope = scopeOf(job.promotion_id);
    let current = takeover ? await this.adoptOrphans(job) : job;
    const at = Math.min(now, job.done_at);

    const promotion = await getPromotion(this.app, job.promotion_id);
    const cap = promotion?.max_codes ?? this.rules.maxCodesPerPromotion;
    const existing = await this.store.countCodes(scope);
    if (existing + (parameters.number_of_codes - current.generated) > cap) {
      // The job would take the promotion past its cap: it fails and leaves nothing behind.
      const removed = await this.store.deleteCodes(scope, current.seqs);
      return {
        next: { ...current, status: FAILED, error: this.rules.codesLimitError, deleted: current.deleted + removed.length, seqs: [], updated_ms: at },
      };
    }

    const wanted = Math.min(target, parameters.number_of_codes) - current.generated;
    const inserted = wanted > 0 ? await this.insertGenerated(current, wanted, at) : [];
    if (inserted.length < wanted) {
      const removed = await this.store.deleteCodes(scope, [...current.seqs, ...inserted.map((c) => c.seq)]);
      return {
        next: {
          ...current,
          status: FAILED,
          error: `could not generate ${parameters.number_of_codes} unique codes of length ${parameters.code_length}`,
          generated: current.generated + inserted.length,
          deleted: current.deleted + removed.length,
          seqs: [],
          updated_ms: at,
        },
      };
    }
    const generated = current.generated + inserted.length;
    const finished = generated >= parameters.number_of_codes && now >= job.done_at;
    current = {
      ...current,
      generated,
      // A completed job can no longer be cancelled: its codes are the promotion's now.
      seqs: finished ? [] : [...current.seqs, ...inserted.map((c) => c.seq)],
      status: finished ? COMPLETED : PROCESSING,
      updated_ms: finished ? job.done_at : inserted.length > 0 ? at : current.updated_ms,
    };
    const seqs = inserted.map((c) => c.seq);
    return { next: current, undo: () => this.store.deleteCodes(scope, seqs) };
  }

  /** Writes `count` new codes, regenerating those that collide (case-insensitively) with codes of the promotion. */
  private async insertGenerated(job: JobDoc, count: number, at: number): Promise<StoredCode[]> {
    const parameters = job.parameters as GenerateParameters;
    const rules = this.rules;
    const data: CodeData = {
      uses: 0,
      ...(parameters.max_uses_per_code !== undefined ? { max_uses: parameters.max_uses_per_code } : {}),
      consume_unit: parameters.consume_unit,
      created_by: job.id,
      created_at: iso(at),
    };
    const inserted: StoredCode[] = [];
    for (let round = 0; inserted.length < count && round < MAX_GENERATION_ROUNDS; round++) {
      const batch: NewCode[] = [];
      for (let i = inserted.length; i < count; i++) {
        const code = generateCode(this.app.random, rules, parameters.code_length, parameters.code_prefix);
        batch.push({ code, key: codeKey(code, rules.caseInsensitive), data });
      }
      const result = await this.store.insertCodes(scopeOf(job.promotion_id), batch, 'skip-conflicts');
      inserted.push(...result.inserted);
    }
    return inserted;
  }

  /**
   * After taking over the lease of an instance that died mid-step: codes it wrote for this job
   * but never recorded are the job's (they carry the job id as `created_by`).
   */
  private async adoptOrphans(job: JobDoc): Promise<JobDoc> {
    const known = new Set(job.seqs);
    const orphans = (await allCodes(this.app, job.promotion_id)).filter(
      (code) => (code.data as Partial<CodeData>).created_by === job.id && !known.has(code.seq),
    );
    if (orphans.length === 0) return job;
    return { ...job, generated: job.generated + orphans.length, seqs: [...job.seqs, ...orphans.map((c) => c.seq)] };
  }

  private async export(job: JobDoc): Promise<StepResult> {
    const codes = await allCodes(this.app, job.promotion_id);
    const file: FileDoc = {
      promotion_id: job.promotion_id,
      job_id: job.id,
      csv: codesCsv(job.promotion_id, codes, rulesOf(this.app.spec).codes.defaultConsumeUnit),
    };
    await this.store.putDoc(FILE_KIND, job.id, file);
    return {
      next: { ...job, status: COMPLETED, has_file: true, updated_ms: job.done_at },
      undo: () => this.store.deleteDoc(FILE_KIND, job.id),
    };
  }

  private async removeGenerated(job: JobDoc): Promise<StepResult> {
    const removed = job.seqs.length > 0 ? await this.store.deleteCodes(scopeOf(job.promotion_id), job.seqs) : [];
    return {
      next: {
        ...job,
        status: this.rules.finalCancelStatus,
        deleted: job.deleted + removed.length,
        seqs: [],
        updated_ms: job.cancel_done_at ?? job.updated_ms,
      },
    };
  }

  // ---- creating and cancelling ----------------------------------------------------------------

  private duration(): number {
    return jobDurationOf(this.app.settings);
  }

  private slotsOf(promotionId: string): string[] {
    return Array.from({ length: this.rules.maxActivePerPromotion }, (_, i) => jobSlotName(promotionId, i));
  }

  /**
   * Creates a job in status pending, or answers undefined when the promotion already has as many
   * active jobs as the spec allows. Atomic across instances: the job takes a Store slot.
   */
  async create(promotion: PromotionDoc, input: JobInput): Promise<JobDoc | undefined> {
    const kind = this.kindOf(promotion.id);
    const now = this.now();
    const duration = this.duration();
    let draft: JobDoc = {
      id: this.app.random.uuid(),
      promotion_id: promotion.id,
      job_type: input.job_type,
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parameters ? { parameters: input.parameters } : {}),
      status: PENDING,
      draft: true,
      generated: 0,
      deleted: 0,
      order: await this.store.nextValue(ORDER_COUNTER),
      created_ms: now,
      updated_ms: now,
      duration_ms: duration,
      processing_at: now + Math.round(duration * PENDING_SHARE),
      done_at: now + duration,
      seqs: [],
    };
    // Ids come from the random source, which --seed makes repeatable: instances sharing a store
    // with the same seed draw the same ids. Write the draft only under an id no job has yet (a
    // compare-and-set), drawing again otherwise, so one never overwrites another's job.
    for (let attempt = 1; !(await this.store.replaceDoc(kind, draft.id, undefined, draft)); attempt++) {
      if (attempt >= 8) throw new Error(`could not draw an unused job id in ${attempt} attempts`);
      draft = { ...draft, id: this.app.random.uuid() };
    }
    const slot = await this.claimSlot(promotion.id, draft.id, now);
    if (!slot) {
      await this.store.deleteDoc(kind, draft.id);
      return undefined;
    }
    const { draft: _draft, ...rest } = draft;
    const job: JobDoc = { ...rest, slot };
    if (!(await this.store.replaceDoc(kind, job.id, draft, job))) {
      // Only the stale-draft cleanup touches a draft, and only after LEASE_MS: treat as busy.
      await this.store.release(slot, job.id);
      return undefined;
    }
    this.schedule(job);
    return job;
  }

  private async claimSlot(promotionId: string, jobId: string, now: number): Promise<string | undefined> {
    const slots = this.slotsOf(promotionId);
    for (const slot of slots) if (await this.store.claim(slot, jobId)) return slot;
    // A slot may be held by a job that ended while its instance died before releasing it, or by
    // the draft of a creation that died half-way. Releasing with their ids is harmless otherwise.
    const kind = this.kindOf(promotionId);
    let freed = false;
    for (const job of await this.store.listDocs<JobDoc>(kind)) {
      if (job.id === jobId || (!job.slot && !job.draft)) continue;
      const staleDraft = job.draft === true && job.created_ms + LEASE_MS < now;
      if (!staleDraft && (job.draft || this.isActive(job))) continue;
      for (const slot of slots) await this.store.release(slot, job.id);
      if (staleDraft) await this.store.deleteDoc(kind, job.id);
      freed = true;
    }
    if (!freed) return undefined;
    for (const slot of slots) if (await this.store.claim(slot, jobId)) return slot;
    return undefined;
  }

  async cancel(promotionId: string, jobId: string): Promise<CancelOutcome> {
    const kind = this.kindOf(promotionId);
    for (let attempt = 0; attempt < 8; attempt++) {
      const stored = await this.store.getDoc<JobDoc>(kind, jobId);
      if (!stored || stored.draft) return { kind: 'not-found' };
      const job = this.isSettled(stored) ? stored : await this.advance(stored);
      if (!this.rules.cancellableStatuses.includes(job.status)) return { kind: 'not-cancellable', job };
      const now = this.now();
      // The lease is dropped: a step running elsewhere then loses its commit and undoes itself.
      const next: JobDoc = {
        ...withoutLease(job),
        status: this.rules.statusAfterCancel,
        updated_ms: now,
        cancel_done_at: now + Math.round(job.duration_ms * PENDING_SHARE),
      };
      if (await this.store.replaceDoc(kind, jobId, job, next)) {
        if (this.isActive(job) && next.slot) await this.store.release(next.slot, next.id);
        this.schedule(next);
        return { kind: 'cancelling', job: next };
      }
    }
    // Kept losing to other writers; answer with what is stored now.
    const latest = await this.store.getDoc<JobDoc>(kind, jobId);
    return latest ? { kind: 'not-cancellable', job: latest } : { kind: 'not-found' };
  }

  // ---- the timer ------------------------------------------------------------------------------

  /** When the job next changes on its own, or undefined if it never will. */
  private nextEventAt(job: JobDoc, now: number): number | undefined {
    if (job.draft || this.isSettled(job)) return undefined;
    let at: number;
    if (job.status === PENDING) at = job.processing_at;
    else if (job.status === PROCESSING) {
      const tick = Math.max(MIN_TICK_MS, (job.done_at - job.processing_at) / PROGRESS_STEPS);
      at = job.job_type === GENERATE ? Math.min(job.done_at, now + tick) : job.done_at;
    } else at = job.cancel_done_at ?? now;
    if (job.lease && job.lease.until > now) at = Math.max(at, now + MIN_TICK_MS);
    return at;
  }

  /** (Re)arms this instance's timer for the job, so it advances even when nobody asks. */
  schedule(job: JobDoc): void {
    const existing = this.timers.get(job.id);
    if (existing) clearTimeout(existing);
    this.timers.delete(job.id);
    if (this.closed) return;
    const now = this.now();
    const at = this.nextEventAt(job, now);
    if (at === undefined) return;
    const timer = setTimeout(() => this.fire(job), Math.max(1, Math.ceil(at - now)));
    timer.unref();
    this.timers.set(job.id, timer);
  }

  private fire(job: JobDoc): void {
    this.timers.delete(job.id);
    if (this.closed) return;
    const run = (async () => {
      try {
        const stored = await this.store.getDoc<JobDoc>(this.kindOf(job.promotion_id), job.id);
        if (stored) await this.advance(stored);
      } catch {
        // The store may be away (Redis down): try again a little later.
        if (!this.closed && !this.timers.has(job.id)) {
          const retry = setTimeout(() => this.fire(job), Math.max(100, MIN_TICK_MS));
          retry.unref();
          this.timers.set(job.id, retry);
        }
      }
    })();
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** At start (and after a reset): picks up the unfinished jobs already in the store, e.g. of a previous instance. */
  async resume(): Promise<void> {
    for (const promotion of await listPromotions(this.app)) await this.jobsOf(promotion.id);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  // ---- the API shape --------------------------------------------------------------------------

  serialize(job: JobDoc): Record<string, unknown> {
    return {
      type: JOB_TYPE,
      id: job.id,
      rule_promotion_id: job.promotion_id,
      job_type: job.job_type,
      ...(job.name !== undefined ? { name: job.name } : {}),
      ...(job.job_type === GENERATE && job.parameters ? { parameters: job.parameters } : {}),
      status: job.status,
      result: { generated: job.generated, deleted: job.deleted },
      ...(job.error !== undefined ? { error: job.error } : {}),
      meta: { timestamps: { created_at: iso(job.created_ms), updated_at: iso(job.updated_ms) } },
    };
  }
}
