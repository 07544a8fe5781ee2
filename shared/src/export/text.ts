import { BOLD_WIDTHS, METRIC_RANGES, REGULAR_WIDTHS } from './font-metrics.js';

// Text measured with the metrics of the font the exports embed (Inter), so a statement wraps
// the same way in the SVG, the PNG and the PDF, on the server and in the browser.

export type Weight = 'regular' | 'bold';

/** The font family the exports name; the PNG and PDF renderers load this font. */
export const EXPORT_FONT = 'Inter';

function table(rows: readonly string[]): Map<number, number> {
  const widths = new Map<number, number>();
  METRIC_RANGES.forEach(([first], index) => {
    (rows[index] ?? '').split(',').forEach((width, offset) => {
      const value = Number(width);
      if (value > 0) widths.set(first + offset, value);
    });
  });
  return widths;
}

let tables: Record<Weight, Map<number, number>> | null = null;

/** A character the font lacks (emoji, CJK) is drawn by a fallback font: count it wide. */
function fallbackWidth(code: number): number {
  return code >= 0x2e80 ? 1000 : 600;
}

/** How wide `text` is at `size` px, in px. */
export function measureText(text: string, size: number, weight: Weight = 'regular'): number {
  return (unitsOf(text, weight) * size) / 1000;
}

/** How wide `text` is in thousandths of an em: a whole number, so widths add up exactly. */
function unitsOf(text: string, weight: Weight): number {
  tables ??= { regular: table(REGULAR_WIDTHS), bold: table(BOLD_WIDTHS) };
  const widths = tables[weight];
  let total = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    // Combining marks and joiners take no room of their own.
    if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) continue;
    total += widths.get(code) ?? fallbackWidth(code);
  }
  return total;
}

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces, at line breaks the text has, and
 * inside a word only when the word alone is too wide.
 * @example wrapText('Mrs A feels isolated', 80, 14) // ['Mrs A feels', 'isolated']
 */
export function wrapText(text: string, maxWidth: number, size: number, weight: Weight = 'regular'): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    // Widths add up (the measure has no kerning), so a line's width grows word by word.
    let width = 0;
    const space = unitsOf(' ', weight);
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const wordWidth = unitsOf(word, weight);
      const candidate = line ? width + space + wordWidth : wordWidth;
      if ((candidate * size) / 1000 <= maxWidth) {
        line = line ? `${line} ${word}` : word;
        width = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      // A word wider than the line is cut where it must be.
      let rest = word;
      while (measureText(rest, size, weight) > maxWidth) {
        const chars = [...rest];
        let fit = 1;
        while (fit < chars.length && measureText(chars.slice(0, fit + 1).join(''), size, weight) <= maxWidth) fit++;
        lines.push(chars.slice(0, fit).join(''));
        rest = chars.slice(fit).join('');
      }
      line = rest;
      width = unitsOf(rest, weight);
    }
    lines.push(line);
  }
  // Blank lines at the end of a statement do not make its box taller.
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
