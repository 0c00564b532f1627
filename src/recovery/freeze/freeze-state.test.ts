import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../store/create-store.js';
import { readFreeze, UNREADABLE_REASON } from './freeze-state.js';

const NOW = new Date('2026-08-22T09:30:00Z');

function tempStore() {
  return createStore(path.join(mkdtempSync(path.join(tmpdir(), 'freeze-')), 'state.sqlite'));
}

describe('readFreeze', () => {
  it('is undefined when nothing is frozen, and the stored freeze when it is', () => {
    const store = tempStore();
    expect(readFreeze({ store, clock: () => NOW })).toBeUndefined();
    store.freeze.set({ by: 'U0BOB', since: NOW.toISOString(), reason: 'release' });
    expect(readFreeze({ store, clock: () => NOW })).toEqual({
      by: 'U0BOB',
      since: NOW.toISOString(),
      reason: 'release',
    });
    store.close();
  });

  it('fails closed: a freeze state that cannot be read means frozen', () => {
    const store = tempStore();
    store.db.exec('DROP TABLE freeze');
    expect(readFreeze({ store, clock: () => NOW })).toMatchObject({
      unreadable: true,
      reason: UNREADABLE_REASON,
    });
    store.close();
  });
});
