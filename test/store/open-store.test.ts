import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../src/store/index.js';

describe('openStore', () => {
  it('memory when neither a state file nor Redis is given', async () => {
    const store = await openStore();
    expect(store.kind).toBe('memory');
    await store.close();
  });

  it('SQLite for a state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'open-store-'));
    const store = await openStore({ state: join(dir, 'state.db') });
    expect(store.kind).toBe('sqlite');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Redis for a URL (and its open error when unreachable)', async () => {
    await expect(openStore({ redis: 'redis://127.0.0.1:1' })).rejects.toBeInstanceOf(StoreOpenError);
  });

  it('refuses both at once', async () => {
    await expect(openStore({ state: 'x.db', redis: 'redis://127.0.0.1:1' })).rejects.toThrow(/not both/);
  });
});
