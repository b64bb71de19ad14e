// Imported first by a test file, before the app modules: the environment is validated when they
// load. A one-second waitlist sweep keeps draws, pass-downs and second chances prompt in tests;
// the per-IP entry budget is lifted because every test client shares one address.
process.env.WAITLIST_SWEEP_SECONDS = '1';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '100000/60';
