/** One line of progress on a terminal (rewritten in place), or plain lines when not a TTY. */
export function progressLine(stream: NodeJS.WriteStream): (text: string, done?: boolean) => void {
  let last = 0;
  return (text, done = false) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
    } else if (done || Date.now() - last > 2000) {
      stream.write(`${text}\n`);
      last = Date.now();
    }
  };
}

export function bar(fraction: number, width = 24): string {
  const f = Math.max(0, Math.min(1, fraction));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(f * 100).toFixed(1).padStart(5)}%`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

export const grouped = (n: number) => n.toLocaleString('en-IN');
