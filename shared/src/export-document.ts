import type * as Y from 'yjs';
import { z } from 'zod';
import { describeIssue, duplicateId, importMessage, missingEnd, notAMapObject } from './import-problems.js';
import { type Comment, MAX_COMMENT_LENGTH, addComment, commentsOf, readComments } from './comments.js';
import { addLink } from './link.js';
import { MARKS, type Mark, readAllMarks, setMark } from './marks.js';
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
  marks: z.record(z.string().min(1).max(200), z.enum(MARKS as [Mark, ...Mark[]])).optional(),
});

const commentSchema = z.object({
  id,
  on: z.string().regex(/^(statement|link|loop):./s, 'must be "statement:<id>", "link:<id>" or "loop:<key>"').max(2000),
  text: z.string().max(MAX_COMMENT_LENGTH, `is longer than ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters`),
  createdAt: timestamp,
  createdBy: name.default(''),
  replyTo: id.nullable().optional(),
  editedAt: timestamp.nullable().optional(),
  resolvedAt: timestamp.nullable().optional(),
  resolvedBy: name.nullable().optional(),
  deletedAt: timestamp.nullable().optional(),
  deletedBy: name.nullable().optional(),
});

const exportDocumentSchema = z.object({
  format: z.literal('causal-map', { error: 'must be "causal-map"' }),
  version: z.literal(1, { error: 'must be 1 (the only version this app reads)' }),
  title: z.string().max(500, 'is longer than 500 characters').default(''),
  statements: z.array(statementSchema).max(20_000, 'has more than 20,000 statements').default([]),
  links: z.array(linkSchema).max(100_000, 'has more than 100,000 links').default([]),
  comments: z.array(commentSchema).max(100_000, 'has more than 100,000 comments').default([]),
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
  /** Agree / disagree / unsure, by person (SPEC §7). */
  marks: Record<string, Mark>;
}

/** A comment as exported (SPEC §7): the document's fields, plus its id. */
export type ExportComment = Comment;

export interface ExportDocument {
  format: 'causal-map';
  version: 1;
  title: string;
  statements: ExportStatement[];
  links: ExportLink[];
  comments: ExportComment[];
  loops: ExportLoop[];
}

/** What an import reads: a checked export document, loops dropped (they are derived). */
export type ImportDocument = Omit<ExportDocument, 'loops' | 'links' | 'comments'> & {
  statements: (ExportStatement & { deletedBy?: string | null })[];
  links: (Omit<ExportLink, 'marks'> & { marks?: Record<string, Mark>; deletedBy?: string | null })[];
  comments?: ExportComment[];
};

export type ParseResult =
  | { ok: true; document: ImportDocument }
  | { ok: false; errors: string[]; message: string };

/** True when a JSON body looks like an export document rather than `{ "title" }`. */
export function looksLikeExportDocument(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ('format' in body || 'statements' in body);
}

/**
 * Checks an uploaded export document and says in plain words what is wrong, row by row.
 * @example parseExportDocument(json) // { ok: false, errors: ['Statement 3: valence must be "negative" (bad), …'] }
 */
export function parseExportDocument(input: unknown): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail([notAMapObject(input)]);
  }
  const parsed = exportDocumentSchema.safeParse(input);
  // Ids are checked on the file as sent, so a bad valence and a dangling link show together.
  const idProblems = checkIds(input as Record<string, unknown>);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const problems = [...issues.slice(0, MAX_PROBLEMS).map((issue) => describeIssue(issue, input)), ...idProblems];
    return fail(problems.slice(0, MAX_PROBLEMS), issues.length + idProblems.length);
  }
  if (idProblems.length > 0) return fail(idProblems.slice(0, MAX_PROBLEMS), idProblems.length);
  const data = parsed.data;
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
      marks: l.marks ?? {},
    })),
    comments: data.comments.map((c) => ({
      ...c,
      replyTo: c.replyTo ?? null,
      editedAt: c.editedAt ?? null,
      resolvedAt: c.resolvedAt ?? null,
      resolvedBy: c.resolvedBy ?? null,
      deletedAt: c.deletedAt ?? null,
      deletedBy: c.deletedBy ?? null,
    })),
  };
  return { ok: true, document };
}

const MAX_PROBLEMS = 20;

function fail(errors: string[], total = errors.length): ParseResult {
  return { ok: false, errors, message: importMessage(errors, total) };
}

const rowsOf = (list: unknown): Record<string, unknown>[] =>
  Array.isArray(list)
    ? list.map((row: unknown) => (typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {}))
    : [];

const idOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Ids used twice, and link ends that name no statement in the file. */
function checkIds(file: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const statements = rowsOf(file.statements);
  const firstStatement = new Map<string, number>();
  statements.forEach((row, index) => {
    const id = idOf(row.id);
    if (id === undefined) return;
    const first = firstStatement.get(id);
    if (first === undefined) firstStatement.set(id, index);
    else problems.push(duplicateId('statement', index, first, id));
  });
  // A statement without a usable id is reported already; links to it would only add noise.
  const endsKnown = statements.every((row) => idOf(row.id) !== undefined);
  const firstLink = new Map<string, number>();
  rowsOf(file.links).forEach((row, index) => {
    const id = idOf(row.id);
    if (id !== undefined) {
      const first = firstLink.get(id);
      if (first === undefined) firstLink.set(id, index);
      else problems.push(duplicateId('link', index, first, id));
    }
    if (!endsKnown) return;
    for (const end of ['from', 'to'] as const) {
      const statementId = idOf(row[end]);
      if (statementId !== undefined && !firstStatement.has(statementId)) problems.push(missingEnd(index, end, statementId));
    }
  });
  return problems;
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
      for (const [person, mark] of Object.entries(l.marks ?? {})) setMark(doc, l.id, person, mark, origin);
    }
    for (const c of document.comments ?? []) importComment(doc, c, origin);
  }, origin);
}

function importComment(doc: Y.Doc, comment: ExportComment, origin?: unknown): void {
  addComment(doc, comment, { name: comment.createdBy }, origin);
  const map = commentsOf(doc).get(comment.id);
  if (!map) return;
  for (const key of ['editedAt', 'resolvedAt', 'resolvedBy', 'deletedAt', 'deletedBy'] as const) {
    const value = comment[key];
    if (value !== null && value !== undefined) map.set(key, value);
  }
}

/** The export document of a map (SPEC §3); loops come from the analysis. */
export function toExportDocument(doc: Y.Doc, loops: readonly ExportLoop[] = []): ExportDocument {
  const map = readMap(doc);
  const statementIds = new Set(map.statements.map((s) => s.id));
  const marks = readAllMarks(doc);
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
      marks: marks.get(l.id) ?? {},
    })),
    comments: readComments(doc),
    loops: [...loops],
  };
}
