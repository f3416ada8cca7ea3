/** How numbers about a match are written on a result card. Pure: no DOM. */

/** A distance with 3 decimals ("0.412"), as in the CSV. */
export function formatDistance(distance: number): string {
  return distance.toFixed(3);
}

/** "87%"; never 0% or 100%, which would claim a certainty the logistic never reaches. */
export function formatConfidence(confidence: number): string {
  const percent = Math.round(confidence * 100);
  return `${Math.min(99, Math.max(1, percent))}%`;
}
