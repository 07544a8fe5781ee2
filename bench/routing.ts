// Link routing benchmark: `npx tsx bench/routing.ts` (about 1½ minutes on 2 cores, most of it
// in libavoid; add `--orthogonal` for libavoid's orthogonal router on the grid map too, about a
// minute more).
// Routes two seeded 300-statement / 600-link maps (a jittered grid, and layers with long links
// across rows), then re-routes after each of 200 moves of one statement (small drag steps and
// big jumps alternately). Compares with libavoid-js (the WASM build of libavoid, doing the same
// job: shapes for the statements, connectors from centre pins, processTransaction after each
// move) and with re-routing everything from scratch. Checks that no route crosses a statement it
// does not join and that incremental routing gives the same routes as routing from scratch.
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AvoidLib } from 'libavoid-js';
import { boxesOverlap, type StatementBox } from '../shared/src/geometry/box.ts';
import { createLinkRouter, routeCrossesOtherBoxes, type LinkEnds, type Route } from '../shared/src/geometry/route.ts';
import { seededRandom } from './generate.ts';

const MOVES = 200;
/** Each move sequence is replayed this often and each move timed at its fastest, so that other
 * processes on a small machine do not decide the percentiles. */
const PASSES = 3;
const FULL_REPS = 15;
/** libavoid takes about a second per move (poly-line) or several (orthogonal): fewer moves. */
const AVOID_MOVES = 16;
const ORTHOGONAL_MOVES = 3;
const CLEARANCE = 20;

export interface RoutingMap { name: string; boxes: StatementBox[]; links: LinkEnds[] }

/** Links between random pairs chosen by `pick`, about a tenth of them as two-way pairs. */
function linksFor(random: () => number, count: number, pick: () => [number, number]): LinkEnds[] {
  const pairs = new Set<string>();
  const ends: [number, number][] = [];
  const add = (from: number, to: number) => {
    if (from === to || pairs.has(`${from} ${to}`)) return;
    pairs.add(`${from} ${to}`);
    ends.push([from, to]);
  };
  while (ends.length < count) {
    const [from, to] = pick();
    add(from, to);
    if (random() < 0.1 && ends.length < count) add(to, from);
  }
  return ends.map(([from, to], i) => ({ id: `l${i}`, from: `s${from}`, to: `s${to}`, twoWay: pairs.has(`${to} ${from}`) }));
}

const box = (i: number, x: number, y: number, height: number): StatementBox => ({ id: `s${i}`, x, y, width: 220, height });

/** 20 × 15 statements on a grid with jitter; links mostly to near neighbours, some far. */
export function gridMap(seed: number): RoutingMap {
  const random = seededRandom(seed);
  const columns = 20;
  const rows = 15;
  const jitter = (size: number) => Math.round((random() - 0.5) * 2 * size);
  const boxes: StatementBox[] = [];
  for (let i = 0; i < columns * rows; i++) {
    boxes.push(box(i, (i % columns) * 300 + jitter(20), Math.floor(i / columns) * 190 + jitter(12), 72 + Math.floor(random() * 49)));
  }
  const links = linksFor(random, 600, () => {
    const from = Math.floor(random() * boxes.length);
    const span = random() < 0.8 ? 2 : 6;
    const column = Math.min(columns - 1, Math.max(0, (from % columns) + Math.round((random() - 0.5) * 2 * span)));
    const row = Math.min(rows - 1, Math.max(0, Math.floor(from / columns) + Math.round((random() - 0.5) * 2 * span)));
    return [from, row * columns + column];
  });
  return { name: 'jittered grid', boxes, links };
}

