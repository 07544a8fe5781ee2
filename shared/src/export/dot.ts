import type { ExportDocument } from '../export-document.js';
import type { Valence } from '../schema.js';
import { liveParts } from './formats.js';

// The `dot` export of SPEC §6: the map as a Graphviz digraph, for Graphviz, Gephi, networkx.
// Valence is shown by colour and, for bad and good statements, by a word next to the box, so
// the picture never depends on colour alone (the web app shows the same words).

interface ValenceLook {
  color: string;
  fillcolor: string;
  /** Written next to the box; neutral statements get none, to keep the picture quiet. */
  word: string | null;
  tooltip: string;
}

// The web app's colours (client/src/styles.css --bad, --good and their soft tints).
const VALENCE_LOOK: Record<Valence, ValenceLook> = {
  negative: { color: '#b91c1c', fillcolor: '#fef2f2', word: 'Bad', tooltip: 'Bad for the person' },
  neutral: { color: '#64748b', fillcolor: '#ffffff', word: null, tooltip: 'Neutral' },
  positive: { color: '#15803d', fillcolor: '#f0fdf4', word: 'Good', tooltip: 'Good for the person' },
};

/** The minus sign drawn on a "may not lead to" link (U+2212, as in the SVG export). */
const MINUS = '\u2212';

/**
 * A DOT quoted string. Inside one, `\"` is a quote and `\\` a backslash; Graphviz reads `\n`
 * in labels as a line break. Control characters other than tab and line breaks are dropped:
 * they cannot be shown and a NUL would end the string for Graphviz.
 * @example dotString('Say "hi"\nback\\slash') // '"Say \\"hi\\"\\nback\\\\slash"'
 */
export function dotString(text: string): string {
  let out = '"';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const code = char.charCodeAt(0);
    if (char === '\\' || char === '"') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if ((code < 0x20 && char !== '\t') || code === 0x7f) continue;
    else out += char;
  }
  return `${out}"`;
}

function attributes(list: [string, string][]): string {
  return `[${list.map(([name, value]) => `${name}=${dotString(value)}`).join(', ')}]`;
}

/**
 * The map as a Graphviz `digraph` (SPEC §6): node `s<number>` labelled `<number>. <text>`,
 * edge attribute `polarity` "+" or "-", and `-` links dashed with a visible minus sign.
 * Deleted statements and links are left out. Render with `dot -Tsvg map.dot > map.svg`.
 */
export function toDot(doc: ExportDocument): string {
  const { statements, links, numberOf } = liveParts(doc);
  const lines: string[] = [];
  lines.push(`digraph ${dotString(doc.title === '' ? 'map' : doc.title)} {`);
  const graph: [string, string][] = [['fontname', 'Helvetica'], ['fontsize', '20']];
  if (doc.title !== '') graph.unshift(['label', doc.title], ['labelloc', 't']);
  lines.push(`  graph ${attributes(graph)};`);
  lines.push(`  node ${attributes([['shape', 'box'], ['style', 'rounded,filled'], ['fontname', 'Helvetica'], ['penwidth', '2']])};`);
  lines.push(`  edge ${attributes([['fontname', 'Helvetica'], ['color', '#334155']])};`);
  lines.push('');
  for (const statement of statements) {
    const look = VALENCE_LOOK[statement.valence];
    const node: [string, string][] = [
      ['label', `${statement.number}. ${statement.text}`],
      ['valence', statement.valence],
      ['color', look.color],
      ['fillcolor', look.fillcolor],
    ];
    if (look.word !== null) node.push(['xlabel', look.word]);
    node.push(['tooltip', look.tooltip]);
    lines.push(`  s${statement.number} ${attributes(node)};`);
  }
  if (links.length > 0) lines.push('');
  for (const link of links) {
    const from = numberOf.get(link.from)!;
    const to = numberOf.get(link.to)!;
    const edge: [string, string][] =
      link.polarity === '-'
        ? [['polarity', '-'], ['label', MINUS], ['fontsize', '20'], ['style', 'dashed'], ['tooltip', `${from} may not lead to ${to}`]]
        : [['polarity', '+'], ['tooltip', `${from} may lead to ${to}`]];
    lines.push(`  s${from} -> s${to} ${attributes(edge)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
