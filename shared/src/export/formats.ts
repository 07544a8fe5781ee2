import { buildLoopGraph } from '../analysis/graph.js';
import type { AnalysisLink, AnalysisStatement } from '../analysis/types.js';
import type { ExportDocument, ExportLink, ExportStatement } from '../export-document.js';

// The export formats of SPEC §6, and the part of a map that every format but `json` shows.

export type ExportFormat = 'json' | 'svg' | 'png' | 'pdf' | 'dot' | 'graphml' | 'csv';

export interface ExportFormatInfo {
  /** File name extension, without the dot. */
  extension: string;
  /** The Content-Type the server sends. */
  contentType: string;
}

/** Extension and Content-Type of every export format. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, Readonly<ExportFormatInfo>>> = {
  json: { extension: 'json', contentType: 'application/json' },
  svg: { extension: 'svg', contentType: 'image/svg+xml' },
  png: { extension: 'png', contentType: 'image/png' },
  pdf: { extension: 'pdf', contentType: 'application/pdf' },
  dot: { extension: 'dot', contentType: 'text/vnd.graphviz' },
  graphml: { extension: 'graphml', contentType: 'application/graphml+xml' },
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
};

/**
 * True for a format name of SPEC §6, e.g. the `format` query parameter.
 * @example isExportFormat('dot') // true; isExportFormat('toString') // false
 */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && Object.hasOwn(EXPORT_FORMATS, value);
}

/** What the text and picture formats show of a map. */
export interface LiveParts {
  /** Live statements, by number. */
  statements: ExportStatement[];
  /**
   * The links that count (SPEC §1): live, both ends live, no self-links, one per ordered pair
   * (the smallest createdAt, id); sorted by the number of their start, then of their end.
   */
  links: ExportLink[];
  /** Statement id → number, for the live statements. */
  numberOf: ReadonlyMap<string, number>;
}

/**
 * The live part of an export document: deleted statements, deleted links and links with a
 * deleted or missing end are left out of every format except `json` (SPEC §6). The loop
 * analysis's own graph builder decides, so exports never disagree with the loops.
 */
export function liveParts(doc: ExportDocument): LiveParts {
  const statementOf = new Map<AnalysisStatement, ExportStatement>();
  const linkOf = new Map<AnalysisLink, ExportLink>();
  const graph = buildLoopGraph({
    statements: doc.statements.map((statement) => {
      const seen: AnalysisStatement = {
        id: statement.id,
        number: statement.number,
        valence: statement.valence,
        deleted: statement.deletedAt !== null,
      };
      statementOf.set(seen, statement);
      return seen;
    }),
    links: doc.links.map((link) => {
      const seen: AnalysisLink = {
        id: link.id,
        from: link.from,
        to: link.to,
        polarity: link.polarity,
        createdAt: link.createdAt,
        createdBy: link.createdBy,
        deleted: link.deletedAt !== null,
      };
      linkOf.set(seen, link);
      return seen;
    }),
  });
  const statements = graph.statements.map((seen) => statementOf.get(seen)!);
  return {
    statements,
    links: graph.edgeLinks.map((seen) => linkOf.get(seen)!),
    numberOf: new Map(statements.map((statement) => [statement.id, statement.number])),
  };
}
