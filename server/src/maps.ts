import {
  importIntoDoc,
  looksLikeExportDocument,
  parseExportDocument,
} from '@causal-map/shared/export-document';
import { setAnonymous } from '@causal-map/shared/facilitation';
import { setTitle } from '@causal-map/shared/schema';
import * as Y from 'yjs';
import { z } from 'zod';
import type { Storage } from './storage.js';
import { hashToken, newMapId, newToken } from './tokens.js';

/** What `POST /api/docs` returns: the only moment the tokens are ever shown. */
export interface CreatedMap {
  id: string;
  editToken: string;
  viewToken: string;
}

export type CreateResult =
  | { ok: true; map: CreatedMap }
  | { ok: false; code: 'invalid_body' | 'invalid_document' | 'too_large'; message: string; errors: string[] };

/** The server's limits a new map must keep (config.ts). */
export interface MapLimits {
  maxText: number;
  maxMapBytes: number;
}

const newMapBody = z.object({
  title: z.string().max(500, 'is longer than 500 characters').optional(),
  /** The map records no author for statements and links (`meta.anonymous`). */
  anonymous: z.boolean().optional(),
});

/** Builds the first document state from a `{title}` body or an export document. */
function initialDoc(body: unknown, limits: MapLimits): { ok: true; doc: Y.Doc; title: string } | Extract<CreateResult, { ok: false }> {
  const doc = new Y.Doc();
  if (looksLikeExportDocument(body)) {
    const parsed = parseExportDocument(body);
    if (!parsed.ok) return { ok: false, code: 'invalid_document', message: parsed.message, errors: parsed.errors };
    // The file format allows 10,000 characters; this server may be set to allow fewer.
    const errors = parsed.document.statements.flatMap((statement, index) =>
      statement.text.length > limits.maxText ? [`statements[${index}].text: is longer than ${limits.maxText} characters`] : [],
    );
    if (errors.length > 0) {
      const message = `The file does not fit this server's limits: ${errors.slice(0, 5).join('; ')}`;
      return { ok: false, code: 'invalid_document', message, errors };
    }
    importIntoDoc(doc, parsed.document);
    return { ok: true, doc, title: parsed.document.title };
  }
  // An empty body is a map with no title; JSON `null`, like an array or a number, is no body at all.
  const parsed = newMapBody.safeParse(body === undefined ? {} : body);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    const message = `Send {"title": "..."} or a causal map export file: ${errors.join('; ')}`;
    return { ok: false, code: 'invalid_body', message, errors };
  }
  const title = parsed.data.title ?? '';
  setTitle(doc, title);
  if (parsed.data.anonymous) setAnonymous(doc);
  return { ok: true, doc, title };
}

/** Creates a map (plain or imported), stores it, and hands out its two tokens. */
export async function createMap(storage: Storage, body: unknown, limits: MapLimits, now = Date.now()): Promise<CreateResult> {
  const initial = initialDoc(body, limits);
  if (!initial.ok) return initial;
  const map: CreatedMap = { id: newMapId(), editToken: newToken(), viewToken: newToken() };
  try {
    const state = Y.encodeStateAsUpdate(initial.doc);
    if (state.byteLength > limits.maxMapBytes) {
      const message = `The map would take ${state.byteLength} bytes; this server keeps maps up to ${limits.maxMapBytes}.`;
      return { ok: false, code: 'too_large', message, errors: [message] };
    }
    await storage.createMap(
      {
        id: map.id,
        title: initial.title,
        editTokenHash: hashToken(map.editToken),
        viewTokenHash: hashToken(map.viewToken),
        createdAt: now,
      },
      state,
    );
  } finally {
    initial.doc.destroy();
  }
  return { ok: true, map };
}
