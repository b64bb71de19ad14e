// Imported first by a test file, before the app modules: the environment is validated when they
// load. Sweeps and the workers' check of their safety nets every second, so a test of their
// return after Redis lost its data waits seconds, not minutes.
process.env.HOLD_SWEEP_SECONDS = '1';
process.env.DROP_SWEEP_SECONDS = '1';
process.env.WAITLIST_SWEEP_SECONDS = '1';
process.env.SAFETY_NET_CHECK_SECONDS = '1';
