// `npm run ops:check` (CI): every Grafana dashboard in ops/grafana/dashboards is valid JSON with
// a uid, a title and panels with unique ids, and every metric its queries name is one the
// platform actually exports (read from the `Metrics` registry itself, so a renamed series fails).
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics } from '../libs/platform/src/metrics/metrics';

const DIR = join(__dirname, '..', 'ops', 'grafana', 'dashboards');
const OURS = /\b((?:limited_run|http_request)_[a-z_]+?)(?:_bucket|_count|_sum)?\b/g;

interface Panel {
  id?: number;
  title?: string;
  targets?: Array<{ expr?: string }>;
}

async function main(): Promise<void> {
  const exported = new Set(
    (await new Metrics().registry.getMetricsAsJSON()).map((metric) => metric.name),
  );
  const problems: string[] = [];
  const files = readdirSync(DIR).filter((file) => file.endsWith('.json'));
  if (files.length === 0) problems.push(`no dashboard in ${DIR}`);
  for (const file of files) {
    let dashboard: { uid?: string; title?: string; panels?: Panel[] };
    try {
      dashboard = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as typeof dashboard;
    } catch (error) {
      problems.push(`${file}: not JSON (${String(error)})`);
      continue;
    }
    if (!dashboard.uid) problems.push(`${file}: no uid`);
    if (!dashboard.title) problems.push(`${file}: no title`);
    const panels = dashboard.panels ?? [];
    if (panels.length === 0) problems.push(`${file}: no panels`);
    const ids = panels.map((panel) => panel.id);
    if (new Set(ids).size !== ids.length) problems.push(`${file}: panel ids repeat`);
    for (const panel of panels) {
      const targets = panel.targets ?? [];
      if (targets.length === 0) problems.push(`${file}: panel "${panel.title}" has no query`);
      for (const target of targets) {
        if (!target.expr) problems.push(`${file}: panel "${panel.title}" has an empty query`);
        for (const [, name] of (target.expr ?? '').matchAll(OURS)) {
          if (!exported.has(name)) {
            problems.push(`${file}: panel "${panel.title}" queries ${name}, which is not exported`);
          }
        }
      }
    }
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`${files.length} dashboard(s) valid; every metric they query is exported\n`);
}

void main();
