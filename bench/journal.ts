// What the journal costs: `npx tsx bench/journal.ts`. 1,000 edits as people make them (one
// keystroke each into statements' texts, with a few new statements and links among them) go
// through the SQLite storage the server uses, with the time and name the server keeps; the file
// grows by what the journal holds, compaction included (it never deletes the journal).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addLink } from '../shared/src/link.ts';
import { addStatement, statementText } from '../shared/src/statement.ts';
import { loadDoc } from '../server/src/load-doc.ts';
import { databasePath, openSqliteStorage } from '../server/src/sqlite-storage.ts';
import { hashToken } from '../server/src/tokens.ts';

const EDITS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'journal-bench-'));
const storage = openSqliteStorage(dir);
const doc = new Y.Doc();
const author = { name: 'Ana (nurse)' };
await storage.createMap({ id: 'm', title: 'Journal', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: Date.now() }, Y.encodeStateAsUpdate(doc));
const sizeOf = () => {
  let total = 0;
  for (const suffix of ['', '-wal']) {
    try {
      total += statSync(databasePath(dir) + suffix).size;
    } catch {
      // no WAL file right now
    }
  }
  return total;
};
const before = sizeOf();
let updateBytes = 0;
const ids: string[] = [];
let seq = 0;
const queued: Uint8Array[] = [];
doc.on('update', (update: Uint8Array) => {
  updateBytes += update.byteLength;
  queued.push(update);
});
for (let edit = 0; edit < EDITS; edit++) {
  if (edit % 50 === 0) ids.push(addStatement(doc, { text: '', x: edit, y: 0 }, author));
  else if (edit % 50 === 25 && ids.length > 1) addLink(doc, { from: ids.at(-2)!, to: ids.at(-1)!, polarity: '+' }, author);
  else {
    const text = statementText(doc, ids.at(-1)!)!;
    text.insert(text.length, 'abcdefghij klmnop'[edit % 17]!);
  }
  for (const update of queued.splice(0)) seq = await storage.appendUpdate('m', update, { receivedAt: Date.now(), by: author.name });
  if (edit % 500 === 499) await storage.compact('m', Y.encodeStateAsUpdate(doc), seq);
}
await storage.close();
const after = sizeOf();
rmSync(dir, { recursive: true, force: true });
console.log(`${EDITS} edits: Yjs updates ${updateBytes} B (${(updateBytes / EDITS).toFixed(0)} B each); the database grew by ${after - before} B, ${((after - before) / 1024).toFixed(0)} KiB per 1,000 edits (journal rows with time and name, two snapshots, SQLite pages)`);

// Loading a map (the live path) with a kept journal, against the same map whose covered updates
// are deleted (as compaction did before the journal): the load reads the snapshot and the updates
// after it, by primary key, so the kept rows should cost nothing.

async function loadTimes(deleteCovered: boolean): Promise<number> {
  const where = mkdtempSync(join(tmpdir(), 'journal-load-'));
  const store = openSqliteStorage(where);
  const source = new Y.Doc();
  await store.createMap({ id: 'm', title: 'Load', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: Date.now() }, Y.encodeStateAsUpdate(source));
  let last = 0;
  const pending: Uint8Array[] = [];
  source.on('update', (update: Uint8Array) => pending.push(update));
  const id = addStatement(source, { text: '', x: 0, y: 0 }, author);
  for (let i = 0; i < 10_000; i++) {
    statementText(source, id)!.insert(0, 'a');
    for (const update of pending.splice(0)) last = await store.appendUpdate('m', update, { receivedAt: Date.now(), by: 'Ana' });
    if (i % 500 === 499) await store.compact('m', Y.encodeStateAsUpdate(source), last);
  }
  await store.close();
  if (deleteCovered) {
    const db = new Database(databasePath(where));
    db.prepare('DELETE FROM updates WHERE map_id = ? AND seq <= (SELECT upto_seq FROM snapshots WHERE map_id = ?)').run('m', 'm');
    db.close();
  }
  const reopened = openSqliteStorage(where);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    (await loadDoc(reopened, 'm'))?.doc.destroy();
    times.push(performance.now() - start);
  }
  await reopened.close();
  rmSync(where, { recursive: true, force: true });
  return times.sort((a, b) => a - b)[10]!;
}

const without = await loadTimes(true);
const kept = await loadTimes(false);
console.log(`Loading a map of 10,000 edits (median of 20): covered updates deleted ${without.toFixed(2)} ms, journal kept ${kept.toFixed(2)} ms`);
