// The benchmarks' statistics: quantiles, rounding, and the interval of a ratio of medians.

export const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
export const ms = (n) => Math.round(n * 100) / 100;

// The 95% interval of a ratio of two medians, by resampling each list with replacement (a fixed
// seed, so a run's report reads the same twice): how far one run's ratio may stray by chance.
export function ratioInterval(numerators, denominators, rounds = 2000) {
  let seed = 1;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const resampledMedian = (list) =>
    quantile(
      list.map(() => list[Math.floor(random() * list.length)]),
      0.5,
    );
  const ratios = Array.from({ length: rounds }, () => resampledMedian(numerators) / resampledMedian(denominators));
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)].map((r) => Math.round(r * 100) / 100);
}
