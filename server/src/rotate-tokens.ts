import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { readJsonBody, sendError, sendJson } from './http-util.js';
import type { Storage, TokenHashes } from './storage.js';
import { authorize, hashToken, isMapId, newToken, tokenOf } from './tokens.js';

export interface RotateOptions {
  storage: Storage;
  log: Logger;
  /** Closes the map's open connections whose token was just replaced. */
  revoke: (mapId: string) => void;
}

// The body is one small field; anything larger is not a rotation request.
const MAX_ROTATE_BODY_BYTES = 1024;

const rotateBody = z
  .object(
    {
      rotate: z.enum(['edit', 'view', 'both'], {
        error: (issue) => (issue.input === undefined ? 'is missing' : 'must be "edit", "view" or "both"'),
      }),
    },
    // Only for a body that is not an object; unknown keys keep zod's message, which names them.
    { error: (issue) => (issue.code === 'invalid_type' ? 'must be a JSON object' : undefined) },
  )
  .strict();

/** What POST /api/docs/:id/tokens gives back: only the tokens it replaced. */
interface RotatedTokens {
  editToken?: string;
  viewToken?: string;
}

/**
 * POST /api/docs/:id/tokens with the edit token and `{"rotate": "edit" | "view" | "both"}`:
 * new links replace the old ones, which stop working at once, open connections included.
 */
export async function rotateTokens(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  id: string,
  options: RotateOptions,
): Promise<void> {
  const { storage, log } = options;
  const record = isMapId(id) ? await storage.getMap(id) : undefined;
  if (!record) {
    sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
    return;
  }
  const access = authorize(record, tokenOf(request, url));
  if (!access) {
    sendError(response, 401, 'unauthorized', "Send the map's edit token as `Authorization: Bearer <token>`.");
    return;
  }
  if (access !== 'edit') {
    sendError(response, 403, 'forbidden', 'A view-only link cannot change who has access; use the edit link.');
    return;
  }
  const body = await readJsonBody(request, MAX_ROTATE_BODY_BYTES);
  if (body.kind === 'too-large') {
    response.setHeader('Connection', 'close');
    sendError(response, 413, 'too_large', `The body is larger than ${MAX_ROTATE_BODY_BYTES} bytes; send {"rotate": "edit"}.`);
    return;
  }
  if (body.kind === 'invalid') {
    sendError(response, 400, 'invalid_json', `${body.message} Send {"rotate": "edit" | "view" | "both"}.`);
    return;
  }
  const parsed = rotateBody.safeParse(body.kind === 'json' ? body.value : undefined);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    const message = `Send {"rotate": "edit" | "view" | "both"}: ${errors.join('; ')}`;
    sendError(response, 400, 'invalid_body', message, { errors });
    return;
  }
  const which = parsed.data.rotate;
  const rotated: RotatedTokens = {};
  const hashes: TokenHashes = {};
  if (which === 'edit' || which === 'both') {
    rotated.editToken = newToken();
    hashes.editTokenHash = hashToken(rotated.editToken);
  }
  if (which === 'view' || which === 'both') {
    rotated.viewToken = newToken();
    hashes.viewTokenHash = hashToken(rotated.viewToken);
  }
  if (!(await storage.replaceTokenHashes(id, hashes))) {
    sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
    return;
  }
  options.revoke(id);
  log.info({ map: id, rotated: which }, 'tokens rotated');
  sendJson(response, 200, rotated);
}
