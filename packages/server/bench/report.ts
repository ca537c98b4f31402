import type { MachineInfo } from './machine.js';
import { MB, type RateUnit, type Stat } from './measure.js';

/** A machine limit: what the hardware and the bare libraries manage, measured in this run. */
export interface LimitResult extends Stat {
  id: string;
  label: string;
  note?: string;
}

export type Verdict = 'PASS' | 'MISS' | 'INFO';

/** The unit of an absolute bound: a rate, a latency, a memory size, a plain count or a factor. */
export type CheckUnit = RateUnit | 'ms' | 'MB' | 'count' | 'x';

/**
 * An absolute target, the same on every machine (e.g. ≥ 10,000 docs/s, p99 < 20 ms,
 * RSS < 512 MB), as opposed to the ratio target that sets a scenario against its limit.
 */
export interface Check {
  /** What is measured, e.g. "throughput", "p99", "peak RSS", "non-2xx responses". */
  what: string;
  actual: number;
  op: '>=' | '<' | '<=';
  bound: number;
  unit: CheckUnit;
  pass: boolean;
}

function check(what: string, actual: number, op: Check['op'], bound: number, unit: CheckUnit): Check {
  const pass = Number.isFinite(actual) && (op === '>=' ? actual >= bound : op === '<' ? actual < bound : actual <= bound);
  return { what, actual, op, bound, unit, pass };
}

export const atLeast = (what: string, actual: number, bound: number, unit: CheckUnit): Check => check(what, actual, '>=', bound, unit);
export const below = (what: string, actual: number, bound: number, unit: CheckUnit): Check => check(what, actual, '<', bound, unit);
export const atMost = (what: string, actual: number, bound: number, unit: CheckUnit): Check => check(what, actual, '<=', bound, unit);

/** A Tijori code path, set against the limit it is bounded by. */
export interface ScenarioResult extends Stat {
  id: string;
  label: string;
  limitId: string;
  limitValue: number;
  ratio: number;
  /** Minimum ratio to the limit to pass; null when only absolute checks (or nothing) apply. */
  target: number | null;
  /** Absolute targets; every one must pass. */
  checks: Check[];
  /** PASS when the ratio target (if any) and every check pass; INFO when there is neither. */
  verdict: Verdict;
  note?: string;
}

/** Load average and the share of CPU time taken by other processes, so readers can judge a run. */
export interface LoadInfo {
  loadavgStart: number[];
  loadavgEnd: number[];
}

export interface BenchReport {
  tool: 'tijori-bench';
  version: 2;
  date: string;
  durationMs: number;
  strict: boolean;
  machine: MachineInfo;
  load: LoadInfo;
  settings: Record<string, number | string | boolean>;
  limits: LimitResult[];
  scenarios: ScenarioResult[];
  misses: string[];
  notes: string[];
}

export interface CompareOptions {
  checks?: Check[];
  note?: string;
}

/**
 * A scenario against its limit: `target` is the minimum ratio (null: none), `checks` the
 * absolute targets. The verdict needs every target there is; with none the row is INFO.
 */
export function compare(
  id: string,
  label: string,
  stat: Stat,
  limit: LimitResult,
  target: number | null,
  options: CompareOptions | string = {},
): ScenarioResult {
  const { checks = [], note } = typeof options === 'string' ? { note: options } : options;
  const ratio = stat.value / limit.value;
  const ratioOk = target === null || ratio >= target;
  const verdict: Verdict = target === null && checks.length === 0 ? 'INFO' : ratioOk && checks.every((c) => c.pass) ? 'PASS' : 'MISS';
  return { id, label, ...stat, limitId: limit.id, limitValue: limit.value, ratio, target, checks, verdict, ...(note ? { note } : {}) };
}

