import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addLink } from '@causal-map/shared/link';
import { addStatement, deleteStatement, setValence } from '@causal-map/shared/statement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedMap, TestServer, connect, createMap, disconnectAll, eventually, makeTempDir, removeDir, whenSynced } from './helpers.js';

// Every export format of SPEC §6, of a map built by stock y-websocket clients, read back with
// outside tools: Graphviz for DOT, poppler's pdftotext for the report, the PNG header.

const execFileAsync = promisify(execFile);
const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

describe('exports', () => {
  let server: TestServer;
  let map: CreatedMap;
  let built: CreatedMap;
  let dir: string;

  const exportOf = (target: CreatedMap, query: string, token: string | null = target.viewToken) =>
    fetch(`${server.url}/api/docs/${target.id}/export?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    server = await TestServer.start();
    dir = await makeTempDir('causal-map-export-');
    map = await createMap(server.url, dementia);
    // A small map made live by two stock clients: a loop, a deleted statement, awkward text.
    built = await createMap(server.url, { title: 'Mrs A <home> & "care"' });
    const ana = connect(server.wsUrl, built.id, built.editToken);
    const ben = connect(server.wsUrl, built.id, built.editToken);
    await Promise.all([whenSynced(ana), whenSynced(ben)]);
    const a = addStatement(ana.doc, { text: 'Pain at night, "worse" <now> & then 🙂', x: 0, y: 0 }, { name: 'Ana' });
    const b = addStatement(ben.doc, { text: 'Poor sleep — café', x: 400, y: 0 }, { name: 'Ben' });
    const c = addStatement(ana.doc, { text: 'Gone statement', x: 200, y: 300 }, { name: 'Ana' });
    await eventually(async () => ben.doc.getMap('statements').size === 3, 5000, 'all statements at Ben');
    setValence(ana.doc, a, 'negative');
    addLink(ana.doc, { from: a, to: b, polarity: '+' }, { name: 'Ana' });
    addLink(ben.doc, { from: b, to: a, polarity: '-' }, { name: 'Ben' });
    deleteStatement(ana.doc, c, { name: 'Ana' });
    await eventually(async () => {
      const response = await exportOf(built, 'format=csv&table=links');
      return (await response.text()).split('\r\n').filter(Boolean).length === 3;
    }, 5000, 'both links stored');
    disconnectAll();
  });
  afterAll(async () => {
    await server.stop();
    await removeDir(dir);
  });

  it('SVG: every live statement with its number and text, one arrow per link, a minus sign, no deleted items', async () => {
    const response = await exportOf(built, 'format=svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await response.text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('Pain at night, &quot;worse&quot; &lt;now&gt; &amp;');
    expect(svg).toContain('Poor sleep — café');
    expect(svg).not.toContain('Gone statement');
    expect(svg.match(/class="link"/g)).toHaveLength(2);
    expect(svg.match(/>−</g)).toHaveLength(1);
    // Two people added at once: the numbers are whatever order the statements reached everyone in.
    const exported = (await (await exportOf(built, 'format=json')).json()) as { statements: { number: number; text: string }[] };
    const numberOf = (start: string) => exported.statements.find((each) => each.text.startsWith(start))?.number;
    const [pain, sleep] = [numberOf('Pain at night'), numberOf('Poor sleep')];
    expect(svg).toContain(`>${pain} may lead to ${sleep}<`);
    expect(svg).toContain(`>${sleep} may not lead to ${pain}<`);
  });

  it('PNG: twice the SVG’s size, on white', async () => {
    const svg = await (await exportOf(built, 'format=svg')).text();
    const [, width, height] = /width="(\d+)" height="(\d+)"/.exec(svg) ?? [];
    const response = await exportOf(built, 'format=png');
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.readUInt32BE(16)).toBe(2 * Number(width));
    expect(png.readUInt32BE(20)).toBe(2 * Number(height));
  });

  it('PDF: a report whose text holds the title, the statements, the links in words and the loops table', async () => {
    const response = await exportOf(map, 'format=pdf');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const file = join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Dementia case (illustrative)');
    expect(text).toMatch(/Participants:.*Ana \(nurse\)/);
    expect(text).toContain("Mrs A's memory is getting worse");
    expect(text).toContain('11 may not lead to 5');
    expect(text).toContain('12 may not lead to 9');
    expect(text).toMatch(/R1\s+reinforcing\s+VICIOUS/);
    expect(text).toContain('Vicious loop R1');
    const pages = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(pages).toMatch(/Page size:\s+(595|842)/);
    const letter = Buffer.from(await (await exportOf(map, 'format=pdf&paper=letter')).arrayBuffer());
    writeFileSync(join(dir, 'letter.pdf'), letter);
    expect(execFileSync('pdfinfo', [join(dir, 'letter.pdf')], { encoding: 'utf8' })).toMatch(/Page size:\s+612 x 792/);
  });

  it('one loop alone, for svg, png and pdf; an unknown loop is a 400', async () => {
    const svg = await (await exportOf(map, 'format=svg&loop=B1')).text();
    expect(svg.match(/class="statement"/g)).toHaveLength(3);
    const response = await exportOf(map, 'format=svg&loop=R99');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('no loop "R99"');
  });

  it('DOT that Graphviz reads, GraphML with its keys, and CSV tables with the SPEC’s columns', async () => {
    const dot = await (await exportOf(map, 'format=dot')).text();
    expect(execFileSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' })).toContain('<svg');
    expect(dot).toMatch(/^digraph/);
    const graphml = await (await exportOf(map, 'format=graphml')).text();
    for (const key of ['number', 'text', 'valence', 'polarity']) expect(graphml).toContain(`attr.name="${key}"`);
    expect(graphml.match(/<node /g)).toHaveLength(12);
    const header = async (table: string) => {
      const bytes = Buffer.from(await (await exportOf(map, `format=csv&table=${table}`)).arrayBuffer());
      // A byte order mark first, so Excel reads the UTF-8 (accents, arrows) right.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.subarray(3).toString('utf8').split('\r\n')[0];
    };
    expect(await header('statements')).toBe('number,text,valence,on_loop,created_at,created_by');
    expect(await header('links')).toBe('from,to,polarity,reads,created_at,created_by');
    expect(await header('loops')).toBe('label,polarity,character,chain,title,note,closed_at,closed_by');
  });

  it('names the file after the title and date, and the JSON is the export document', async () => {
    const response = await exportOf(map, 'format=json');
    const day = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('content-disposition')).toContain(`filename="Dementia case (illustrative)-${day}.json"`);
    const exported = (await response.json()) as { format: string; statements: unknown[] };
    expect(exported.format).toBe('causal-map');
    expect(exported.statements).toHaveLength(12);
  });

  it('npm run export writes the file from a map link, and says what is wrong with a bad one', async () => {
    // Run asynchronously: the server answering it lives in this process.
    const script = new URL('../../scripts/export.mjs', import.meta.url).pathname;
    const run = (args: string[]) => execFileAsync(process.execPath, [script, ...args], { encoding: 'utf8' });
    const out = join(dir, 'from-cli.csv');
    const link = `${server.url}/m/${map.id}#token=${map.viewToken}`;
    const said = await run(['--url', link, '--format', 'csv', '--table', 'links', '--out', out]);
    expect(said.stdout).toContain(`Wrote ${out}`);
    expect(readFileSync(out, 'utf8')).toContain('11,5,-,may not lead to');
    const byFlags = join(dir, 'by-flags.svg');
    await run(['--server', server.url, '--id', map.id, '--token', map.editToken, '--format', 'svg', '--loop', 'B1', '--out', byFlags]);
    expect(readFileSync(byFlags, 'utf8').match(/class="statement"/g)).toHaveLength(3);
    // Ids and tokens may start with "-" (base64url): still read as the option's value.
    const refused = await run(['--server', server.url, '--id', map.id, '--token', '-not-the-token', '--format', 'pdf', '--out', join(dir, 'x.pdf')]).then(
      () => '',
      (error: { stderr?: string }) => String(error.stderr),
    );
    expect(refused).toContain('The server refused (401)');
  });

  it('a view token is enough; no token is a 401, an unknown format a 400', async () => {
    expect((await exportOf(map, 'format=svg', map.viewToken)).status).toBe(200);
    expect((await exportOf(map, 'format=svg', map.editToken)).status).toBe(200);
    expect((await exportOf(map, 'format=svg', null)).status).toBe(401);
    const unknown = await exportOf(map, 'format=docx');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('Unknown format "docx"');
  });
});
