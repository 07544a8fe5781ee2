import type * as Y from 'yjs';
import { z } from 'zod';
import { addLink } from './link.js';
import { readMap } from './map-view.js';
import { POLARITIES, VALENCES, setTitle } from './schema.js';
import { addStatement } from './statement.js';

// The export document of SPEC §3: what GET /api/docs/:id returns and POST /api/docs imports.

const timestamp = z.number().finite().nonnegative();
const id = z.string().min(1, 'must not be empty').max(200, 'is longer than 200 characters');
const name = z.string().max(200, 'is longer than 200 characters');

const statementSchema = z.object({
  id,
  number: z.number().int().positive().optional(),
  text: z.string().max(10_000, 'is longer than 10,000 characters'),
  valence: z.enum(VALENCES as [string, ...string[]]).default('neutral'),
  x: z.number().finite(),
  y: z.number().finite(),
  pinned: z.boolean().optional(),
  createdAt: timestamp,
  createdBy: name.default(''),
  deletedAt: timestamp.nullable().default(null),
  deletedBy: name.nullable().optional(),
});

const linkSchema = z.object({
  id,
  from: id,
  to: id,
  polarity: z.enum(POLARITIES as [string, ...string[]]),
  createdAt: timestamp,
  createdBy: name.default(''),
  deletedAt: timestamp.nullable().default(null),
  deletedBy: name.nullable().optional(),
});

const exportDocumentSchema = z.object({
  format: z.literal('causal-map', { error: 'must be "causal-map"' }),
  version: z.literal(1, { error: 'must be 1 (the only version this app reads)' }),
  title: z.string().max(500, 'is longer than 500 characters').default(''),
  statements: z.array(statementSchema).max(20_000, 'has more than 20,000 statements').default([]),
  links: z.array(linkSchema).max(100_000, 'has more than 100,000 links').default([]),
  loops: z.array(z.unknown()).optional(),
});

/** A loop as exported (SPEC §3 "Loop"). */
export interface ExportLoop {
  name: string;
  title?: string;
  key: string;
  statements: number[];
  statementIds: string[];
  linkIds: string[];
  polarity: 'reinforcing' | 'balancing';
  character: 'vicious' | 'virtuous' | 'unclassified' | null;
  closedAt: number;
  closedBy: string;
}

export interface ExportStatement {
  id: string;
  number: number;
  text: string;
  valence: 'negative' | 'neutral' | 'positive';
  x: number;
  y: number;
  /** Present (true) only for statements the team pinned. */
  pinned?: boolean;
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
}

export interface ExportLink {
  id: string;
  from: string;
  to: string;
  polarity: '+' | '-';
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
}

export interface ExportDocument {
  format: 'causal-map';
  version: 1;
  title: string;
  statements: ExportStatement[];
  links: ExportLink[];
  loops: ExportLoop[];
}

/** What an import reads: a checked export document, loops dropped (they are derived). */
export type ImportDocument = Omit<ExportDocument, 'loops'> & {
  statements: (ExportStatement & { deletedBy?: string | null })[];
  links: (ExportLink & { deletedBy?: string | null })[];
};

export type ParseResult =
  | { ok: true; document: ImportDocument }
  | { ok: false; errors: string[]; message: string };

/** True when a JSON body looks like an export document rather than `{ "title" }`. */
export function looksLikeExportDocument(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('format' in body || 'statements' in body);
}

function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || 'document';
}

/**
 * Checks an uploaded export document and says exactly what is wrong, naming the field.
 * @example parseExportDocument(json) // { ok: false, errors: ['statements[2].valence: ...'] }
 */
export function parseExportDocument(input: unknown): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail(['document: expected a JSON object with "format": "causal-map"']);
  }
  const parsed = exportDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return fail(parsed.error.issues.slice(0, 20).map((i) => `${issuePath(i.path)}: ${i.message}`));
  }
  const data = parsed.data;
  const errors: string[] = [];
  const statementIds = new Set<string>();
  data.statements.forEach((s, i) => {
    if (statementIds.has(s.id)) errors.push(`statements[${i}].id: "${s.id}" is used twice`);
    statementIds.add(s.id);
  });
  const linkIds = new Set<string>();
  data.links.forEach((l, i) => {
    if (linkIds.has(l.id)) errors.push(`links[${i}].id: "${l.id}" is used twice`);
    linkIds.add(l.id);
    if (!statementIds.has(l.from)) errors.push(`links[${i}].from: no statement has id "${l.from}"`);
    if (!statementIds.has(l.to)) errors.push(`links[${i}].to: no statement has id "${l.to}"`);
  });
  if (errors.length > 0) return fail(errors.slice(0, 20));
  // Numbers in the file give the order; statements without one follow, by createdAt.
  const numbered = data.statements.map((s, index) => ({ s, index }));
  numbered.sort(
    (a, b) =>
      (a.s.number ?? Infinity) - (b.s.number ?? Infinity) ||
      a.s.createdAt - b.s.createdAt ||
      a.index - b.index,
  );
  const document: ImportDocument = {
    format: 'causal-map',
    version: 1,
    title: data.title,
    statements: numbered.map(({ s }, i) => ({
      ...s,
      number: i + 1,
      valence: s.valence as ExportStatement['valence'],
      deletedBy: s.deletedBy ?? null,
    })),
    links: data.links.map((l) => ({
      ...l,
      polarity: l.polarity as ExportLink['polarity'],
      deletedBy: l.deletedBy ?? null,
    })),
  };
  return { ok: true, document };
}

function fail(errors: string[]): ParseResult {
  const shown = errors.slice(0, 3).join('; ');
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return { ok: false, errors, message: `This is not a causal map file: ${shown}${more}` };
}

/** Writes a checked import into an empty doc, keeping ids, numbers, times and authors. */
export function importIntoDoc(doc: Y.Doc, document: ImportDocument, origin?: unknown): void {
  doc.transact(() => {
    setTitle(doc, document.title, origin);
    for (const s of document.statements) {
      addStatement(doc, s, { name: s.createdBy }, origin);
    }
    for (const l of document.links) {
      addLink(doc, l, { name: l.createdBy }, origin, true);
    }
  }, origin);
}

/** The export document of a map (SPEC §3); loops come from the analysis. */
export function toExportDocument(doc: Y.Doc, loops: readonly ExportLoop[] = []): ExportDocument {
  const map = readMap(doc);
  const statementIds = new Set(map.statements.map((s) => s.id));
  return {
    format: 'causal-map',
    version: 1,
    title: map.title,
    statements: map.statements.map((s) => ({
      id: s.id,
      number: s.number,
      text: s.text,
      valence: s.valence,
      x: s.x,
      y: s.y,
      ...(s.pinned ? { pinned: true } : {}),
      createdAt: s.createdAt,
      createdBy: s.createdBy,
      deletedAt: s.deletedAt,
    })),
    // A link to a missing statement is ignored by every reader (SPEC §1); leaving it out keeps
    // the export importable.
    links: map.links.filter((l) => statementIds.has(l.from) && statementIds.has(l.to)).map((l) => ({
      id: l.id,
      from: l.from,
      to: l.to,
      polarity: l.polarity,
      createdAt: l.createdAt,
      createdBy: l.createdBy,
      deletedAt: l.deletedAt,
    })),
    loops: [...loops],
  };
}
