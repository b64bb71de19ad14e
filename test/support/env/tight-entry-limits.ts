// Imported first by a test file, before the app modules: the environment is validated when they
// load. Small budgets, so the limits on entering raffles and waitlists show within a few calls.
process.env.RATE_LIMIT_RAFFLE = '3/600';
process.env.RATE_LIMIT_WAITLIST = '100/600';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '8/600';
