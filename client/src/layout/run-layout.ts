import { arrangeLoopLayout } from '@causal-map/shared/layout/arrange-loop';
import { tidyLayout } from '@causal-map/shared/layout/tidy';
import type { LayoutInput } from '@causal-map/shared/layout/types';
import type { MapSession } from '../map/map-session';
import { LayoutTimeout, type ElkEngine, withElk } from './elk-engine';

// What runs when someone asks for a layout; loaded on that first request, with ELK.

/** How long a layout may take before it is stopped with a message, not a frozen tab. */
const LAYOUT_LIMIT_MS = 10_000;

export type LayoutDirection = 'RIGHT' | 'DOWN';

/** Tests may shorten the limit to see the message without a huge map. */
function layoutLimit(): number {
  try {
    const value = Number(window.localStorage.getItem('causal-map:layout-limit-ms'));
    return value > 0 ? value : LAYOUT_LIMIT_MS;
  } catch {
    return LAYOUT_LIMIT_MS;
  }
}

/** The map as it is drawn now: sizes as measured, pins as in the document. */
function layoutInput(session: MapSession): LayoutInput {
  const { statements, links } = session.store.getState();
  const pinned = new Set(statements.filter((s) => s.pinned).map((s) => s.id));
  const drawn = new Map(session.canvas.boxes.map((box) => [box.id, box]));
  return {
    statements: statements.map((s) => {
      const box = drawn.get(s.id);
      return { id: s.id, x: s.x, y: s.y, width: box?.width ?? 220, height: box?.height ?? 72, pinned: pinned.has(s.id) };
    }),
    links: links.map((link) => ({ id: link.id, from: link.from, to: link.to })),
  };
}

async function runLayout(
  session: MapSession,
  name: string,
  compute: (elk: ElkEngine, input: LayoutInput) => Promise<ReadonlyMap<string, { x: number; y: number }>>,
): Promise<void> {
  const { store, actions } = session;
  if (store.getState().layingOut) return;
  store.setState({ layingOut: true });
  const limit = layoutLimit();
  try {
    const positions = await withElk((elk) => compute(elk, layoutInput(session)), limit);
    actions.applyLayout(positions);
  } catch (error) {
    const seconds = Math.max(1, Math.round(limit / 1000));
    actions.showToast(
      error instanceof LayoutTimeout
        ? `${name} stopped: this map is too large to lay out within ${seconds} s. Nothing was moved.`
        : `${name} failed, nothing was moved. Try again, or reload the page.`,
    );
  } finally {
    store.setState({ layingOut: false });
  }
}

/** Tidy up: ELK layered, wrapped to the shape of the canvas so the map reads at a legible size. */
export function tidyUp(session: MapSession, direction: LayoutDirection): Promise<void> {
  return runLayout(session, 'Tidy up', (elk, input) => {
    const canvas = document.querySelector('.map-canvas')?.getBoundingClientRect();
    const aspectRatio = canvas && canvas.height > 0 ? canvas.width / canvas.height : undefined;
    return tidyLayout(elk, input, { direction, aspectRatio });
  });
}

/** Arrange loop: the selected loop, or every vicious loop when none is selected, on a circle. */
export function arrangeLoop(session: MapSession): Promise<void> {
  const { selectedLoop, loops } = session.store.getState();
  const chosen = selectedLoop ? [selectedLoop] : loops.filter((loop) => loop.character === 'vicious');
  if (chosen.length === 0) {
    session.actions.showToast('Select a loop in the Loops panel first: this map has no vicious loop to arrange.');
    return Promise.resolve();
  }
  return runLayout(session, 'Arrange loop', (elk, input) => arrangeLoopLayout(elk, input, chosen.map((loop) => loop.statementIds)));
}
