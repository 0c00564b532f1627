import { databasePasswords } from '../config/database-settings.js';
import { StartupError } from '../startup-error.js';
import { databaseTargetFrom } from './connect-database.js';
import { createStore, type Store } from './create-store.js';

/** The error a bot that cannot reach its database stops with: where, and why, never the password. */
export class DatabaseUnreachableError extends StartupError {
  constructor(where: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`could not open the database at ${where}: ${why}`);
  }
}

// The URL with its password (and any query string, which may carry one) left out.
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `postgres://${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The store the configuration names: PostgreSQL when DATABASE_URL is set (issue #16), else the STATE_DB file. */
export async function openStore(config: {
  stateDb: string;
  database?: { url: string; poolSize: number };
}): Promise<Store> {
  const target = databaseTargetFrom(config);
  const where = target.engine === 'postgres' ? describeUrl(target.url) : target.file;
  try {
    return await createStore(target);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const passwords = databasePasswords(config.database);
    throw new DatabaseUnreachableError(
      where,
      passwords.reduce((text, password) => text.split(password).join('***'), message),
    );
  }
}
