/**
 * The transaction origin of this person's own edits. It is one object, so the undo manager can
 * track exactly these (`trackedOrigins`) and bindings can skip their own echo. (A replay needs
 * none: it shows a copy of the map that is never connected, so nothing it applies goes out.)
 */
export const LOCAL: { readonly origin: 'local' } = Object.freeze({ origin: 'local' });

/**
 * What people say and what a facilitator does (comments, marks, spotlight, gathering rounds):
 * written, but not map edits, so the undo manager does not track them and Ctrl+Z never takes
 * back what someone said.
 */
export const TALK: { readonly origin: 'talk' } = Object.freeze({ origin: 'talk' });
