// Imported first by a test file, before the app modules: the environment is validated when they
// load. A one-second sweep keeps the tests that rely on it (lost jobs, a worker that was down)
// short; the default is 5 seconds.
process.env.DROP_SWEEP_SECONDS = '1';
