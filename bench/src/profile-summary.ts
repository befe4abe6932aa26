import path from 'node:path';

/** A V8 `.cpuprofile`, as `--cpu-prof` writes it: only the fields read here. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  /** Microseconds on the monotonic clock that `process.hrtime` also reads. */
  startTime: number;
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
 * process was busy (idle and the garbage collector are reported on their own lines), and the
 * time spent inside each of the repository's own functions, callees included: what a change
 * there could save at most.
 *
 * Only samples taken from `fromMicros` on (the monotonic clock) count, so that the server's
 * start and warm-up stay out of the measured load's figures.
 */
export function summarizeProfile(
  profile: CpuProfile,
  top: number,
  root: string,
  fromMicros = 0,
): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const nameOf = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = url ? `${ownerOf(url, root)} ${path.basename(url)}:${lineNumber + 1}` : '';
    return `${functionName || '(anonymous)'} ${place}`.trim();
  };
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromMicros) return;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const frames = new Map<string, number>();
  const owners = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    total += micros;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const frame = nameOf(id);
    frames.set(frame, (frames.get(frame) ?? 0) + micros);
    const owner = url ? ownerOf(url, root) : functionName;
    owners.set(owner, (owners.get(owner) ?? 0) + micros);
    // Each of the repository's frames on this stack, once, however deep it recurses.
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parentOf.get(up)) {
      const url = byId.get(up)!.callFrame.url;
      if (!url.startsWith(`file://${root}/`) || url.includes('/node_modules/')) continue;
      const name = nameOf(up);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
    }
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
    '',
    "time inside the repository's own functions, callees included",
    ...rows(inclusive),
  ].join('\n');
}
