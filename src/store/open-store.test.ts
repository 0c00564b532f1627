import { describe, expect, it } from 'vitest';
import { DatabaseUnreachableError, openStore } from './open-store.js';

describe('openStore', () => {
  it.each([
    ['a plain password', 'pg-password-that-must-not-leak'],
    ['a password with a percent sign that is not an escape', '50%off-secret'],
  ])('names where a PostgreSQL it cannot reach is, never %s', async (_, password) => {
    const opened = openStore({
      stateDb: '/nonexistent/state.sqlite',
      database: { url: `postgres://omni:${password}@127.0.0.1:1/omni`, poolSize: 1 },
    });

    const error = await opened.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(
      /^could not open the database at postgres:\/\/omni@127\.0\.0\.1:1\/omni: .*ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain(password);
  });
});
