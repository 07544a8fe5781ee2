import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|webmanifest)$/;

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Writes a Brotli and a gzip copy next to every script, style sheet and page in `dir` over 1 KiB. */
export function compressFiles(dir: string): void {
  for (const file of filesIn(dir).filter((name) => COMPRESSIBLE.test(name))) {
    const bytes = readFileSync(file);
    if (bytes.length < 1024) continue;
    const brotli = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: brotli }));
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

/**
 * The client build's last step: compressed copies of what it wrote, which the server (sirv)
 * sends to browsers that accept them. Compressed once, at the best level, instead of on every
 * request (and not at all before: the app's scripts went out uncompressed).
 */
export function precompress(outDir: string): Plugin {
  return { name: 'precompress', apply: 'build', closeBundle: () => compressFiles(outDir) };
}
