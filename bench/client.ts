// Client benchmark: `npm run bench:client` (builds the app, then about five minutes).
// Headless Debian Chromium against the real, built server (scripts/e2e-server.mjs) on a fresh
// data directory, on generated maps of 100, 1,000 and 3,000 statements (links about 2×), made
// through the API. For each, ours and a baseline page drawing the same map with plain React
// Flow (bench/client-baseline/, no Yjs, no features), in the same run:
// - navigation to interactive (ours: the map drawn and connected; on its first opening, and
//   again once the server's first loop pass has written its labels and flags into it), JS heap
//   after load, and the JavaScript asked for before the map was interactive (as sent: compressed);
// - frame times (rAF deltas, p50 and p95) while dragging a statement and while panning, 3 s each,
//   once the server's first loop pass has reached the page;
// - ours only: a remote edit by a stock y-websocket client until it is on screen, and one
//   character typed by one person until it is on the other's screen (medians of 15).
// Targets at 1,000 statements: drag and pan p95 within 1.25× of the baseline; remote edit under
// 50 ms (median); load under 2 s.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { type Browser, type Page, type Request, chromium } from '@playwright/test';
import { build } from 'vite';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { statementText } from '../shared/src/statement.ts';
import { seededRandom } from './generate.ts';

/** `BENCH_SIZES=1000 npm run bench:client` measures one size only. */
const SIZES = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(',').map(Number) : [100, 1000, 3000];
const FRAMES_MS = 3000;
const SAMPLES = 15;
const PORT = 4290;
const BASELINE_PORT = 4291;
const origin = `http://127.0.0.1:${PORT}`;
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface MapFile {
  format: 'causal-map';
  version: 1;
  title: string;
  statements: { id: string; number: number; text: string; valence: string; x: number; y: number; createdAt: number; createdBy: string }[];
  links: { id: string; from: string; to: string; polarity: '+' | '-'; createdAt: number; createdBy: string }[];
}

