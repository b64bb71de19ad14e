// Reads a V8 `.cpuprofile` (node --cpu-prof) and says where the time went: the hottest
// functions by self time, and the same time grouped by package.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface TimeShare {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time, 0–100. */
  percent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  topFunctions: TimeShare[];
  topPackages: TimeShare[];
}

const IDLE = new Set(['(idle)']);

/** `node_modules/<pkg>`, `node:<internal>`, our `libs/<lib>` / `apps/<app>`, or a V8 pseudo-frame. */
function packageOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0];
  const modules = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const ours = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const modules = /node_modules\/(.*)$/.exec(url);
  if (modules) return modules[1];
  const ours = /\/((libs|apps)\/.*)$/.exec(url);
  return ours ? ours[1] : url.replace(/^file:\/\//, '');
}

/**
 * @param window only samples this many ms after the profile started (e.g. the load phase,
 *   leaving out start-up and set-up); the whole profile when omitted.
 */
export function summarizeProfile(
  file: string,
  window?: { fromMs: number; toMs: number },
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let elapsedMs = 0;
  profile.samples.forEach((id, i) => {
    const deltaMs = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsedMs += deltaMs;
    if (window && (elapsedMs < window.fromMs || elapsedMs > window.toMs)) return;
    self.set(id, (self.get(id) ?? 0) + deltaMs);
  });
  let idleMs = 0;
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (IDLE.has(frame.functionName)) {
      idleMs += ms;
      continue;
    }
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const pkg = packageOf(frame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const busyMs = [...functions.values()].reduce((a, b) => a + b, 0);
  const rank = (map: Map<string, number>): TimeShare[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, percent: busyMs > 0 ? (ms / busyMs) * 100 : 0 }));
  return { busyMs, idleMs, topFunctions: rank(functions), topPackages: rank(packages) };
}
