import { addLink } from '@causal-map/shared/link';
import { addStatement } from '@causal-map/shared/statement';
import * as Y from 'yjs';
import { renderSvg } from '@causal-map/shared/export/svg';
import { measureText, wrapText } from '@causal-map/shared/export/text';
import { describe, expect, it } from 'vitest';
import { ODD_DELETED_TEXT, dementiaCase, exportCase, oddMap } from './helpers/text-exports.js';

/** The text of every <text> element, unescaped, in order. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'),
  );
}

describe('the SVG renderer', () => {
  it('draws every live statement with its number and its whole text, and nothing deleted', () => {
    const { document } = exportCase(oddMap());
    const { svg } = renderSvg(document);
    const drawn = texts(svg).join(' ');
    for (const statement of document.statements.filter((s) => s.deletedAt === null)) {
      expect(texts(svg)).toContain(String(statement.number));
      for (const word of statement.text.split(/\s+/).filter(Boolean)) expect(drawn).toContain(word);
    }
    expect(svg).not.toContain(ODD_DELETED_TEXT.split(':')[0]);
    expect(svg.match(/class="statement"/g)).toHaveLength(4);
  });

  it('escapes <, &, quotes and keeps accents and emoji', () => {
    const { svg } = renderSvg(exportCase(oddMap()).document);
    expect(svg).toContain('&lt;tag&gt; &amp; ampersand');
    expect(svg).toContain('Quote &quot; and &apos;apostrophe&apos;');
    expect(svg).toContain('Café crème, naïve 👵🏽');
    expect(svg).not.toMatch(/<tag>/);
    expect(svg).toContain('<title>Odd &lt;map&gt; &amp; &quot;friends&quot;</title>');
  });

  it('draws one arrow per live link (duplicates, self-links and deleted ones left out), with a minus on "may not lead to"', () => {
    const { svg } = renderSvg(exportCase(oddMap()).document);
    const links = [...svg.matchAll(/<g class="link" data-polarity="([+-])">/g)].map((match) => match[1]);
    expect(links.sort()).toEqual(['+', '+', '+', '-']);
    expect(svg.match(/>−</g)).toHaveLength(1);
    expect(svg.match(/>\+</g)).toHaveLength(3);
    expect(svg).toContain('<title>2 may not lead to 3</title>');
  });

  it('routes a link around a statement in its way, as the canvas does', () => {
    const doc = new Y.Doc();
    const author = { name: 'Ana' };
    const from = addStatement(doc, { text: 'Pain at night', x: 0, y: 0 }, author);
    addStatement(doc, { text: 'In the way', x: 300, y: 0 }, author);
    const to = addStatement(doc, { text: 'Poor sleep', x: 600, y: 0 }, author);
    addLink(doc, { from, to, polarity: '+' }, author);
    const { svg } = renderSvg(exportCase(doc).document);
    const box = /<g class="statement" data-number="2">.*?<rect x="([\d.-]+)" y="([\d.-]+)" width="(\d+)" height="([\d.]+)"/.exec(svg);
    const path = /<g class="link"[^>]*>.*?<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
    const top = Number(box?.[2]);
    const bottom = top + Number(box?.[4]);
    const ys = [...path.matchAll(/[ML]\s*([\d.-]+)[ ,]\s*([\d.-]+)/g)].map((match) => Number(match[2]));
    expect(ys.length).toBeGreaterThan(2);
    // The straight line would run through statement 2; the route bends above or below it.
    expect(ys.some((y) => y < top || y > bottom)).toBe(true);
  });

  it('draws one loop alone, with only its statements and links', () => {
    const { document } = dementiaCase();
    const loop = document.loops.find((each) => each.name === 'B1');
    expect(loop).toBeDefined();
    const { svg } = renderSvg(document, { loop });
    expect(svg.match(/class="statement"/g)).toHaveLength(loop?.statementIds.length ?? 0);
    expect(svg.match(/class="link"/g)).toHaveLength(loop?.linkIds.length ?? 0);
  });

  it('says so on an empty map', () => {
    const { document } = exportCase(oddMap());
    const { svg, width, height } = renderSvg({ ...document, statements: [], links: [], loops: [] });
    expect(svg).toContain('No statements yet.');
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });
});

describe('text measured with the shipped font', () => {
  it('measures wider text as wider, bold wider than regular', () => {
    expect(measureText('Mrs A', 14)).toBeGreaterThan(measureText('Mr', 14));
    expect(measureText('memory', 14, 'bold')).toBeGreaterThan(measureText('memory', 14));
    expect(measureText('iiii', 14)).toBeLessThan(measureText('MMMM', 14));
  });

  it('wraps at spaces within the width, keeps line breaks, and cuts only words too long for a line', () => {
    const lines = wrapText('Mrs A feels she is losing control of her life', 120, 14);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(measureText(line, 14)).toBeLessThanOrEqual(120);
    expect(lines.join(' ')).toBe('Mrs A feels she is losing control of her life');
    expect(wrapText('one\ntwo', 500, 14)).toEqual(['one', 'two']);
    const long = wrapText('Pneumonoultramicroscopicsilicovolcanoconiosis', 100, 14);
    expect(long.length).toBeGreaterThan(1);
    expect(long.join('')).toBe('Pneumonoultramicroscopicsilicovolcanoconiosis');
  });
});
