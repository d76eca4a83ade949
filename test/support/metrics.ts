import { registry } from '../../src/observability/metrics';

/** The current value of a counter series (0 when never incremented). */
export async function counterValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = await registry.getSingleMetric(name)!.get();
  const series = metric.values.find((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value));
  return series?.value ?? 0;
}
