import Database from 'better-sqlite3';

/**
 * Rows of a query on the bot's SQLite file, opened read-only: for what a test checks and the store
 * has no method for (every run ever made, a count). Test-only; the bot reads through its store.
 */
export function readStateDb<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}
