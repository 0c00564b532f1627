import { randomBytes } from 'node:crypto';

// Unguessable ids: a forged button value must not name someone else's request by luck.
export function newId(prefix: 'r' | 'run'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export const REQUEST_ID = /^r-[0-9a-f]{12}$/;
