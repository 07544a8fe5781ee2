// Web Crypto exists as a global in browsers and in Node ≥ 19; shared/ declares only the part it uses
// so it stays free of DOM and Node typings.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

const ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';

/** A 21-character random id (126 bits), e.g. `V1StGXR8_Z5jdHi6B-myT`, for statements and links. */
export function newId(size = 21): string {
  const bytes = crypto.getRandomValues(new Uint8Array(size));
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
