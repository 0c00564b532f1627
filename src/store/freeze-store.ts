import type { Db } from './open-database.js';

// Who froze changes, when and why (user text, stored as typed).
export type FreezeRecord = { by: string; since: string; reason: string };

// The single freeze row: present means frozen.
export function createFreezeStore(db: Db) {
  const get = db.prepare('SELECT frozen_by, since, reason FROM freeze WHERE id = 1');
  const insert = db.prepare(
    'INSERT INTO freeze (id, frozen_by, since, reason) VALUES (1, @by, @since, @reason) ON CONFLICT (id) DO NOTHING',
  );
  const remove = db.prepare('DELETE FROM freeze WHERE id = 1');
  return {
    get(): FreezeRecord | undefined {
      const row = get.get() as { frozen_by: string; since: string; reason: string } | undefined;
      return row ? { by: row.frozen_by, since: row.since, reason: row.reason } : undefined;
    },
    // false when already frozen (the first freeze stays in force, with its author).
    set(freeze: FreezeRecord): boolean {
      return insert.run(freeze).changes === 1;
    },
    clear(): boolean {
      return remove.run().changes === 1;
    },
  };
}

export type FreezeStore = ReturnType<typeof createFreezeStore>;
