/** The value of one series in a Prometheus text scrape, e.g. `x_total` or `x_total{a="b"}`; 0 when absent. */
export function sample(scrape: string, series: string): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Sum of every series of a metric whose labels include `match` (e.g. `status="200"`). */
export function sum(scrape: string, metric: string, match = ''): number {
  return scrape
    .split('\n')
    .filter((l) => l.startsWith(`${metric}{`) && l.includes(match))
    .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}
