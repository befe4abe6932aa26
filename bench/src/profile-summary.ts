import path from 'node:path';

/** A V8 `.cpuprofile`, as `--cpu-prof` writes it: only the fields read here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package's name, `node:` internals, or the repository's path. */
function ownerOf(url: string, root: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node:';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = file.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return file.startsWith(root) ? path.relative(root, file).split('/').slice(0, 2).join('/') : file;
}

/**
 * Self time per frame (function and place) and per package, as a share of the time the
 * process was busy (idle and the garbage collector are reported on their own lines).
 */
export function summarizeProfile(profile: CpuProfile, top: number, root: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += micros;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const place = url ? `${ownerOf(url, root)} ${path.basename(url)}:${lineNumber + 1}` : '';
    const frame = `${functionName || '(anonymous)'} ${place}`.trim();
    frames.set(frame, (frames.get(frame) ?? 0) + micros);
    const owner = url ? ownerOf(url, root) : functionName;
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
  }
  const busy = total - idle;
  const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)}%`;
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => `${pct(micros)}  ${name}`);
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled`,
    '',
    'self time by frame',
    ...rows(frames),
    '',
    'self time by package',
    ...rows(owners),
  ].join('\n');
}
