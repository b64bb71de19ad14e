// Imported first by a test file, before the app module: the environment is validated when
// `ApiModule` is loaded. Small hold budgets, and clients that say who they are in
// X-Forwarded-For through a trusted loopback proxy.
process.env.RATE_LIMIT_HOLDS_PER_FAN = '3/600';
process.env.RATE_LIMIT_HOLDS_PER_IP = '8/600';
process.env.TRUST_PROXY = 'loopback';
