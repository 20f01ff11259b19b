/** Plain-language wording shared by cards and the export's text summary. */

/**
 * "1 client", "3 sessions", "1,250 participants": the count in Australian digit grouping, so a large
 * number reads the same on a card and in the command line summary.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-AU')} ${n === 1 ? one : many}`;
}
