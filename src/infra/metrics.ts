/**
 * A small in-process Prometheus registry (text exposition format 0.0.4, no package): the
 * counters the core feeds through its `Metrics` port, and gauges that collectors set when
 * `/metrics` is scraped (store latency, outbox depth, platform calls).
 *
 * @example
 * const metrics = createMetrics();
 * metrics.count('events', { kind: 'vote' });
 * metrics.onScrape(async (m) => m.set('roundtable_active_runs', {}, 2));
 * const text = await metrics.render();
 */
import type { Logger, MetricName, Metrics } from '../core/ports.js';

/** Prometheus metric types this registry writes. */
export type MetricType = 'counter' | 'gauge';

/** Label names and values of one series. */
export type Labels = Record<string, string>;

/** Sets gauges (or adds to counters) right before a scrape; may be async. */
export type Collector = (registry: MetricsRegistry) => void | Promise<void>;

interface Family {
  type: MetricType;
  help: string;
  series: Map<string, { labels: Labels; value: number }>;
  /** Gauges set by collectors are cleared before each scrape, so a failed read leaves no stale value. */
  scraped: boolean;
}

/** The Prometheus name of each counter the core feeds, and its help text. */
const CORE_COUNTERS: Record<MetricName, { name: string; help: string }> = {
  events: {
    name: 'roundtable_events_received_total',
    help: 'Platform events handled by the engine, by kind (command, message, edit, delete, reaction, vote).',
  },
  duplicate_events: {
    name: 'roundtable_events_duplicate_total',
    help: 'Platform redeliveries dropped by event-id dedupe.',
  },
  effects_done: {
    name: 'roundtable_effects_done_total',
    help: 'Timeline steps carried out (posted or updated), by effect kind.',
  },
  effects_failed: {
    name: 'roundtable_effect_failures_total',
    help: 'Failed attempts at a timeline step; each is retried by the ticker.',
  },
  not_recorded: {
    name: 'roundtable_not_recorded_total',
    help: 'Votes, answers and commands refused with "not recorded, try again" because storage failed.',
  },
};

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A registry of counters and gauges; it implements the core's `Metrics` port. */
export class MetricsRegistry implements Metrics {
  private readonly families = new Map<string, Family>();
  private readonly collectors: Collector[] = [];

  constructor(private readonly logger?: Logger) {
    for (const { name, help } of Object.values(CORE_COUNTERS)) this.define(name, 'counter', help);
    this.add(CORE_COUNTERS.duplicate_events.name, {}, 0);
  }

  /** Declares a metric; `scraped` gauges are cleared before each scrape (their collector sets them again). */
  define(name: string, type: MetricType, help: string, opts: { scraped?: boolean } = {}): void {
    if (!NAME.test(name)) throw new Error(`Invalid metric name "${name}".`);
    if (this.families.has(name)) return;
    this.families.set(name, { type, help, series: new Map(), scraped: opts.scraped ?? false });
  }

  /** The core's port: adds one to the counter behind `name`. */
  count(name: MetricName, labels: Labels = {}): void {
    this.add(CORE_COUNTERS[name].name, labels, 1);
  }

  /** Adds `by` to a declared metric's series. */
  add(name: string, labels: Labels, by: number): void {
    const series = this.seriesOf(name, labels);
    series.value += by;
  }

  /** Sets a declared metric's series to `value`. */
  set(name: string, labels: Labels, value: number): void {
    this.seriesOf(name, labels).value = value;
  }

  /** The current value of a series (tests, health summaries); 0 when never set. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.series.get(labelKey(labels))?.value ?? 0;
  }

  /** Runs `collector` before each scrape. */
  onScrape(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** Runs the collectors (a failing one is logged and skipped), then writes every metric. */
  async render(): Promise<string> {
    for (const family of this.families.values()) if (family.scraped) family.series.clear();
    for (const collect of this.collectors) {
      try {
        await collect(this);
      } catch (err) {
        this.logger?.warn({ err }, 'a metrics collector failed; its metrics are left out of this scrape');
      }
    }
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const { labels, value } of family.series.values())
        lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private seriesOf(name: string, labels: Labels): { labels: Labels; value: number } {
    const family = this.families.get(name);
    if (!family) throw new Error(`Metric "${name}" is not defined.`);
    const key = labelKey(labels);
    let series = family.series.get(key);
    if (!series) {
      for (const label of Object.keys(labels))
        if (!LABEL.test(label)) throw new Error(`Invalid label name "${label}" on ${name}.`);
      series = { labels: { ...labels }, value: 0 };
      family.series.set(key, series);
    }
    return series;
  }
}

/** A registry with the core's counters declared. */
export function createMetrics(logger?: Logger): MetricsRegistry {
  return new MetricsRegistry(logger);
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
