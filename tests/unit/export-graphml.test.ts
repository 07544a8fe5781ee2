import { toGraphml, xmlText } from '@causal-map/shared/export/graphml';
import { toExportDocument } from '@causal-map/shared/export-document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ODD_DELETED_TEXT, ODD_TEXTS, dementiaCase, exportCase, expectFile, oddMap } from './helpers/text-exports.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Character data with its references resolved; throws on a bare `&` or `<`, or an unknown entity. */
function decode(raw: string): string {
  if (raw.includes('<')) throw new Error(`raw < in ${raw}`);
  let out = '';
  for (let at = 0; at < raw.length; ) {
    const char = raw[at]!;
    if (char !== '&') {
      out += char;
      at++;
      continue;
    }
    const end = raw.indexOf(';', at);
    if (end < 0) throw new Error(`bare & in ${raw}`);
    const name = raw.slice(at + 1, end);
    if (name.startsWith('#')) out += String.fromCodePoint(Number(name.slice(1)));
    else if (name in ENTITIES) out += ENTITIES[name];
    else throw new Error(`unknown entity &${name};`);
    at = end + 1;
  }
  return out;
}

/**
 * A small well-formedness check, enough for what the writer produces (no CDATA, no comments):
 * one root, every tag closed in order, attributes quoted and unique, references valid, only
 * characters XML 1.0 allows. Returns the element tree; line ends are normalised as a parser would.
 */
