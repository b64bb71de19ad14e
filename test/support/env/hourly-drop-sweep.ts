// Imported first by a test file, before the app modules: the environment is validated when they
// load. With the sweep an hour apart, a drop that opens and closes within seconds was moved by
// its own delayed jobs, which is what such a test means to show.
process.env.DROP_SWEEP_SECONDS = '3600';