/** 12 layers of 25 statements (causes above effects); links go down 1–5 layers, a few back up. */
export function layeredMap(seed: number): RoutingMap {
  const random = seededRandom(seed);
  const layers = 12;
  const perLayer = 25;
  const boxes: StatementBox[] = [];
  for (let i = 0; i < layers * perLayer; i++) {
    const layer = Math.floor(i / perLayer);
    const x = (i % perLayer) * 280 + (layer % 2) * 140 + Math.round((random() - 0.5) * 40);
    boxes.push(box(i, x, layer * 230 + Math.round((random() - 0.5) * 20), 72 + Math.floor(random() * 49)));
  }
  const links = linksFor(random, 600, () => {
    const from = Math.floor(random() * boxes.length);
    const down = random() < 0.6 ? 1 : 2 + Math.floor(random() * 4);
    const layer = Math.floor(from / perLayer) + (random() < 0.1 ? -down : down);
    const position = (from % perLayer) + Math.round((random() - 0.5) * 6);
    if (layer < 0 || layer >= layers || position < 0 || position >= perLayer) return [from, from];
    return [from, layer * perLayer + position];
  });
  return { name: 'layered, long links across rows', boxes, links };
}

/** One statement moved per step: even steps a small drag, odd steps a big jump. */
function moves(map: RoutingMap, seed: number): { index: number; dx: number; dy: number }[] {
  const random = seededRandom(seed);
  return Array.from({ length: MOVES }, (_, step) => {
    const reach = step % 2 === 0 ? 24 : 600;
    return { index: Math.floor(random() * map.boxes.length), dx: Math.round((random() - 0.5) * 2 * reach), dy: Math.round((random() - 0.5) * 2 * reach) };
  });
}

const median = (values: number[]) => values.slice().sort((a, b) => a - b)[values.length >> 1] ?? NaN;
const p95 = (values: number[]) => values.slice().sort((a, b) => a - b)[Math.floor(values.length * 0.95)] ?? NaN;
const ms = (value: number) => (Number.isNaN(value) ? '—' : value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));

/** Links drawn across a statement they do not join (statements piled onto either end excepted). */
function violations(map: RoutingMap, routes: ReadonlyMap<string, Route>): number {
  const byId = new Map(map.boxes.map((b) => [b.id, b]));
  return map.links.filter((link) => {
    const route = routes.get(link.id);
    if (route === undefined) return false;
    const ends = [byId.get(link.from)!, byId.get(link.to)!];
    const excused = map.boxes.filter((b) => ends.some((end) => end !== b && boxesOverlap(end, b))).map((b) => b.id);
    return routeCrossesOtherBoxes(route, map.boxes.filter((b) => !excused.includes(b.id)), link.from, link.to);
  }).length;
}

interface Timings { full: number; moves: number[]; bad?: number; routed?: number; after?: number; mismatches?: number }

const applyMove = (boxes: StatementBox[], move: { index: number; dx: number; dy: number }): StatementBox[] => {
  const moved = boxes[move.index]!;
  const next = boxes.slice();
  next[move.index] = { ...moved, x: moved.x + move.dx, y: moved.y + move.dy };
  return next;
};

function benchOurs(map: RoutingMap): Timings {
  const fulls: number[] = [];
  let routes: ReadonlyMap<string, Route> = new Map();
  for (let rep = 0; rep <= FULL_REPS; rep++) {
    const began = performance.now();
    routes = createLinkRouter({ clearance: CLEARANCE }).route(map.boxes, map.links);
    if (rep > 0) fulls.push(performance.now() - began); // rep 0 warms up
  }
  const routed = map.links.filter((link) => (routes.get(link.id)?.points.length ?? 0) > 2).length;
  const bad = violations(map, routes);
  const fastest = new Array<number>(MOVES).fill(Infinity);
  let mismatches = 0;
  let after = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const router = createLinkRouter({ clearance: CLEARANCE });
    router.route(map.boxes, map.links);
    for (const [step, move] of moves(map, 7).entries()) {
      const boxes = applyMove(map.boxes, move);
      const began = performance.now();
      const result = router.route(boxes, map.links);
      fastest[step] = Math.min(fastest[step]!, performance.now() - began);
      if (pass === 0 && step % 10 === 9) {
        // Incremental routing must give exactly what routing from scratch gives.
        const scratch = createLinkRouter({ clearance: CLEARANCE }).route(boxes, map.links);
        for (const [id, route] of scratch) if (JSON.stringify(route.points) !== JSON.stringify(result.get(id)?.points)) mismatches++;
        after += violations({ ...map, boxes }, result);
      }
      router.route(map.boxes, map.links); // the statement goes back: every move starts from the tidy map
    }
  }
  return { full: median(fulls), moves: fastest, routed, bad, after, mismatches };
}

