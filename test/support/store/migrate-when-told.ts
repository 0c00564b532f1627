// A replica starting: connects to the SQLite file given as argv[2], says "ready", and migrates when
// its stdin says "go", so a test can start two processes' migrations at the same moment. Prints the
// versions it applied as JSON.
import { createInterface } from 'node:readline';
import { connectDatabase } from '../../../src/store/connect-database.js';
import { migrateDatabase } from '../../../src/store/migrate-database.js';

const file = process.argv[2];
if (!file) throw new Error('usage: migrate-when-told.ts <sqlite file>');
const { db, close } = connectDatabase({ engine: 'sqlite', file });
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') continue;
  const { applied } = await migrateDatabase(db, 'sqlite');
  process.stdout.write(`${JSON.stringify(applied)}\n`);
  break;
}
await close();
