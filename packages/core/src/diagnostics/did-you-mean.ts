import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `input` when it is close enough to be a plausible typo, else undefined.
 *
 * @example
 * didYouMean('qualty', ['quality', 'schema']) // 'quality'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // A third of the word, at least 1 and at most 3 edits: closer than that is a typo, farther is another word.
  const allowed = Math.min(3, Math.max(1, Math.floor(input.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** A hint sentence "Did you mean `x`?" or undefined when nothing is close. */
export function didYouMeanHint(input: string, candidates: Iterable<string>): string | undefined {
  const match = didYouMean(input, candidates);
  return match === undefined ? undefined : `Did you mean \`${match}\`?`;
}