/** Statements on a grid, as after Tidy up; links mostly to neighbours, a few further. */
function mapOf(size: number): MapFile {
  const random = seededRandom(size);
  const columns = Math.ceil(Math.sqrt(size) * 1.4);
  const words = 'memory mood daughter carer sleep pain visits nurse withdrawn contacts decline support falls appetite'.split(' ');
  const statements = Array.from({ length: size }, (_, i) => ({
    id: `s${i + 1}`,
    number: i + 1,
    text: `Mrs A: ${Array.from({ length: 3 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(' ')}`,
    valence: random() < 0.4 ? 'negative' : 'neutral',
    x: (i % columns) * 320,
    y: Math.floor(i / columns) * 200,
    createdAt: 1_700_000_000_000 + i,
    createdBy: 'Bench',
  }));
  const pairs = new Set<string>();
  const links: MapFile['links'] = [];
  while (links.length < size * 2) {
    const from = Math.floor(random() * size);
    const column = Math.min(columns - 1, (from % columns) + Math.floor(random() * 3));
    const row = Math.max(0, Math.floor(from / columns) + Math.floor(random() * 3 - 1));
    const to = random() < 0.97 ? Math.min(size - 1, row * columns + column) : Math.floor(random() * size);
    if (from === to || pairs.has(`${from}>${to}`)) continue;
    pairs.add(`${from}>${to}`);
    links.push({ id: `l${links.length + 1}`, from: `s${from + 1}`, to: `s${to + 1}`, polarity: random() < 0.3 ? '-' : '+', createdAt: 1_700_000_100_000 + links.length, createdBy: 'Bench' });
  }
  return { format: 'causal-map', version: 1, title: `${size} statements`, statements, links };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

async function startServer(): Promise<ChildProcess> {
  const server = spawn('node', ['scripts/e2e-server.mjs'], { env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  for (let tries = 0; tries < 100; tries++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

/** Builds the baseline page and serves it, with the map files, on its own port. */
async function startBaseline(files: Map<string, string>): Promise<() => void> {
  const outDir = here('./client-baseline/dist');
  await build({ root: here('./client-baseline'), configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, target: 'esnext' } });
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const file = files.get(path);
    if (file !== undefined) {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(file);
      return;
    }
    try {
      const body = readFileSync(join(outDir, path === '/' ? 'index.html' : path));
      response.writeHead(200, { 'Content-Type': path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html' });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(BASELINE_PORT, '127.0.0.1', resolve));
  return () => server.close();
}

// In the page: frame times, and the moment a statement shows a text.
const PAGE_HELPERS = `
  window.__lastMessage = 0;
  const PageSocket = WebSocket;
  window.WebSocket = class extends PageSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => (window.__lastMessage = performance.now()));
    }
  };
  window.__frames = () => {
    const deltas = [];
    let last = performance.now();
    let on = true;
    const frame = (time) => { deltas.push(time - last); last = time; if (on) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    return () => { on = false; return deltas; };
  };
  window.__shows = (id, text) => new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('statement ' + id + ' did not show "' + text + '" within 10 s')), 10000);
    const done = () => {
      const node = document.querySelector('.react-flow__node[data-id="' + id + '"] [data-testid="statement-text"]');
      if (node && node.textContent === text) { observer.disconnect(); resolve(Date.now()); return true; }
      return false;
    };
    const observer = new MutationObserver(done);
    if (!done()) observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
`;

interface Loaded {
  loadMs: number;
  heapMb: number;
  /** Scripts asked for before the map was interactive (as sent: Brotli from our server). */
  scriptKb: number;
  /** Scripts fetched after that, until the map stood still (panels loaded ahead of need). */
  laterScriptKb: number;
}

async function open(browser: Browser, url: string, ready: { ours: boolean; size: number }): Promise<{ page: Page; loaded: Loaded }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(`localStorage.setItem('causal-map:name', 'Bench'); ${PAGE_HELPERS}`);
  const page = await context.newPage();
  const early = new Set<Request>();
  let interactive = false;
  page.on('request', (request) => {
    if (!interactive && request.resourceType() === 'script') early.add(request);
  });
  let scriptBytes = 0;
  let laterBytes = 0;
  page.on('requestfinished', (request) => {
    if (request.resourceType() !== 'script') return;
    void request.sizes().then((sizes) => {
      // -1 when the body came from a cache (the service worker's, say): nothing downloaded.
      const bytes = Math.max(0, sizes.responseBodySize);
      if (early.has(request)) scriptBytes += bytes;
      else laterBytes += bytes;
    });
  });
  await page.goto(url);
  await page.waitForFunction(isReady, ready, { timeout: 120_000, polling: 'raf' });
  const loadMs = await page.evaluate(() => performance.now());
  interactive = true;
  // The map may still be fitted into view: measure once it stands still.
  let transform = '';
  for (;;) {
    await page.waitForTimeout(300);
    const now = await page.locator('.react-flow__viewport').getAttribute('style');
    if (now === transform) break;
    transform = now ?? '';
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return { page, loaded: { loadMs, heapMb: usedSize / 2 ** 20, scriptKb: scriptBytes / 1024, laterScriptKb: laterBytes / 1024 } };
}

/**
 * Waits until the server's first loop pass has reached the page: on a dense imported map it
 * writes thousands of labels and flags (30 MB at 1,000 statements) a moment after the map opens,
 * and frames measured while the page takes them in measure that, not drawing. Asking for the
 * loops returns once the pass is written; then the page's socket goes quiet.
 */
async function serverPassArrived(page: Page, mapId: string, token: string): Promise<void> {
  const answer = await fetch(`${origin}/api/docs/${mapId}/loops`, { headers: { Authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`the loops of ${mapId} answered ${answer.status}`);
  await answer.arrayBuffer();
  await page.waitForFunction(() => performance.now() - (window as unknown as { __lastMessage: number }).__lastMessage > 500, null, { timeout: 60_000, polling: 100 });
}

/** The point on screen nearest the middle where `selector` matches what is there. */
async function spotOf(page: Page, what: 'node' | 'pane'): Promise<{ x: number; y: number; id: string }> {
  return page.evaluate((kind) => {
    const candidates: { x: number; y: number; id: string; distance: number }[] = [];
    for (let y = 100; y < innerHeight - 100; y += 20) {
      for (let x = 100; x < innerWidth - 100; x += 20) {
        const element = document.elementFromPoint(x, y);
        const node = element?.closest('.react-flow__node');
        const ok = kind === 'node' ? node !== null && node !== undefined : element?.classList.contains('react-flow__pane');
        if (ok) candidates.push({ x, y, id: node?.getAttribute('data-id') ?? '', distance: Math.hypot(x - innerWidth / 2, y - innerHeight / 2) });
      }
    }
    candidates.sort((a, b) => a.distance - b.distance);
    const best = candidates[0];
    if (!best) throw new Error(`no ${kind} on screen`);
    return best;
  }, what);
}

/** Frame times while the mouse drags from a spot in circles for FRAMES_MS. */
async function dragFrames(page: Page, what: 'node' | 'pane'): Promise<{ p50: number; p95: number }> {
  const { x, y } = await spotOf(page, what);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.evaluate(() => ((window as unknown as { __stop: () => number[] }).__stop = (window as unknown as { __frames: () => () => number[] }).__frames()));
  const start = Date.now();
  for (let step = 0; Date.now() - start < FRAMES_MS; step++) {
    await page.mouse.move(x + 80 * Math.cos(step / 10), y + 60 * Math.sin(step / 10));
  }
  const deltas = await page.evaluate(() => (window as unknown as { __stop: () => number[] }).__stop());
  await page.mouse.up();
  return { p50: percentile(deltas, 0.5), p95: percentile(deltas, 0.95) };
}

/** Remote edits from a stock y-websocket client, until each is on screen. */
async function remoteEdits(page: Page, mapId: string, token: string, statementId: string): Promise<number> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${PORT}/ws`, mapId, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token }, disableBc: true });
  while (!provider.synced) await new Promise((resolve) => setTimeout(resolve, 20));
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const text = statementText(doc, statementId)!;
    const expected = `${text.toString()}${i % 10}`;
    const shown = page.evaluate(([id, want]) => (window as unknown as { __shows: (id: string, text: string) => Promise<number> }).__shows(id!, want!), [statementId, expected]);
    const sent = Date.now();
    text.insert(text.length, String(i % 10));
    times.push((await shown) - sent);
  }
  provider.destroy();
  doc.destroy();
  return median(times);
}

/** One character typed by one person until it is on the other person's screen. */
async function typing(writer: Page, reader: Page, statementId: string): Promise<number> {
  await writer.locator(`.react-flow__node[data-id="${statementId}"]`).dblclick({ force: true });
  const editor = writer.getByLabel('Statement text');
  await editor.press('End');
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const expected = `${await editor.inputValue()}${i % 10}`;
    const shown = reader.evaluate(([id, want]) => (window as unknown as { __shows: (id: string, text: string) => Promise<number> }).__shows(id!, want!), [statementId, expected]);
    const sent = Date.now();
    // To the editor that has focus, as a person types: a locator's press would first search the
    // whole page for the editor's label, which takes Playwright ~50 ms on a 1,000-statement map.
    await writer.keyboard.press(String(i % 10));
    times.push((await shown) - sent);
  }
  await editor.press('Escape');
  return median(times);
}

/** True once the page shows the whole map (ours: and is connected). */
function isReady({ ours, size }: { ours: boolean; size: number }): boolean {
  if (!ours) return document.querySelectorAll('.react-flow__node').length === size && document.querySelectorAll('.react-flow__edge').length > 0;
  // Ready when connected and the map is drawn (React draws every statement in one go).
  return (
    document.querySelector('[data-testid="connection-status"]')?.textContent === 'Connected' &&
    document.querySelectorAll('[data-testid="statement"]').length >= Math.min(size, 100) &&
    document.querySelectorAll('[data-testid="link"]').length > 0
  );
}

const server = await startServer();
const files = new Map<string, string>();
const made = new Map<number, { id: string; editToken: string }>();
for (const size of SIZES) {
  const file = mapOf(size);
  files.set(`/map-${size}.json`, JSON.stringify(file));
  const response = await fetch(`${origin}/api/docs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(file) });
  made.set(size, (await response.json()) as { id: string; editToken: string });
}
const stopBaseline = await startBaseline(files);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
const rows: string[] = [];
try {
  for (const size of SIZES) {
    try {
      rows.push(await measure(size));
    } catch (error) {
      // Say so in the table rather than lose the sizes that did finish.
      rows.push(`| ${size.toLocaleString('en')} | did not finish: ${String(error).split('\n')[0]} | | | | | | |`);
    }
    console.error(rows.at(-1));
  }
} finally {
  await browser.close();
  stopBaseline();
  server.kill();
}

async function measure(size: number): Promise<string> {
  const { id, editToken } = made.get(size)!;
  const ours = await open(browser, `${origin}/m/${id}#token=${editToken}`, { ours: true, size });
  const baseline = await open(browser, `http://127.0.0.1:${BASELINE_PORT}/?map=/map-${size}.json`, { ours: false, size });
  await serverPassArrived(ours.page, id, editToken);
  const oursDrag = await dragFrames(ours.page, 'node');
  const baseDrag = await dragFrames(baseline.page, 'node');
  const oursPan = await dragFrames(ours.page, 'pane');
  const basePan = await dragFrames(baseline.page, 'pane');
  const { id: shownId } = await spotOf(ours.page, 'node');
  const remote = await remoteEdits(ours.page, id, editToken, shownId);
  const other = await open(browser, `${origin}/m/${id}#token=${editToken}`, { ours: true, size });
  const typed = await typing(other.page, ours.page, (await spotOf(other.page, 'node')).id);
  for (const page of [ours.page, baseline.page, other.page]) await page.context().close();
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  return (
    // Opened again (the second person): the server has since run the map's first loop pass.
    `| ${size.toLocaleString('en')} | load ${ours.loaded.loadMs.toFixed(0)} / ${baseline.loaded.loadMs.toFixed(0)} ms (${ratio(ours.loaded.loadMs, baseline.loaded.loadMs)}); again ${other.loaded.loadMs.toFixed(0)} ms ` +
      `| heap ${ours.loaded.heapMb.toFixed(1)} / ${baseline.loaded.heapMb.toFixed(1)} MB | scripts ${ours.loaded.scriptKb.toFixed(0)} (+${ours.loaded.laterScriptKb.toFixed(0)} after) / ${baseline.loaded.scriptKb.toFixed(0)} KB ` +
      `| drag p50 ${oursDrag.p50.toFixed(1)} / ${baseDrag.p50.toFixed(1)}, p95 ${oursDrag.p95.toFixed(1)} / ${baseDrag.p95.toFixed(1)} ms (p95 ${ratio(oursDrag.p95, baseDrag.p95)}) ` +
      `| pan p50 ${oursPan.p50.toFixed(1)} / ${basePan.p50.toFixed(1)}, p95 ${oursPan.p95.toFixed(1)} / ${basePan.p95.toFixed(1)} ms (p95 ${ratio(oursPan.p95, basePan.p95)}) ` +
      `| ${remote.toFixed(0)} ms | ${typed.toFixed(0)} ms |`
  );
}

console.log(`Chromium (Debian), headless; Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}. Ours / baseline.`);
console.log('| statements | navigation to interactive | JS heap after load | JavaScript downloaded | dragging a statement | panning | remote edit on screen (median) | typing to the other screen (median) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
