import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The built server as a child process, for tests that kill it for real (SIGKILL) or stop it
// with a signal (SIGTERM).

const root = fileURLToPath(new URL('../..', import.meta.url));
const mainScript = path.join(root, 'server/dist/main.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  exited: Promise<void>;
}

/** A fresh dist of the server (and of shared, which it builds first). */
export function buildServer(): void {
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'server'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // Someone else's unfinished file can fail the build; the emitted dist is still usable.
    if (!fs.existsSync(mainScript)) throw error;
    console.warn(`tsc -b server reported errors:\n${String((error as { stdout?: Buffer }).stdout ?? error)}`);
  }
}

/** Starts `node server/dist/main.js` on a free port; resolves once it logs "listening". */
export function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [mainScript], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // Not left running behind the failed test.
      child.kill('SIGKILL');
      reject(new Error(`server did not start (it must log "listening" at LOG_LEVEL info): ${stderr}`));
    }, 15_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: { msg?: string; url?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg === 'listening' && entry.url) {
        clearTimeout(timer);
        resolve({ child, url: entry.url, wsUrl: `${entry.url.replace(/^http/, 'ws')}/ws`, exited });
      }
    });
  });
}

/** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  await server.exited;
}