/** Re-routing every link from scratch after each move: what the router would cost without its cache. */
function benchNaive(map: RoutingMap): Timings {
  const times: number[] = [];
  for (const move of moves(map, 7).slice(0, 40)) {
    const boxes = applyMove(map.boxes, move);
    const began = performance.now();
    createLinkRouter({ clearance: CLEARANCE }).route(boxes, map.links);
    times.push(performance.now() - began);
  }
  return { full: NaN, moves: times };
}

// The few libavoid-js calls used here (its typings declare everything as `any`).
interface AvoidObject { readonly __brand?: never }
interface AvoidRoute { size(): number; get_ps(index: number): { x: number; y: number } }
interface AvoidApi {
  PolyLineRouting: number; OrthogonalRouting: number; shapeBufferDistance: number; idealNudgingDistance: number; ConnDirAll: number;
  Router: new (flags: number) => AvoidObject & {
    setRoutingParameter(parameter: number, value: number): void; processTransaction(): void; moveShape(shape: AvoidObject, dx: number, dy: number): void;
  };
  Point: new (x: number, y: number) => AvoidObject;
  Rectangle: new (centre: AvoidObject, width: number, height: number) => AvoidObject;
  ShapeRef: new (router: AvoidObject, polygon: AvoidObject) => AvoidObject;
  ShapeConnectionPin: new (shape: AvoidObject, classId: number, x: number, y: number, proportional: boolean, inside: number, directions: number) => AvoidObject;
  ConnEnd: new (shape: AvoidObject, classId: number) => AvoidObject;
  ConnRef: new (router: AvoidObject, from: AvoidObject, to: AvoidObject) => AvoidObject & { displayRoute(): AvoidRoute };
  destroy(object: AvoidObject): void;
}

/** libavoid: build its router (shapes, centre pins, connectors), route, then move statements one by one. */
function benchAvoid(avoid: AvoidApi, map: RoutingMap, orthogonal: boolean, count: number): Timings {
  const began = performance.now();
  const router = new avoid.Router(orthogonal ? avoid.OrthogonalRouting : avoid.PolyLineRouting);
  router.setRoutingParameter(avoid.shapeBufferDistance, CLEARANCE);
  if (orthogonal) router.setRoutingParameter(avoid.idealNudgingDistance, 8);
  const shapes = new Map(map.boxes.map((b) => {
    const shape = new avoid.ShapeRef(router, new avoid.Rectangle(new avoid.Point(b.x + b.width / 2, b.y + b.height / 2), b.width, b.height));
    new avoid.ShapeConnectionPin(shape, 1, 0.5, 0.5, true, 0, avoid.ConnDirAll); // a pin at the centre, like ours
    return [b.id, shape];
  }));
  const connectors = map.links.map((link) => new avoid.ConnRef(router, new avoid.ConnEnd(shapes.get(link.from)!, 1), new avoid.ConnEnd(shapes.get(link.to)!, 1)));
  router.processTransaction();
  const full = performance.now() - began;
  const routes = new Map(map.links.map((link, i) => {
    const line = connectors[i]!.displayRoute();
    const points = Array.from({ length: line.size() }, (_, k) => ({ x: line.get_ps(k).x, y: line.get_ps(k).y }));
    return [link.id, { points, marker: points[0]!, path: '' }];
  }));
  const bad = violations(map, routes);
  const routed = [...routes.values()].filter((route) => route.points.length > 2).length;
  const times: number[] = [];
  for (const move of moves(map, 7).slice(0, count)) {
    const shape = shapes.get(map.boxes[move.index]!.id)!;
    const start = performance.now();
    router.moveShape(shape, move.dx, move.dy);
    router.processTransaction();
    times.push(performance.now() - start);
    router.moveShape(shape, -move.dx, -move.dy); // back, as for ours
    router.processTransaction();
  }
  avoid.destroy(router);
  return { full, moves: times, bad, routed };
}

