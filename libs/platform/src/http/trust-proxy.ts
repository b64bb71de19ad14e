import proxyAddr from '@fastify/proxy-addr';

/** Whether the hop at `hop` (0 = the socket's peer) is a proxy whose X-Forwarded-For we believe. */
export type TrustProxyFn = (address: string, hop: number) => boolean;

/**
 * Compiles TRUST_PROXY (see `Environment`): `false`, `true`, a hop count, or a comma list of
 * addresses, CIDRs and `loopback`/`linklocal`/`uniquelocal` (proxy-addr's names, as Fastify's own).
 * Throws a TypeError on an entry proxy-addr cannot parse.
 */
export function compileTrustProxy(value: string): TrustProxyFn {
  const setting = value.trim();
  if (setting === 'false') return () => false;
  // Anyone can then claim any address: only for a deployment reachable solely through proxies.
  if (setting === 'true') return () => true;
  if (/^\d+$/.test(setting)) {
    const hops = Number(setting);
    return (_address, hop) => hop < hops;
  }
  const entries = setting.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => entry === '')) throw new TypeError('empty entry in the list');
  return proxyAddr.compile(entries);
}

/** The reason TRUST_PROXY cannot be used, or undefined when it can. */
export function trustProxyProblem(value: string): string | undefined {
  try {
    compileTrustProxy(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Fastify's adapter is built before configuration is loaded, so it gets this delegate, which
 * trusts no proxy until `use()` installs the configured rule: a request that somehow arrived
 * earlier is attributed to its socket peer, never to a header it sent.
 */
export class TrustProxyDelegate {
  private trust: TrustProxyFn = () => false;

  readonly fn: TrustProxyFn = (address, hop) => this.trust(address, hop);

  use(trust: TrustProxyFn): void {
    this.trust = trust;
  }
}