function parseXml(xml: string): XmlElement {
  for (const char of xml) {
    const code = char.codePointAt(0)!;
    const allowed = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code < 0xd800) || (code > 0xdfff && code < 0xfffe) || code > 0xffff;
    if (!allowed) throw new Error(`character U+${code.toString(16)} is not allowed in XML`);
  }
  const source = xml.replace(/\r\n?/g, '\n');
  const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (!source.startsWith(declaration)) throw new Error('no XML declaration');
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  let at = declaration.length;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    const top = stack[stack.length - 1]!;
    const text = decode(source.slice(at, open < 0 ? source.length : open));
    if (stack.length === 1 && text.trim() !== '') throw new Error('text outside the root');
    top.text += text;
    if (open < 0) break;
    const close = source.indexOf('>', open);
    if (close < 0) throw new Error('unclosed tag');
    const tag = source.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith('/')) {
      const element = stack.pop()!;
      if (element.name !== tag.slice(1) || stack.length === 0) throw new Error(`</${tag.slice(1)}> closes <${element.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = /^[A-Za-z_][\w.:-]*/.exec(body);
    if (!nameMatch) throw new Error(`bad tag <${tag}>`);
    const element: XmlElement = { name: nameMatch[0], attributes: {}, children: [], text: '' };
    let rest = body.slice(nameMatch[0].length);
    while (rest.trim() !== '') {
      const attribute = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(rest);
      if (!attribute) throw new Error(`bad attributes in <${tag}>`);
      if (attribute[1]! in element.attributes) throw new Error(`attribute ${attribute[1]} twice`);
      element.attributes[attribute[1]!] = decode(attribute[2]!);
      rest = rest.slice(attribute[0].length);
    }
    if (stack.length === 1 && root.children.length > 0) throw new Error('two root elements');
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root.children[0]!;
}

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((child) => child.name === name);

/** Node and edge data as a networkx user would see them. */
function readGraph(xml: string) {
  const graphml = parseXml(xml);
  expect(graphml.name).toBe('graphml');
  expect(graphml.attributes.xmlns).toBe('http://graphml.graphdrawing.org/xmlns');
  const keys = new Map(childrenNamed(graphml, 'key').map((key) => [key.attributes.id!, key.attributes]));
  const [graph, ...more] = childrenNamed(graphml, 'graph');
  expect(more).toEqual([]);
  expect(graph!.attributes.edgedefault).toBe('directed');
  const dataOf = (element: XmlElement, kind: 'node' | 'edge'): Record<string, string> =>
    Object.fromEntries(
      childrenNamed(element, 'data').map((data) => {
        const key = keys.get(data.attributes.key!);
        expect(key, `key ${data.attributes.key} is declared`).toBeDefined();
        expect(key!.for).toBe(kind);
        return [key!['attr.name']!, data.text];
      }),
    );
  const nodes = childrenNamed(graph!, 'node').map((node): Record<string, string> => ({ id: node.attributes.id!, ...dataOf(node, 'node') }));
  const ids = new Set(nodes.map((node) => node.id));
  const edges = childrenNamed(graph!, 'edge').map((edge): Record<string, string> => {
    expect(ids.has(edge.attributes.source!) && ids.has(edge.attributes.target!)).toBe(true);
    return { source: edge.attributes.source!, target: edge.attributes.target!, ...dataOf(edge, 'edge') };
  });
  const desc = childrenNamed(graph!, 'desc')[0]?.text;
  return { keys, nodes, edges, desc };
}

describe('graphml export', () => {
  it('writes the dementia case as expected (tests/fixtures/expected/dementia.graphml)', () => {
    expectFile('dementia.graphml', toGraphml(dementiaCase().document));
  });

  it('declares typed keys number, text, valence (and label) for nodes and polarity for edges', () => {
    const { keys } = readGraph(toGraphml(dementiaCase().document));
    expect(Object.fromEntries([...keys].map(([id, key]) => [id, [key.for, key['attr.name'], key['attr.type']]]))).toEqual({
      label: ['node', 'label', 'string'],
      number: ['node', 'number', 'int'],
      text: ['node', 'text', 'string'],
      valence: ['node', 'valence', 'string'],
      polarity: ['edge', 'polarity', 'string'],
    });
  });

  it('has node s<number> for every live statement and an edge per link, between those ids', () => {
    const { document } = dementiaCase();
    const { nodes, edges, desc } = readGraph(toGraphml(document));
    expect(desc).toBe('Dementia case (illustrative)');
    expect(nodes).toEqual(
      document.statements.map((s) => ({
        id: `s${s.number}`,
        label: `${s.number}. ${s.text}`,
        number: String(s.number),
        text: s.text,
        valence: s.valence,
      })),
    );
    const numberOf = new Map(document.statements.map((s) => [s.id, s.number]));
    expect(edges).toHaveLength(document.links.length);
    for (const link of document.links) {
      expect(edges).toContainEqual({ source: `s${numberOf.get(link.from)}`, target: `s${numberOf.get(link.to)}`, polarity: link.polarity });
    }
  });

  it('escapes <, &, quotes and >, keeps CR, accents and emoji, and reads back exactly', () => {
    const xml = toGraphml(exportCase(oddMap()).document);
    const { nodes, desc } = readGraph(xml);
    expect(nodes.map((node) => node.text)).toEqual([1, 2, 3, 4].map((n) => ODD_TEXTS[n]));
    expect(desc).toBe('Odd <map> & "friends"');
    expect(xml).toContain(
      '<data key="text">Quote &quot; and &apos;apostrophe&apos;, comma, &lt;tag&gt; &amp; ampersand &gt; end</data>',
    );
    expect(xml).toContain('Line two&#13;\nthree; back\\slash');
    expect(xml).toContain('Café crème, naïve 👵🏽');
  });

  it('leaves out deleted statements, deleted links, links to deleted statements, duplicates and self-links', () => {
    const xml = toGraphml(exportCase(oddMap()).document);
    expect(xml).not.toContain(ODD_DELETED_TEXT);
    expect(xml).not.toContain('"s5"');
    const { edges } = readGraph(xml);
    expect(edges).toEqual([
      { source: 's1', target: 's2', polarity: '+' },
      { source: 's2', target: 's3', polarity: '-' },
      { source: 's2', target: 's4', polarity: '+' },
      { source: 's3', target: 's1', polarity: '+' },
    ]);
  });

  it('replaces characters XML 1.0 cannot hold, and writes an empty map as a valid document', () => {
    expect(xmlText('a\u0000b\u0008c\td\uFFFEe\uD800f')).toBe('a\uFFFDb\uFFFDc\td\uFFFDe\uFFFDf');
    const { nodes, edges, desc } = readGraph(toGraphml(toExportDocument(new Y.Doc())));
    expect([nodes, edges, desc]).toEqual([[], [], undefined]);
  });

  it('the well-formedness check itself refuses broken XML', () => {
    const ok = '<?xml version="1.0" encoding="UTF-8"?>\n<a><b x="1"/></a>\n';
    expect(parseXml(ok).children[0]!.attributes.x).toBe('1');
    for (const broken of ['<a><b></a></b>', '<a>Tom & Jerry</a>', '<a x=1/>', '<a/><b/>', '<a>\u0001</a>', '<a>']) {
      expect(() => parseXml(`<?xml version="1.0" encoding="UTF-8"?>\n${broken}\n`), broken).toThrow();
    }
  });
});
