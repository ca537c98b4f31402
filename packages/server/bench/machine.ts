import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FilesystemInfo {
  /** e.g. ext4, xfs, tmpfs, overlay; statfs magic number when the mount table cannot be read. */
  type: string;
  /** Device or source of the mount (e.g. /dev/nvme0n1p2). */
  source: string;
  mountPoint: string;
  options: string;
  freeBytes: number;
  totalBytes: number;
}

export interface MachineInfo {
  hostname: string;
  cpuModel: string;
  cores: number;
  ramBytes: number;
  node: string;
  os: string;
  dataDir: string;
  filesystem: FilesystemInfo;
}

export function describeMachine(dataDir: string): MachineInfo {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    ramBytes: os.totalmem(),
    node: process.version,
    os: `${distroName() ?? os.type()} (${os.type()} ${os.release()}, ${os.arch()})`,
    dataDir,
    filesystem: filesystemOf(dataDir),
  };
}

function distroName(): string | undefined {
  try {
    const text = fs.readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** The mount holding `dir`: the longest mount point that prefixes its real path (Linux mountinfo). */
export function filesystemOf(dir: string): FilesystemInfo {
  const real = fs.realpathSync(dir);
  const stat = fs.statfsSync(real);
  const space = { freeBytes: stat.bavail * stat.bsize, totalBytes: stat.blocks * stat.bsize };
  let best: Omit<FilesystemInfo, 'freeBytes' | 'totalBytes'> | undefined;
  try {
    for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
      // id parent major:minor root mountpoint options [optional…] - fstype source superoptions
      const [left, right] = line.split(' - ');
      if (!left || !right) continue;
      const fields = left.split(' ');
      const mountPoint = unescapeMount(fields[4] ?? '');
      const [type = '', source = ''] = right.split(' ');
      if (!isWithin(real, mountPoint)) continue;
      if (!best || mountPoint.length >= best.mountPoint.length) best = { type, source, mountPoint, options: fields[5] ?? '' };
    }
  } catch {
    // Not Linux: fall through to the statfs magic number.
  }
  return { ...(best ?? { type: `statfs 0x${stat.type.toString(16)}`, source: 'unknown', mountPoint: 'unknown', options: '' }), ...space };
}

function isWithin(file: string, mountPoint: string): boolean {
  if (mountPoint === '/') return true;
  return file === mountPoint || file.startsWith(mountPoint.endsWith(path.sep) ? mountPoint : mountPoint + path.sep);
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
