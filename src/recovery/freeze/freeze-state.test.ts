import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../store/create-store.js';
import { readFreeze, UNREADABLE_REASON } from './freeze-state.js';

const NOW = new Date('2026-08-22T09:30:00Z');

function tempFile() {
  return path.join(mkdtempSync(path.join(tmpdir(), 'freeze-')), 'state.sqlite');
}

describe('readFreeze', () => {
  it('is undefined when nothing is frozen, and the stored freeze when it is', async () => {
    const store = await createStore(tempFile());
    expect(await readFreeze({ store, clock: () => NOW })).toBeUndefined();
    await store.freeze.set({ by: 'U0BOB', since: NOW.toISOString(), reason: 'release' });
    expect(await readFreeze({ store, clock: () => NOW })).toEqual({
      by: 'U0BOB',
      since: NOW.toISOString(),
      reason: 'release',
    });
    await store.close();
  });

  it('fails closed: a freeze state that cannot be read means frozen', async () => {
    const file = tempFile();
    const store = await createStore(file);
    // Another connection breaks the table under the bot's store, as a damaged database would.
    const other = new Database(file);
    other.exec('DROP TABLE freeze');
    other.close();
    expect(await readFreeze({ store, clock: () => NOW })).toMatchObject({
      unreadable: true,
      reason: UNREADABLE_REASON,
    });
    await store.close();
  });
});
