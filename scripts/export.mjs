#!/usr/bin/env node
// Downloads an export of a map from a running server (SPEC §6), for scripts and report pipelines:
//   npm run export -- --url "http://localhost:8080/m/ID#token=TOKEN" --format pdf --out report.pdf
//   npm run export -- --server http://localhost:8080 --id ID --token TOKEN --format csv --table links
// Options: --format json|svg|png|pdf|dot|graphml|csv, --loop R1 (svg, png, pdf), --table
// statements|links|loops (csv), --paper a4|letter (pdf), --out FILE (default: the server's file name).
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = 'Usage: npm run export -- --url "http://HOST:PORT/m/ID#token=TOKEN" --format pdf [--out FILE]\n' +
  '   or: npm run export -- --server http://HOST:PORT --id ID --token TOKEN --format csv [--table links]';

function fail(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const VALUED = ['url', 'server', 'id', 'token', 'format', 'loop', 'table', 'paper', 'out'];
// Map ids and tokens may start with "-" (they are base64url): "--id -x1" means "--id=-x1".
const args = [];
const given = process.argv.slice(2);
for (let i = 0; i < given.length; i++) {
  const arg = given[i];
  const next = given[i + 1];
  if (VALUED.includes(arg.replace(/^--/, '')) && arg.startsWith('--') && next !== undefined && next.startsWith('-') && !next.startsWith('--')) {
    args.push(`${arg}=${next}`);
    i++;
  } else args.push(arg);
}

let options;
try {
  ({ values: options } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      server: { type: 'string' },
      id: { type: 'string' },
      token: { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      loop: { type: 'string' },
      table: { type: 'string' },
      paper: { type: 'string' },
      out: { type: 'string' },
    },
  }));
} catch (error) {
  fail(error.message);
}

let { server, id, token } = options;
if (options.url) {
  const link = new URL(options.url);
  server ??= link.origin;
  id ??= /^\/m\/([^/]+)/.exec(link.pathname)?.[1];
  token ??= new URLSearchParams(link.hash.slice(1)).get('token') ?? link.searchParams.get('token') ?? undefined;
}
if (!server || !id || !token) fail('Give the map link (--url), or --server, --id and --token.');

const query = new URLSearchParams({ format: options.format });
for (const key of ['loop', 'table', 'paper']) if (options[key]) query.set(key, options[key]);
let response;
try {
  response = await fetch(`${server.replace(/\/$/, '')}/api/docs/${encodeURIComponent(id)}/export?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
} catch (error) {
  console.error(`Could not reach ${server}: ${error.cause?.message ?? error.message}`);
  process.exit(1);
}
if (!response.ok) {
  const body = await response.json().catch(() => null);
  console.error(`The server refused (${response.status}): ${body?.error?.message ?? response.statusText}`);
  process.exit(1);
}
const disposition = response.headers.get('content-disposition') ?? '';
const named = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
const out = options.out ?? (named ? decodeURIComponent(named) : `map.${options.format}`);
const bytes = Buffer.from(await response.arrayBuffer());
await writeFile(out, bytes);
console.log(`Wrote ${out} (${bytes.length} bytes)`);
