// DATABASE_URL switches the state from the SQLite file (STATE_DB) to PostgreSQL (issue #16).

export const DEFAULT_POOL_SIZE = 10;

/** Why DATABASE_URL is not a PostgreSQL URL, or undefined when it is. Never quotes the value: it holds a password. */
export function databaseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL such as postgres://user:password@host:5432/database';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    return 'must be a postgres:// or postgresql:// URL (PostgreSQL is the only server database; unset it to keep SQLite at STATE_DB)';
  if (url.hostname === '')
    return 'must name the PostgreSQL host, e.g. postgres://user:password@host:5432/database';
  return undefined;
}

// DATABASE_POOL_SIZE only sizes a PostgreSQL pool; alone it is a mistake worth saying.
export function databaseProblems(env: Record<string, string | undefined>): string[] {
  return env.DATABASE_POOL_SIZE && !env.DATABASE_URL
    ? ['DATABASE_POOL_SIZE: applies only with DATABASE_URL (PostgreSQL); unset it or set DATABASE_URL']
    : [];
}

export function databaseSettings(env: { DATABASE_URL?: string; DATABASE_POOL_SIZE?: string }): {
  database?: { url: string; poolSize: number };
} {
  if (!env.DATABASE_URL) return {};
  return {
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : DEFAULT_POOL_SIZE,
    },
  };
}

/**
 * The password as written in the URL and decoded, so either form is scrubbed from logs and
 * messages: the one before the host and a `password` query parameter, which node-postgres also
 * takes as the connection's password.
 */
export function databasePasswords(database: { url: string } | undefined): string[] {
  if (!database) return [];
  const url = new URL(database.url);
  const written = [url.password, ...[...url.search.matchAll(/[?&]password=([^&]*)/g)].map((m) => m[1] ?? '')];
  return [...new Set(written.filter((raw) => raw !== '').flatMap((raw) => [raw, decoded(raw)]))];
}

function decoded(raw: string): string {
  try {
    // A query string may also write a space as `+`.
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    // A malformed escape: the raw form is what appears anywhere.
    return raw;
  }
}
