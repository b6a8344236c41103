/** The `fraction` (0–1) percentile of `values` by nearest rank (p50 of 1..100 is 50, p99 is 99); NaN for none. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}
