import { readFileSync } from 'node:fs';
import {
  type ImportDocument,
  importIntoDoc,
  parseExportDocument,
  toExportDocument,
} from '@causal-map/shared/export-document';
import * as Y from 'yjs';

// Tests read their fixtures from tests/fixtures, never from outside the repository.
const dementiaText = readFileSync(
  new URL('../../fixtures/dementia-case.json', import.meta.url),
  'utf8',
);

/** A file as uploaded: loosely typed, so tests can break it field by field. */
export type UploadedFile = Record<string, unknown> & {
  statements: Record<string, unknown>[];
  links: Record<string, unknown>[];
};

/** A fresh copy of the dementia case file (12 statements, 16 links). */
export function dementiaFile(): UploadedFile {
  return JSON.parse(dementiaText) as UploadedFile;
}

/** The checked import of a file that must be accepted. */
export function parsed(input: unknown): ImportDocument {
  const result = parseExportDocument(input);
  if (!result.ok) throw new Error(result.message);
  return result.document;
}

/** A new map imported from a file that must be accepted. */
export function importFile(input: unknown): Y.Doc {
  const doc = new Y.Doc();
  importIntoDoc(doc, parsed(input));
  return doc;
}

/** Export, write as JSON, read back, import into a new map: what a user's download → upload does. */
export function throughAFile(doc: Y.Doc): Y.Doc {
  return importFile(JSON.parse(JSON.stringify(toExportDocument(doc))));
}

/** A statement with only the fields a file must have. */
export function minimalStatement(id: string, extra: Record<string, unknown> = {}) {
  return { id, text: id, x: 0, y: 0, createdAt: 1, ...extra };
}

/** A version 1 file with these statements and links. */
export function fileWith(statements: unknown[], links: unknown[] = []) {
  return { format: 'causal-map', version: 1, statements, links };
}
