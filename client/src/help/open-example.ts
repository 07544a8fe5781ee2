import { createMap } from '../app/api';
import { mapHref } from '../app/routes';
import { rememberMap } from '../home/recent-maps';
import { STATEMENT_WIDTH } from '../map/flow-types';

/** The example map's title, so nobody takes it for a real person's case. */
export const EXAMPLE_TITLE = 'Example: dementia case';

export type OpenExampleResult = { ok: true; url: string } | { ok: false; message: string };

/** Room for a statement of up to three lines, and a clear gap around it. */
const ROOM = { width: STATEMENT_WIDTH + 30, height: 110 };

interface Placed {
  x: number;
  y: number;
}

/**
 * How much the statements' positions must be spread, from the map's origin, so that no two
 * statement boxes cover each other: the case's circle was drawn for smaller boxes than ours.
 */
export function spreadNeeded(statements: readonly Placed[]): number {
  let scale = 1;
  for (const [i, a] of statements.entries()) {
    for (const b of statements.slice(i + 1)) {
      const dx = Math.abs(a.x - b.x);
      const dy = Math.abs(a.y - b.y);
      // Clear of each other once apart enough across or down.
      scale = Math.max(scale, Math.min(dx > 0 ? ROOM.width / dx : Infinity, dy > 0 ? ROOM.height / dy : Infinity));
    }
  }
  return Number.isFinite(scale) ? scale : 1;
}

/**
 * The fixture as a map file under the example's title. The statements, links and numbers are
 * left as they are, so the example shows the same loops everywhere; only the positions are
 * spread, so that no statement covers another.
 * @example exampleDocument({ format: 'causal-map', title: 'Dementia case' }).title // 'Example: dementia case'
 */
export function exampleDocument(fixture: { statements?: unknown }): Record<string, unknown> {
  const statements = Array.isArray(fixture.statements) ? (fixture.statements as Placed[]) : [];
  const scale = spreadNeeded(statements);
  const spread = statements.map((statement) => ({ ...statement, x: Math.round(statement.x * scale), y: Math.round(statement.y * scale) }));
  return { ...fixture, title: EXAMPLE_TITLE, statements: spread };
}

/**
 * Makes a new map from the dementia case, remembers it in this browser like an import, and
 * returns its edit link. A new map every time: the example is for trying things, and nobody's
 * changes should show up in someone else's example.
 */
export async function openExample(): Promise<OpenExampleResult> {
  let fixture: { statements?: unknown };
  try {
    // Loaded only when asked for, so the case stays out of the first load. As raw text: the
    // client's TypeScript project does not list JSON files, and the server checks the map anyway.
    const { default: text } = await import('./dementia-case.json?raw');
    fixture = JSON.parse(text) as { statements?: unknown };
  } catch {
    return { ok: false, message: 'Could not load the example. Check your connection and try again.' };
  }
  const result = await createMap(exampleDocument(fixture));
  if (!result.ok) return { ok: false, message: `Could not open the example: ${result.message}` };
  const { id, editToken, viewToken } = result.value;
  rememberMap({ id, title: EXAMPLE_TITLE, editToken, viewToken });
  return { ok: true, url: mapHref(id, editToken, viewToken) };
}
