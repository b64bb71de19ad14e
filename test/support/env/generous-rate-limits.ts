// Imported first by a test file, before the app modules: the environment is validated when they
// load. Budgets no sweep of the route table can exhaust, so a refusal is the input's, not a 429.
process.env.RATE_LIMIT_AUTH = '100000/60';
process.env.RATE_LIMIT_HOLDS_PER_FAN = '100000/60';
process.env.RATE_LIMIT_HOLDS_PER_IP = '100000/60';
process.env.RATE_LIMIT_WAITLIST = '100000/60';
process.env.RATE_LIMIT_RAFFLE = '100000/60';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '100000/60';
