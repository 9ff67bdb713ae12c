/** Child process of the kill -9 test: inserts codes one by one and prints each once acknowledged. */
import { openSqliteStore } from '../../../src/store/sqlite.js';

const store = openSqliteStore(process.argv[2]!);
for (let i = 0; ; i++) {
  const code = `KILL${i}`;
  await store.insertCodes('bigcommerce:1', [{ code, data: { i } }], 'all-or-nothing');
  process.stdout.write(`${code}\n`);
}
