/**
 * Runs tasks with the same key one after another in this process (tasks with different keys
 * run freely). Used where concurrent writers would only race each other for the same row and
 * retry, e.g. many opens of one resident's share links appending to that resident's activity
 * chain at once; other processes are still handled by the caller's retry.
 */
const tails = new Map<string, Promise<unknown>>();

export function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (tails.get(key) ?? Promise.resolve()).then(task, task);
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
