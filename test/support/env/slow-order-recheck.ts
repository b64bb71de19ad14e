// Imported first by a test file, before the app modules: the environment is validated when they
// load. A wait on a settling order re-reads it only once a minute, so within a test's wait only
// Postgres's notification can answer it.
process.env.ORDER_WAIT_RECHECK_MS = '60000';
