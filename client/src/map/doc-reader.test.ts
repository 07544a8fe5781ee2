import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addLink, deleteLink, restoreLink, togglePolarity } from '@causal-map/shared/link';
import { readMap } from '@causal-map/shared/map-view';
import { setTitle } from '@causal-map/shared/schema';
import { addStatement, deleteStatement, moveStatement, restoreStatement, setValence, statementText } from '@causal-map/shared/statement';
import { createDocReader } from './doc-reader';
import { type MapState, initialMapState } from './map-state';

const author = { name: 'Ana' };

function setUp() {
  const doc = new Y.Doc();
  const reader = createDocReader(doc);
  doc.on('afterTransaction', reader.note);
  let state: MapState = initialMapState();
  const refresh = () => {
    state = { ...state, ...reader.derive(state) };
    return state;
  };
  return { doc, refresh };
}

describe('the store binding', () => {
  it('changes only the object of the statement one keystroke touched', () => {
    const { doc, refresh } = setUp();
    const ids = ['Pain at night', 'Poor sleep', 'Low mood'].map((text, i) => addStatement(doc, { text, x: i * 300, y: 0 }, author));
    addLink(doc, { from: ids[0]!, to: ids[1]! }, author);
    addLink(doc, { from: ids[1]!, to: ids[2]! }, author);
    const before = refresh();
    expect(before.statements.map((s) => s.text)).toEqual(['Pain at night', 'Poor sleep', 'Low mood']);
    expect(before.links).toHaveLength(2);

    statementText(doc, ids[1]!)!.insert(10, '!');
    const after = refresh();
    expect(after.statements[1]!.text).toBe('Poor sleep!');
    expect(after.statements[0]).toBe(before.statements[0]);
    expect(after.statements[2]).toBe(before.statements[2]);
    expect(after.links).toBe(before.links);
    expect(after.numbers).toBe(before.numbers);

    moveStatement(doc, ids[2]!, 40, 50);
    const moved = refresh();
    expect(moved.statements[2]).toMatchObject({ x: 40, y: 50 });
    expect(moved.statements[1]).toBe(after.statements[1]);
    expect(moved.links).toBe(before.links);
  });

  it('drops the links of a deleted statement, keeping the other links’ objects', () => {
    const { doc, refresh } = setUp();
    const ids = ['a', 'b', 'c', 'd'].map((text) => addStatement(doc, { text, x: 0, y: 0 }, author));
    addLink(doc, { from: ids[0]!, to: ids[1]! }, author);
    addLink(doc, { from: ids[2]!, to: ids[3]! }, author);
    const before = refresh();
    deleteStatement(doc, ids[0]!, author);
    const after = refresh();
    expect(after.statements.map((s) => s.text)).toEqual(['b', 'c', 'd']);
    expect(after.links).toHaveLength(1);
    expect(after.links[0]).toBe(before.links.find((link) => link.from === ids[2]));
  });

  it('reads the same as reading the whole map, after any sequence of changes', () => {
    const { doc, refresh } = setUp();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const ids: string[] = [];
    const links: string[] = [];
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)]!;
    for (let step = 0; step < 300; step++) {
      const roll = random();
      if (ids.length < 3 || roll < 0.15) ids.push(addStatement(doc, { text: `s${ids.length}`, x: 0, y: 0 }, author));
      else if (roll < 0.35) {
        const made = addLink(doc, { from: pick(ids), to: pick(ids), polarity: random() < 0.5 ? '+' : '-' }, author);
        if (made.ok) links.push(made.id);
      } else if (roll < 0.45 && links.length) deleteLink(doc, pick(links), author);
      else if (roll < 0.5 && links.length) restoreLink(doc, pick(links));
      else if (roll < 0.55 && links.length) togglePolarity(doc, pick(links));
      else if (roll < 0.62) deleteStatement(doc, pick(ids), author);
      else if (roll < 0.68) restoreStatement(doc, pick(ids));
      else if (roll < 0.74) setValence(doc, pick(ids), random() < 0.5 ? 'negative' : 'positive');
      else if (roll < 0.8) moveStatement(doc, pick(ids), step, -step);
      else if (roll < 0.82) setTitle(doc, `Map ${step}`);
      else statementText(doc, pick(ids))!.insert(0, 'x');
      // Sometimes several changes land before a refresh (a burst of updates).
      if (random() < 0.3) continue;
      const state = refresh();
      const whole = readMap(doc);
      expect(state.statements).toEqual(whole.statements.filter((s) => s.deletedAt === null));
      expect(state.links.map((l) => [l.id, l.polarity])).toEqual(whole.liveLinks.map((l) => [l.id, l.polarity]));
      expect(state.title).toBe(whole.title);
    }
  });
});
