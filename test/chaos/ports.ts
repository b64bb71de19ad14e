// Loopback ports for a chaos run come from one range (44000–45999 by default, CHAOS_PORTS=a-b
// to move it), never the services' usual ones; each is checked free before it is handed out.
import { createServer } from 'node:net';

const [FIRST, LAST] = (process.env.CHAOS_PORTS ?? '44000-45999').split('-').map(Number);
let next = FIRST + (process.pid % (LAST - FIRST + 1));

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function chaosPort(): Promise<number> {
  for (let tries = 0; tries <= LAST - FIRST; tries++) {
    const port = next;
    next = next >= LAST ? FIRST : next + 1;
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${FIRST}-${LAST}`);
}
