#!/usr/bin/env node
// Gzipped JavaScript a person downloads, from the last `vite build`: on the home page (the entry
// and what it imports statically) and on opening a map (plus the map page chunk and its static
// imports). Chunks loaded on demand (ELK, its worker, the legend) are listed apart. Gzip at level
// 9, and Brotli (quality 11): what browsers get from our server. The first-load budget of issue 12
// is the browser's figure (`npm run bench:client`), which also counts the workers' scripts.
// Run: `npx vite build && node scripts/bundle-size.mjs`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = 'client/dist';
const assets = join(dist, 'assets');
const gz = (file) => gzipSync(readFileSync(join(assets, file)), { level: 9 }).length;
// What the server sends a browser that takes Brotli (the build writes these copies).
const br = (file) => brotliCompressSync(readFileSync(join(assets, file)), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const staticImports = (file) =>
  [...readFileSync(join(assets, file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]);

function closure(roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...staticImports(file));
  }
  return seen;
}

const entry = /src="\/assets\/([^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))[1];
const scripts = readdirSync(assets).filter((file) => file.endsWith('.js'));
const mapPage = scripts.find((file) => file.startsWith('MapPage-'));
const homePage = scripts.find((file) => file.startsWith('HomePage-'));
const home = closure([entry, homePage]);
const map = closure([entry, mapPage]);
const sum = (files, size = gz) => [...files].reduce((total, file) => total + size(file), 0);
console.log(`home page: ${sum(home)} B gz, ${sum(home, br)} B br (${[...home].join(', ')})`);
console.log(`map page:  ${sum(map)} B gz, ${sum(map, br)} B br (${[...map].join(', ')})`);
for (const file of scripts.filter((file) => !map.has(file))) console.log(`on demand: ${file} ${gz(file)} B gz`);
