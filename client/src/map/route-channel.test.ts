import { describe, expect, it } from 'vitest';
import type { StatementBox } from '@causal-map/shared/geometry/box';
import { type LinkEnds, type Route, createLinkRouter } from '@causal-map/shared/geometry/route';
import { createRouteChannel } from './route-channel';
import { createRouteJob } from './route-job';

// The channel a large map's links are routed through: the same job the worker runs, here in the
// page (`startWorker: null`), with the real router.

const box = (id: string, x: number, y: number): StatementBox => ({ id, x, y, width: 220, height: 80 });
const ends = (id: string, from: string, to: string): LinkEnds => ({ id, from, to, twoWay: false });

function grid(): { boxes: StatementBox[]; links: LinkEnds[] } {
  const boxes = Array.from({ length: 30 }, (_, i) => box(`s${i}`, (i % 6) * 320, Math.floor(i / 6) * 200));
  const links = boxes.slice(1).map((b, i) => ends(`l${i}`, `s${i}`, b.id));
  return { boxes, links };
}

/** A channel whose answers are collected; `next()` waits for the one after those already taken. */
function listen() {
  const answers: ReadonlyMap<string, Route>[] = [];
  let taken = 0;
  let wake: (() => void) | null = null;
  const channel = createRouteChannel((routes) => {
    answers.push(routes);
    wake?.();
  }, null);
  const next = async (): Promise<ReadonlyMap<string, Route>> => {
    while (answers.length <= taken) await new Promise<void>((resolve) => (wake = resolve));
    return answers[taken++]!;
  };
  return { channel, answers, next };
}

describe('the route channel', () => {
  it('answers with the same routes as routing in one go', async () => {
    const { boxes, links } = grid();
    const { channel, next } = listen();
    channel.update(boxes, links);
    const routes = await next();
    const expected = createLinkRouter().route(boxes, links);
    expect([...routes.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, route] of expected) expect(routes.get(id)?.path).toBe(route.path);
    channel.stop();
  });

  it('after a move, sends the moved box alone and keeps every route the move did not touch', async () => {
    const { boxes, links } = grid();
    const sent: { boxes: number; ends: boolean }[] = [];
    const job = createRouteJob();
    const { channel, next } = listen();
    channel.update(boxes, links);
    const before = await next();

    // The same job, watched: what a drag step costs the worker to receive.
    const watched = (request: Parameters<typeof job>[0]) => {
      sent.push({ boxes: request.boxes.length, ends: request.ends !== null });
      return job(request);
    };
    watched({ seq: 1, boxes, gone: [], ends: links });
    const moved = boxes.map((b) => (b.id === 's14' ? box('s14', b.x + 60, b.y + 90) : b));
    const reply = watched({ seq: 2, boxes: [moved.find((b) => b.id === 's14')!], gone: [], ends: null });
    expect(sent[1]).toEqual({ boxes: 1, ends: false });
    expect(reply.routes.length).toBeGreaterThan(0);
    expect(reply.routes.length).toBeLessThan(links.length);

    channel.update(moved, links);
    const after = await next();
    const changed = [...after].filter(([id, route]) => before.get(id) !== route).map(([id]) => id);
    expect(changed.sort()).toEqual(reply.routes.map(([id]) => id).sort());
    channel.stop();
  });

  it('routes the links in view first when the map opens, then the others', async () => {
    const { boxes, links } = grid();
    const { channel, next } = listen();
    // The view holds the first row of statements (s0 to s5) only.
    channel.update(boxes, links, { x: 0, y: 0, width: 2000, height: 90 });
    const first = await next();
    expect([...first.keys()].sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
    const all = await next();
    expect(all.size).toBe(links.length);
    for (const id of first.keys()) expect(all.get(id)).toBe(first.get(id));
    channel.stop();
  });

  it('sends the latest map once the answer under way arrives, and drops routes of links gone', async () => {
    const { boxes, links } = grid();
    const { channel, answers, next } = listen();
    channel.update(boxes, links);
    // Two more changes before the first answer: the second replaces the first.
    channel.update(boxes.slice(0, 20), links);
    channel.update(boxes.slice(0, 10), links.slice(0, 5));
    await next();
    while (answers.at(-1)!.size !== 5) await next();
    expect(answers.length).toBeLessThanOrEqual(2);
    expect([...answers.at(-1)!.keys()].sort()).toEqual(['l0', 'l1', 'l2', 'l3', 'l4']);
    channel.stop();
  });
});
