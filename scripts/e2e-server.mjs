#!/usr/bin/env node
// Starts the built server for the browser tests on a fresh, throw-away data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dataDir = mkdtempSync(join(tmpdir(), 'causal-map-e2e-'));
process.env.DATA_DIR = dataDir;
const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
process.on('exit', cleanUp);
await import('../server/dist/main.js');
