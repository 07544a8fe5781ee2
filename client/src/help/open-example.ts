import { createMap } from '../app/api';
import { mapHref } from '../app/routes';
import { rememberMap } from '../home/recent-maps';

/** The example map's title, so nobody takes it for a real person's case. */
export const EXAMPLE_TITLE = 'Example: dementia case';

export type OpenExampleResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * The fixture as a map file under the example's title; the statements, links and numbers are
 * left exactly as they are, so the example shows the same loops everywhere.
 * @example exampleDocument({ format: 'causal-map', title: 'Dementia case' }).title // 'Example: dementia case'
 */
export function exampleDocument(fixture: object): Record<string, unknown> {
  return { ...fixture, title: EXAMPLE_TITLE };
}

/**
 * Makes a new map from the dementia case, remembers it in this browser like an import, and
 * returns its edit link. A new map every time: the example is for trying things, and nobody's
 * changes should show up in someone else's example.
 */
export async function openExample(): Promise<OpenExampleResult> {
  let fixture: object;
  try {
    // Loaded only when asked for, so the case stays out of the first load. As raw text: the
    // client's TypeScript project does not list JSON files, and the server checks the map anyway.
    const { default: text } = await import('./dementia-case.json?raw');
    fixture = JSON.parse(text) as object;
  } catch {
    return { ok: false, message: 'Could not load the example. Check your connection and try again.' };
  }
  const result = await createMap(exampleDocument(fixture));
  if (!result.ok) return { ok: false, message: `Could not open the example: ${result.message}` };
  const { id, editToken, viewToken } = result.value;
  rememberMap({ id, title: EXAMPLE_TITLE, editToken, viewToken });
  return { ok: true, url: mapHref(id, editToken, viewToken) };
}
