/**
 * The `limit` items with the highest scores, best first; ties keep input order.
 * A bounded insertion list: candidates are often tens of thousands, limits about a hundred.
 */
export function keepTopScores<T>(items: readonly T[], scoreOf: (item: T) => number, limit: number): T[] {
  const best: { item: T; score: number }[] = [];
  for (const item of items) {
    const score = scoreOf(item);
    if (best.length === limit && score <= best[best.length - 1]!.score) continue;
    let position = best.length;
    while (position > 0 && best[position - 1]!.score < score) position -= 1;
    best.splice(position, 0, { item, score });
    if (best.length > limit) best.pop();
  }
  return best.map((entry) => entry.item);
}