/** One line per missed target, ratio or absolute. */
export function missesOf(limits: readonly LimitResult[], scenarios: readonly ScenarioResult[]): string[] {
  const limitLabel = new Map(limits.map((l) => [l.id, l.label]));
  const out: string[] = [];
  for (const s of scenarios) {
    if (s.target !== null && s.ratio < s.target) {
      out.push(`${s.label} at ${(s.ratio * 100).toFixed(1)}% of ${limitLabel.get(s.limitId) ?? s.limitId} (target ${(s.target * 100).toFixed(0)}%)`);
    }
    for (const c of s.checks.filter((x) => !x.pass)) out.push(`${s.label}: ${c.what} ${amount(c.actual, c.unit)} (target ${c.op} ${amount(c.bound, c.unit)})`);
  }
  return out;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function rate(value: number, unit: RateUnit): string {
  return unit === 'MB/s' ? `${one.format(value)} MB/s` : `${int.format(value)} ${unit}`;
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? `${int.format(value)} ms` : value >= 10 ? `${one.format(value)} ms` : `${value.toFixed(2)} ms`;
}

function amount(value: number, unit: CheckUnit): string {
  if (unit === 'ms') return ms(value);
  if (unit === 'count') return int.format(value);
  if (unit === 'x') return `${value.toFixed(2)}x`;
  if (unit === 'MB') return `${int.format(value)} MB`;
  return rate(value, unit);
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/** Plain-text table: header row, rule, rows; numeric-looking columns right-aligned. */
function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const fsInfo = m.filesystem;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  const out: string[] = [];
  out.push(`Tijori benchmark  ${report.date}  (${(report.durationMs / 1000).toFixed(1)} s)`);
  out.push(`Machine   ${m.cpuModel}, ${m.cores} cores, ${gib(m.ramBytes)} RAM, Node ${m.node}, ${m.os}`);
  out.push(`Data dir  ${m.dataDir} on ${fsInfo.type} (${fsInfo.source} at ${fsInfo.mountPoint}, ${gib(fsInfo.freeBytes)} free of ${gib(fsInfo.totalBytes)})`);
  out.push(`Load      load average (1, 5, 15 min) ${load(report.load.loadavgStart)} at start, ${load(report.load.loadavgEnd)} at end`);
  out.push(`Units     1 MB = ${MB.toLocaleString('en-US')} bytes; p50/p99 = latency of one "per" unit (a file, a batch, a request; nearest rank)`);
  out.push('');
  out.push('Machine limits (measured in this run)');
  out.push(
    table(
      ['limit', 'throughput', 'p50', 'p99', 'n', 'per'],
      report.limits.map((l) => [l.label, rate(l.value, l.unit), ms(l.p50Ms), ms(l.p99Ms), int.format(l.iterations), l.per]),
      new Set([1, 2, 3, 4]),
    ),
  );
  out.push('');
  out.push('Scenarios vs limits');
  const limitOf = new Map(report.limits.map((l) => [l.id, l]));
  out.push(
    table(
      ['scenario', 'throughput', 'p50', 'p99', 'n', 'per', 'limit', 'limit value', 'ratio', 'target', 'verdict'],
      report.scenarios.map((s) => {
        const limit = limitOf.get(s.limitId);
        const targets = [...(s.target === null ? [] : [`>= ${(s.target * 100).toFixed(0)}%`]), ...(s.checks.length > 0 ? ['absolute'] : [])];
        return [
          s.label,
          rate(s.value, s.unit),
          ms(s.p50Ms),
          ms(s.p99Ms),
          int.format(s.iterations),
          s.per,
          limit?.label ?? s.limitId,
          rate(s.limitValue, limit?.unit ?? s.unit),
          `${(s.ratio * 100).toFixed(1)}%`,
          targets.length === 0 ? 'info' : targets.join(' + '),
          s.verdict,
        ];
      }),
      new Set([1, 2, 3, 4, 7, 8]),
    ),
  );
  const checked = report.scenarios.flatMap((s) => s.checks.map((c) => ({ s, c })));
  if (checked.length > 0) {
    out.push('');
    out.push('Absolute targets');
    out.push(
      table(
        ['scenario', 'measure', 'measured', 'target', 'verdict'],
        checked.map(({ s, c }) => [s.label, c.what, amount(c.actual, c.unit), `${c.op} ${amount(c.bound, c.unit)}`, c.pass ? 'PASS' : 'MISS']),
        new Set([2]),
      ),
    );
  }
  const noted = [...report.limits, ...report.scenarios].filter((r) => r.note);
  if (noted.length > 0 || report.notes.length > 0) {
    out.push('');
    out.push('Notes');
    for (const r of noted) out.push(`  ${r.label}: ${r.note}`);
    for (const n of report.notes) out.push(`  ${n}`);
  }
  out.push('');
  out.push(
    report.misses.length === 0
      ? 'RESULT: all targets met'
      : `RESULT: ${report.misses.length} target(s) MISSED: ${report.misses.join('; ')}${report.strict ? '' : ' (exit 0; use --strict to fail)'}`,
  );
  return out.join('\n') + '\n';
}
