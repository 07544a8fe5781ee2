/** Counts as people read them: 10,000. */
export const NUMBER = new Intl.NumberFormat('en-GB');