async function main(): Promise<void> {
  const withOrthogonal = process.argv.includes('--orthogonal');
  let avoid: AvoidApi | null = null;
  try {
    await AvoidLib.load(fileURLToPath(new URL('../node_modules/libavoid-js/dist/libavoid.wasm', import.meta.url)));
    avoid = AvoidLib.getInstance() as unknown as AvoidApi;
  } catch (error) {
    console.error(`libavoid-js did not load: ${String(error)}`);
  }
  const rows: string[] = [];
  let failures = 0;
  for (const map of [gridMap(11), layeredMap(12)]) {
    const ours = benchOurs(map);
    if (ours.bad !== 0 || ours.after !== 0 || ours.mismatches !== 0) failures++;
    const row = (who: string, t: Timings, note: string) =>
      `| ${map.name} | ${who} | ${ms(t.full)} | ${ms(median(t.moves))} | ${ms(p95(t.moves))} | ${note} |`;
    rows.push(row('**ours**', ours, `${ours.routed} of ${map.links.length} links bend; crossings ${ours.bad}, in ${MOVES / 10} moved maps ${ours.after}; incremental ≠ from scratch: ${ours.mismatches} of ${(MOVES / 10) * map.links.length} routes`));
    const naive = benchNaive(map);
    rows.push(row('ours, every link from scratch on each move', naive, `move median ${(median(naive.moves) / median(ours.moves)).toFixed(0)}× ours`));
    const references: [string, AvoidApi, boolean, number][] = avoid === null ? [] : [['libavoid-js poly-line', avoid, false, AVOID_MOVES]];
    // Orthogonal routing (with its global nudging) did not finish the layered map in 15 minutes.
    if (avoid !== null && withOrthogonal && map.name === 'jittered grid') references.push(['libavoid-js orthogonal', avoid, true, ORTHOGONAL_MOVES]);
    for (const [who, api, orthogonal, count] of references) {
      const theirs = benchAvoid(api, map, orthogonal, count);
      // Against ours on the same first moves.
      const mine = ours.moves.slice(0, count);
      const ratio = (a: number, b: number) => `${Math.round(a / b).toLocaleString('en')}×`;
      rows.push(row(`${who} (${count} moves)`, theirs, `${theirs.routed} bend; crossings ${theirs.bad}; vs ours: full ${ratio(theirs.full, ours.full)}, on the same ${count} moves median ${ratio(median(theirs.moves), median(mine))}, p95 ${ratio(p95(theirs.moves), p95(mine))}`));
      console.error(`done: ${who} on ${map.name}`);
    }
  }
  console.log(`Command: \`npx tsx bench/routing.ts${withOrthogonal ? ' --orthogonal' : ''}\` · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · clearance ${CLEARANCE} px`);
  console.log(`Times in ms. Full: routing every link of the map from scratch (ours: median of ${FULL_REPS}; libavoid: once, building its router included). Move: one statement moved (then put back, untimed), everything routed again; ${MOVES} moves, every other one a jump of up to 600 px, the others drag steps of up to 24 px (ours: each move at its fastest of ${PASSES} replays; libavoid: moveShape + processTransaction, the first moves only). Crossings: links drawn across a statement they do not join (statements a jump dropped onto a link's end excepted).\n`);
  console.log('| map (300 statements, 600 links) | router | full | move: median | move: p95 | notes |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const line of rows) console.log(line);
  if (failures > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
