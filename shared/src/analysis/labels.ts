import type { Loop, LoopPolarity } from './types.js';

/** The part of a loop that labelling looks at. */
export type LabelledLoop = Pick<Loop, 'key' | 'polarity' | 'closedAt'>;

/** A loop's name, and whether it is only provisional (not given by the server). */
export interface LoopName {
  name: string;
  provisional: boolean;
}

const LABEL = /^([RB])([1-9][0-9]*)$/;

/** The label letter of a polarity: R for reinforcing, B for balancing. */
export function labelKind(polarity: LoopPolarity): 'R' | 'B' {
  return polarity === 'reinforcing' ? 'R' : 'B';
}

/** Listing order of SPEC §2: closedAt, then key (string order). */
export function compareLoops(a: LabelledLoop, b: LabelledLoop): number {
  if (a.closedAt !== b.closedAt) return a.closedAt < b.closedAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Names loops that are already in listing order, with distinct keys: the server's label where
 * it fits the loop's polarity, else the next label of its kind after the highest in `labels`.
 */
export function nameLoops(loops: readonly LabelledLoop[], labels: Record<string, string>): LoopName[] {
  const highest = { R: 0, B: 0 };
  const given = new Map<string, string>();
  for (const [key, label] of Object.entries(labels)) {
    const match = typeof label === 'string' ? LABEL.exec(label) : null;
    if (match === null) continue;
    const kind = match[1] === 'R' ? 'R' : 'B';
    highest[kind] = Math.max(highest[kind], Number(match[2]));
    given.set(key, label);
  }
  return loops.map((loop) => {
    const kind = labelKind(loop.polarity);
    const label = given.size === 0 ? undefined : given.get(loop.key);
    if (label !== undefined && label[0] === kind) return { name: label, provisional: false };
    highest[kind] += 1;
    return { name: `${kind}${highest[kind]}`, provisional: true };
  });
}

/**
 * Next labels for loops the server has not labelled yet; returns key -> label to add.
 * Never reuses a label ever given (pass all labels ever given, including of broken loops).
 * New labels follow the highest number in use of their kind, in listing order; a loop whose
 * label is of the wrong kind (its polarity changed) gets a new one.
 * Example: labels { a: 'R2' } and two new reinforcing loops -> { b: 'R3', c: 'R4' }.
 */
export function assignLabels(
  loops: readonly LabelledLoop[],
  labels: Record<string, string>,
): Record<string, string> {
  const distinct = new Map(loops.map((loop) => [loop.key, loop]));
  const listed = [...distinct.values()].sort(compareLoops);
  const names = nameLoops(listed, labels);
  const added: Record<string, string> = {};
  listed.forEach((loop, i) => {
    const name = names[i];
    if (name?.provisional === true) added[loop.key] = name.name;
  });
  return added;
}
