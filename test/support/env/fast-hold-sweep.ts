// Imported first by a test file, before the app modules: the environment is validated when they
// load. A one-second hold sweep keeps the lost-expiry-job test close to `holdSeconds`.
process.env.HOLD_SWEEP_SECONDS = '1';
