// File names for downloads (SPEC §6): `<title>-<YYYY-MM-DD>.<ext>`, safe on Windows, macOS and
// Linux, and the Content-Disposition header that carries one (RFC 6266).

/** Longest title part of a file name, in characters as people see them. */
const MAX_TITLE_CHARACTERS = 80;
/** ...and in UTF-8 bytes: file systems allow 255 bytes a name, and the date and extension follow. */
const MAX_TITLE_BYTES = 200;

const FORBIDDEN = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|']);

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code < 0xa0);
}

function isLoneSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Cuts text to whole characters (emoji with skin tones and joiners stay whole). */
function cut(text: string, maxCharacters: number, maxBytes: number): string {
  let out = '';
  let count = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (count === maxCharacters || utf8Length(out + segment) > maxBytes) break;
    out += segment;
    count++;
  }
  return out;
}

/**
 * A map title made safe as part of a file name: `/ \ : * ? " < > |` and control characters
 * become spaces, runs of white space one space, no leading dots (hidden files), at most 80 characters;
 * `map` when nothing is left.
 * @example safeTitle('  Mrs A: home / care?  ') // 'Mrs A home care'
 */
export function safeTitle(title: string): string {
  let kept = '';
  for (const char of title.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    // A space, not nothing: "home/care" becomes "home care", not "homecare".
    kept += isControl(code) || isLoneSurrogate(code) || FORBIDDEN.has(char) ? ' ' : char;
  }
  const tidy = kept.replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '');
  const short = cut(tidy, MAX_TITLE_CHARACTERS, MAX_TITLE_BYTES).trim();
  return short === '' ? 'map' : short;
}

/**
 * The download's file name; the date is the UTC calendar day.
 * @example exportFileName('Dementia case', new Date('2025-11-21T09:00:00Z'), 'svg') // 'Dementia case-2025-11-21.svg'
 */
export function exportFileName(title: string, date: Date, ext: string): string {
  return `${safeTitle(title)}-${date.toISOString().slice(0, 10)}.${ext.replace(/^\./, '')}`;
}

/** RFC 5987 attr-chars stay, everything else is percent-encoded UTF-8. */
function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header for a download (RFC 6266): a plain ASCII `filename` for old
 * clients (accents dropped, other characters as `_`) and the exact name as `filename*`.
 * @example contentDisposition('Café-2025-11-21.csv')
 * // `attachment; filename="Cafe-2025-11-21.csv"; filename*=UTF-8''Caf%C3%A9-2025-11-21.csv`
 */
export function contentDisposition(fileName: string): string {
  let wellFormed = '';
  for (const char of fileName) wellFormed += isLoneSurrogate(char.codePointAt(0)!) ? '\uFFFD' : char;
  // RFC 6266 §D: no `%` in the fallback (some clients decode it), no `"` or `\` (quoted-string).
  const fallback = wellFormed
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_')
    .replace(/_+/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${percentEncode(wellFormed.normalize('NFC'))}`;
}
