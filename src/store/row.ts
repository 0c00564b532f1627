// A row as better-sqlite3 returns it, and how its nullable text columns read.
export type Row = Record<string, unknown>;

export const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
