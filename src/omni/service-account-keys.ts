import { parseTable } from './parse-table.js';

const HEADERS = [
  'NAME',
  'ROLE',
  'LAST ACTIVE',
  'PUBLIC KEY ID',
  'KEY CREATED',
  'KEY LAST ACTIVE',
  'EXPIRATION',
] as const;

type ServiceAccountKey = { account: string; publicKeyId: string; expiresAt?: string };

// `omnictl serviceaccount list`: one row per key; continuation rows leave the account cells empty.
export function parseServiceAccountKeys(text: string): ServiceAccountKey[] {
  const keys: ServiceAccountKey[] = [];
  let account = '';
  for (const row of parseTable(text, HEADERS)) {
    if (row.NAME) account = row.NAME;
    const expiresAt = row.EXPIRATION && row.EXPIRATION !== 'Never' ? row.EXPIRATION : undefined;
    keys.push({ account, publicKeyId: row['PUBLIC KEY ID'] ?? '', expiresAt });
  }
  return keys;
}
