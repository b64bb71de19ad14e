// Imported first by a test file, before the app module (see trusted-loopback-proxy.ts).
// TRUST_PROXY at its default: no peer is believed about the client's address.
process.env.RATE_LIMIT_AUTH = '3/600';
delete process.env.TRUST_PROXY;
