import type { ExportDocument } from '../export-document.js';
import { liveParts } from './formats.js';

// The `graphml` export of SPEC §6, for yEd, Gephi and networkx. Plain GraphML, no yEd
// graphics: every key is typed and declared for nodes or edges, because Gephi reports a key
// without a type, or one declared for the graph, as a severe import problem. The map's title
// goes in the graph's <desc>, which all three read past. The extra `label` key is the name
// Gephi takes as the node label (yEd maps it with Edit → Properties Mapper).

/** A character xmlText changes: a special one, CR, a control character, a surrogate, U+FFFE or U+FFFF. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_CARE = /[&<>"'\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

/**
 * Text for XML content or attribute values: the five special characters as entities, CR as
 * a character reference (a parser would turn a raw one into LF), and characters XML 1.0 cannot
 * hold at all (most control characters, lone surrogates, U+FFFE, U+FFFF) as U+FFFD.
 * @example xmlText('Tom & "Jerry" <3') // 'Tom &amp; &quot;Jerry&quot; &lt;3'
 */
export function xmlText(text: string): string {
  // Most text needs nothing done to it (a big map's SVG holds thousands of texts).
  if (!NEEDS_CARE.test(text)) return text;
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    switch (char) {
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '"': out += '&quot;'; break;
      case "'": out += '&apos;'; break;
      case '\r': out += '&#13;'; break;
      default: {
        const allowed =
          char === '\t' || char === '\n' || (code >= 0x20 && code < 0xd800) || (code > 0xdfff && code < 0xfffe) || code > 0xffff;
        out += allowed ? char : '\uFFFD';
      }
    }
  }
  return out;
}

const KEYS = [
  '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
  '  <key id="number" for="node" attr.name="number" attr.type="int"/>',
  '  <key id="text" for="node" attr.name="text" attr.type="string"/>',
  '  <key id="valence" for="node" attr.name="valence" attr.type="string"/>',
  '  <key id="polarity" for="edge" attr.name="polarity" attr.type="string"/>',
];

/**
 * The map as GraphML (SPEC §6): node id `s<number>` with data `label` (`<number>. <text>`),
 * `number`, `text` and `valence`; directed edges between those ids with data `polarity`
 * ("+" or "-"). Deleted statements and links are left out.
 */
export function toGraphml(doc: ExportDocument): string {
  const { statements, links, numberOf } = liveParts(doc);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS,
    '  <graph id="map" edgedefault="directed">',
  ];
  if (doc.title !== '') lines.push(`    <desc>${xmlText(doc.title)}</desc>`);
  for (const statement of statements) {
    lines.push(
      `    <node id="s${statement.number}">`,
      `      <data key="label">${xmlText(`${statement.number}. ${statement.text}`)}</data>`,
      `      <data key="number">${statement.number}</data>`,
      `      <data key="text">${xmlText(statement.text)}</data>`,
      `      <data key="valence">${statement.valence}</data>`,
      '    </node>',
    );
  }
  for (const link of links) {
    lines.push(
      `    <edge source="s${numberOf.get(link.from)!}" target="s${numberOf.get(link.to)!}">`,
      `      <data key="polarity">${link.polarity}</data>`,
      '    </edge>',
    );
  }
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
