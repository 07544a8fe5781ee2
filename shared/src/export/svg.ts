import type { ExportDocument, ExportLink, ExportLoop, ExportStatement } from '../export-document.js';
import type { Point, StatementBox } from '../geometry/box.js';
import { type LinkEnds, type Route, createLinkRouter } from '../geometry/route.js';
import { liveParts } from './formats.js';
import { xmlText } from './graphml.js';
import { EXPORT_FONT, measureText, wrapText } from './text.js';

// One renderer for every picture of a map: the SVG export, and through it the PNG and the PDF
// report, on the server and in the browser. It draws from the export document (never from the
// screen), with the canvas's sizes and the canvas's link router, so links go around statements
// exactly as the team saw them.

export interface SvgOptions {
  /** Only this loop's statements and links (SPEC §6 `&loop=`). */
  loop?: ExportLoop;
  /** A heading with the map's title above the diagram. */
  heading?: string;
}

export interface Drawing {
  svg: string;
  width: number;
  height: number;
}

const BOX_WIDTH = 220;
const PAD_X = 12;
const PAD_TOP = 8;
const HEAD = 24;
const TEXT_SIZE = 14;
const LINE = 19;
const PAD_BOTTOM = 10;
const MARGIN = 32;
const HEADING = 44;

const VALENCE = {
  negative: { word: 'BAD', fill: '#fef2f2', stroke: '#b91c1c', ink: '#b91c1c' },
  neutral: { word: 'NEUTRAL', fill: '#ffffff', stroke: '#94a3b8', ink: '#475569' },
  positive: { word: 'GOOD', fill: '#f0fdf4', stroke: '#15803d', ink: '#15803d' },
} as const;
const LINK_INK = '#334155';
const MINUS_INK = '#b91c1c';
const VICIOUS_INK = '#b91c1c';
const LOOP_INK = '#6d28d9';

const num = (value: number) => String(Math.round(value * 10) / 10);

interface Placed {
  statement: ExportStatement;
  box: StatementBox;
  lines: string[];
  loops: ExportLoop[];
}

function place(statements: readonly ExportStatement[], loops: readonly ExportLoop[]): Placed[] {
  const loopsOf = new Map<string, ExportLoop[]>();
  for (const loop of loops) {
    for (const id of loop.statementIds) {
      const known = loopsOf.get(id);
      if (known) known.push(loop);
      else loopsOf.set(id, [loop]);
    }
  }
  return statements.map((statement) => {
    const lines = wrapText(statement.text || '(empty)', BOX_WIDTH - 2 * PAD_X, TEXT_SIZE);
    const height = PAD_TOP + HEAD + 4 + lines.length * LINE + PAD_BOTTOM;
    return {
      statement,
      box: { id: statement.id, x: statement.x, y: statement.y, width: BOX_WIDTH, height },
      lines,
      loops: loopsOf.get(statement.id) ?? [],
    };
  });
}

