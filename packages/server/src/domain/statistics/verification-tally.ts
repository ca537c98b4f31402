import type { Clock } from '../../lib/clock.js';
import type { CounterBump, StatisticsRepository } from '../../repositories/statistics.repository.js';
import { statDay } from './stat-day.js';

export interface VerificationTally {
  count(verdict: string): void;
  /** Writes what was counted so far (also on a timer, and when the app closes). */
  flush(): Promise<void>;
}

/**
 * Verifications are reads: writing a counter row for each would put a write (a lock, in
 * SQLite) on the hottest read path. They are counted in memory and added to the day's
 * counters every few seconds; a process that crashes loses at most those seconds' counts.
 */
export function createVerificationTally(stats: StatisticsRepository, clock: Clock, onError: (err: unknown) => void, everyMs = 5_000): VerificationTally {
  let counts = new Map<string, number>();
  let day = '';
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (counts.size === 0) return writing;
    const bumps: CounterBump[] = [...counts].map(([dimension, n]) => ({ metric: 'verifications', day, dimension, n }));
    counts = new Map();
    writing = writing.then(() => stats.bump(bumps)).catch(onError);
    return writing;
  };

  return {
    count(verdict) {
      const today = statDay(clock.now());
      if (today !== day && counts.size > 0) void flush();
      day = today;
      counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
      if (!timer) {
        timer = setTimeout(() => void flush(), everyMs);
        timer.unref();
      }
    },
    flush,
  };
}
