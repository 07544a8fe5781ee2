import type { IncomingMessage, ServerResponse } from 'node:http';

/** The error codes of SPEC §3 and the HTTP status each goes with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 413 | 426 | 429 | 500 | 501 | 503;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendJsonText(response, status, JSON.stringify(body));
}

/** Sends JSON that is already text (e.g. loops the loop worker stringified). */
export function sendJsonText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/** `{"error": {"code", "message"}}`; the message says what to do about it. */
export function sendError(
  response: ServerResponse,
  status: ErrorStatus,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  sendJson(response, status, { error: { code, message, ...extra } });
}

export type BodyResult =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; message: string }
  | { kind: 'too-large' };

/** Reads a JSON body of at most `limit` bytes; stops reading as soon as it is too large. */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    request.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({ kind: 'empty' });
        return;
      }
      try {
        resolve({ kind: 'json', value: JSON.parse(text) as unknown });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        resolve({ kind: 'invalid', message: `The body is not valid JSON (${reason}).` });
      }
    });
  });
}

/** Counts requests per address in one-minute windows; enough to stop a runaway script. */
export class RateLimiter {
  private readonly counts = new Map<string, number>();
  private windowStart = Date.now();

  constructor(private readonly perMinute: number) {}

  /** True if this address may go ahead. */
  allow(address: string): boolean {
    if (this.perMinute === 0) return true;
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.counts.clear();
      this.windowStart = now;
    }
    const count = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, count);
    return count <= this.perMinute;
  }
}