function drawStatement({ statement, box, lines, loops }: Placed): string {
  const valence = VALENCE[statement.valence];
  const number = String(statement.number);
  const badgeWidth = Math.max(24, measureText(number, 13, 'bold') + 12);
  const headY = box.y + PAD_TOP + HEAD / 2;
  const parts = [
    `<g class="statement" data-number="${number}">`,
    `<title>${xmlText(`Statement ${number}, ${valence.word.toLowerCase()}: ${statement.text}`)}</title>`,
    `<rect x="${num(box.x)}" y="${num(box.y)}" width="${BOX_WIDTH}" height="${num(box.height)}" rx="10" fill="${valence.fill}" stroke="${valence.stroke}" stroke-width="2"/>`,
    `<rect x="${num(box.x + PAD_X)}" y="${num(headY - 12)}" width="${num(badgeWidth)}" height="24" rx="12" fill="#0f172a"/>`,
    `<text x="${num(box.x + PAD_X + badgeWidth / 2)}" y="${num(headY + 4.5)}" font-size="13" font-weight="700" fill="#ffffff" text-anchor="middle">${number}</text>`,
    `<text x="${num(box.x + PAD_X + badgeWidth + 8)}" y="${num(headY + 4)}" font-size="11" font-weight="700" fill="${valence.ink}">${valence.word}</text>`,
  ];
  if (loops.length > 0) {
    // Which loops run through it, right-aligned, vicious ones in red: "R1 R2 +2".
    const labels = loops.slice(0, 3).map((loop) => ({ text: loop.name, ink: loop.character === 'vicious' ? VICIOUS_INK : LOOP_INK }));
    if (loops.length > 3) labels.push({ text: `+${loops.length - 3}`, ink: LOOP_INK });
    let x = box.x + BOX_WIDTH - PAD_X;
    for (const { text, ink } of labels.reverse()) {
      parts.push(`<text x="${num(x)}" y="${num(headY + 4)}" font-size="11" font-weight="700" fill="${ink}" text-anchor="end">${xmlText(text)}</text>`);
      x -= measureText(text, 11, 'bold') + 5;
    }
  }
  const textTop = box.y + PAD_TOP + HEAD + 4;
  lines.forEach((line, index) => {
    parts.push(`<text x="${num(box.x + PAD_X)}" y="${num(textTop + index * LINE + 14)}" font-size="${TEXT_SIZE}" fill="#0f172a">${xmlText(line)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}

/** The arrow head: a triangle whose tip is the route's last point. */
function arrowHead(points: readonly Point[], colour: string): string {
  const tip = points[points.length - 1]!;
  const from = points[points.length - 2]!;
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / length;
  const uy = (tip.y - from.y) / length;
  const back = { x: tip.x - ux * 13, y: tip.y - uy * 13 };
  const left = { x: back.x - uy * 5.5, y: back.y + ux * 5.5 };
  const right = { x: back.x + uy * 5.5, y: back.y - ux * 5.5 };
  return `<path d="M${num(tip.x)} ${num(tip.y)}L${num(left.x)} ${num(left.y)}L${num(right.x)} ${num(right.y)}Z" fill="${colour}"/>`;
}

function drawLink(link: ExportLink, route: Route, numbers: ReadonlyMap<string, number>, onLoop: boolean): string {
  const negative = link.polarity === '-';
  const reads = `${numbers.get(link.from)} ${negative ? 'may not lead to' : 'may lead to'} ${numbers.get(link.to)}`;
  const { marker } = route;
  const width = onLoop ? 2.6 : 2;
  const sign = negative ? '−' : '+';
  const signInk = negative ? MINUS_INK : LINK_INK;
  return [
    `<g class="link" data-polarity="${link.polarity}">`,
    `<title>${xmlText(reads)}</title>`,
    // The line stops short of the tip, under the head, so the head stays sharp.
    `<path d="${route.path}" fill="none" stroke="${LINK_INK}" stroke-width="${width}"${negative ? ' stroke-dasharray="7 5"' : ''}/>`,
    arrowHead(route.points, LINK_INK),
    `<circle cx="${num(marker.x)}" cy="${num(marker.y)}" r="9" fill="#ffffff" stroke="${signInk}" stroke-width="2"/>`,
    `<text x="${num(marker.x)}" y="${num(marker.y + 5)}" font-size="15" font-weight="700" fill="${signInk}" text-anchor="middle">${sign}</text>`,
    '</g>',
  ].join('');
}

/**
 * The map (or one loop of it) as a standalone SVG: numbered statements with wrapped text,
 * valence by colour and word, arrows routed around statements with their heads, a minus sign
 * on "may not lead to" links and a plus on the others, and the labels of the loops through
 * each statement. Deleted statements and links are left out.
 */
export function renderSvg(document: ExportDocument, options: SvgOptions = {}): Drawing {
  const { loop } = options;
  const only = loop ? new Set(loop.statementIds) : null;
  const parts = liveParts(document);
  const statements = parts.statements.filter((s) => !only || only.has(s.id));
  const loopLinks = loop ? new Set(loop.linkIds) : null;
  const links = parts.links.filter((link) => !loopLinks || loopLinks.has(link.id));
  const placed = place(statements, loop ? [loop] : document.loops);
  const pairs = new Set(links.map((link) => `${link.from}>${link.to}`));
  const ends: LinkEnds[] = links.map((link) => ({
    id: link.id,
    from: link.from,
    to: link.to,
    twoWay: pairs.has(`${link.to}>${link.from}`),
  }));
  const routes = createLinkRouter().route(
    placed.map((p) => p.box),
    ends,
  );

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const cover = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const { box } of placed) {
    cover(box.x, box.y);
    cover(box.x + box.width, box.y + box.height);
  }
  for (const route of routes.values()) for (const point of route.points) cover(point.x, point.y);
  if (minX === Infinity) {
    minX = minY = 0;
    maxX = 320;
    maxY = 80;
  }
  const top = options.heading ? HEADING : 0;
  const width = Math.ceil(maxX - minX + 2 * MARGIN);
  const height = Math.ceil(maxY - minY + 2 * MARGIN + top);
  const dx = MARGIN - minX;
  const dy = MARGIN + top - minY;

  const numbers = new Map(statements.map((s) => [s.id, s.number]));
  const onLoop = new Set(document.loops.flatMap((each) => each.linkIds));
  const label = options.heading ?? document.title ?? 'Causal map';
  const body = [
    ...links.map((link) => {
      const route = routes.get(link.id);
      return route ? drawLink(link, route, numbers, onLoop.has(link.id)) : '';
    }),
    ...placed.map(drawStatement),
  ].join('\n');
  const empty = placed.length === 0 ? `<text x="${MARGIN}" y="${MARGIN + top + 30}" font-size="14" fill="#475569">No statements yet.</text>` : '';
  const heading = options.heading
    ? `<text x="${MARGIN}" y="${MARGIN + 20}" font-size="20" font-weight="700" fill="#0f172a">${xmlText(options.heading)}</text>`
    : '';
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${xmlText(label)}" font-family="${EXPORT_FONT}, 'Helvetica Neue', Arial, sans-serif">`,
    `<title>${xmlText(label)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    heading,
    empty,
    `<g transform="translate(${num(dx)} ${num(dy)})">`,
    body,
    '</g>',
    '</svg>',
  ].join('\n');
  return { svg, width, height };
}
