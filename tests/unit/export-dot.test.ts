import { dotString, toDot } from '@causal-map/shared/export/dot';
import { toExportDocument } from '@causal-map/shared/export-document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ODD_DELETED_TEXT, ODD_TEXTS, dementiaCase, exportCase, expectFile, oddMap } from './helpers/text-exports.js';

/** One statement of a DOT file: `s1 [..]` or `s1 -> s2 [..]`, attributes unescaped as Graphviz reads them. */
interface DotItem {
  from: string;
  to?: string;
  attributes: Record<string, string>;
}

/**
 * Reads the node and edge lines the writer produces. Quoted strings are scanned the way
 * Graphviz's lexer does (`\"` a quote, `\\` a backslash); label escapes (`\n`) are then
 * turned into what Graphviz draws. Throws on an unterminated string or a raw line break in one.
 */
function readDot(dot: string): DotItem[] {
  const items: DotItem[] = [];
  for (const line of dot.split('\n')) {
    const head = /^ {2}(s\d+)(?: -> (s\d+))? \[/.exec(line);
    if (!head) continue;
    const attributes: Record<string, string> = {};
    let at = head[0].length;
    while (line[at] !== ']') {
      const name = /^(\w+)="/.exec(line.slice(at));
      if (!name) throw new Error(`bad attribute at ${at} in ${line}`);
      at += name[0].length;
      let value = '';
      for (;;) {
        const char = line[at++];
        if (char === undefined) throw new Error(`unterminated string in ${line}`);
        if (char === '"') break;
        if (char === '\\') {
          const next = line[at++];
          value += next === 'n' ? '\n' : next === '"' ? '"' : next === '\\' ? '\\' : `\\${next}`;
        } else value += char;
      }
      attributes[name[1]!] = value;
      if (line.startsWith(', ', at)) at += 2;
    }
    expect(line.slice(at)).toBe('];');
    items.push({ from: head[1]!, ...(head[2] ? { to: head[2] } : {}), attributes });
  }
  return items;
}

describe('dot export', () => {
  it('writes the dementia case as expected (tests/fixtures/expected/dementia.dot)', () => {
    expectFile('dementia.dot', toDot(dementiaCase().document));
  });

  it('is a digraph with node s<number> labelled "<number>. <text>" for every live statement', () => {
    const { document } = dementiaCase();
    const dot = toDot(document);
    expect(dot.startsWith('digraph "Dementia case (illustrative)" {\n')).toBe(true);
    expect(dot.endsWith('}\n')).toBe(true);
    const nodes = readDot(dot).filter((item) => item.to === undefined);
    expect(nodes.map((node) => [node.from, node.attributes.label])).toEqual(
      document.statements.map((s) => [`s${s.number}`, `${s.number}. ${s.text}`]),
    );
    expect(dot).toContain('  graph [label="Dementia case (illustrative)", labelloc="t"');
  });

  it('gives every link its polarity, and "-" links a visible minus and a dash', () => {
    const edges = readDot(toDot(dementiaCase().document)).filter((item) => item.to !== undefined);
    expect(edges).toHaveLength(16);
    for (const edge of edges) {
      const polarity = edge.attributes.polarity;
      expect(['+', '-']).toContain(polarity);
      if (polarity === '-') {
        expect(edge.attributes.label).toBe('−');
        expect(edge.attributes.style).toBe('dashed');
      } else {
        expect(edge.attributes).not.toHaveProperty('label');
      }
    }
    expect(edges.filter((edge) => edge.attributes.polarity === '-').map((edge) => `${edge.from}->${edge.to}`)).toEqual([
      's11->s5',
      's11->s8',
      's12->s9',
    ]);
  });

  it('shows valence by colour and by a word, never by colour alone', () => {
    const nodes = readDot(toDot(dementiaCase().document)).filter((item) => item.to === undefined);
    const byNumber = (n: number) => nodes.find((node) => node.from === `s${n}`)!.attributes;
    expect(byNumber(1)).toMatchObject({ valence: 'negative', xlabel: 'Bad', tooltip: 'Bad for the person', color: '#b91c1c' });
    expect(byNumber(11)).toMatchObject({ valence: 'positive', xlabel: 'Good', tooltip: 'Good for the person', color: '#15803d' });
    expect(byNumber(3)).toMatchObject({ valence: 'neutral', tooltip: 'Neutral' });
    expect(byNumber(3)).not.toHaveProperty('xlabel');
  });

  it('escapes quotes, backslashes and line breaks, and keeps accents and emoji', () => {
    const dot = toDot(exportCase(oddMap()).document);
    const nodes = readDot(dot).filter((item) => item.to === undefined);
    expect(nodes.map((node) => node.attributes.label)).toEqual(
      [1, 2, 3, 4].map((n) => `${n}. ${ODD_TEXTS[n]!.replace(/\r\n/g, '\n')}`),
    );
    expect(dot).toContain('label="2. Line one\\nLine two\\nthree; back\\\\slash \\\\n not a break"');
    expect(dot).toContain('label="1. Quote \\" and \'apostrophe\', comma, <tag> & ampersand > end"');
    expect(dot).toContain('👵🏽');
    expect(dot.startsWith('digraph "Odd <map> & \\"friends\\"" {')).toBe(true);
    // No raw line break inside any line's strings: every line is a whole DOT statement.
    for (const line of dot.split('\n')) expect(line).not.toContain('\r');
  });

  it('leaves out deleted statements, deleted links, links to deleted statements, duplicates and self-links', () => {
    const dot = toDot(exportCase(oddMap()).document);
    expect(dot).not.toContain(ODD_DELETED_TEXT);
    expect(dot).not.toMatch(/\bs5\b/);
    const edges = readDot(dot).filter((item) => item.to !== undefined);
    expect(edges.map((edge) => `${edge.from}->${edge.to} ${edge.attributes.polarity}`)).toEqual([
      's1->s2 +',
      's2->s3 -',
      's2->s4 +',
      's3->s1 +',
    ]);
  });

  it('drops control characters a DOT string cannot carry, and names an untitled map "map"', () => {
    expect(dotString('a\u0000b\u0007c\td\u007f')).toBe('"abc\td"');
    expect(dotString('one\rtwo')).toBe('"one\\ntwo"');
    const dot = toDot(toExportDocument(new Y.Doc()));
    expect(dot).toBe(
      [
        'digraph "map" {',
        '  graph [fontname="Helvetica", fontsize="20"];',
        '  node [shape="box", style="rounded,filled", fontname="Helvetica", penwidth="2"];',
        '  edge [fontname="Helvetica", color="#334155"];',
        '',
        '}',
        '',
      ].join('\n'),
    );
  });
});
