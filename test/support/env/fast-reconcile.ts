// Imported first by a test file, before the app modules: reconciliation every second, so the
// worker's drift gauge is filled within the test.
process.env.RECONCILE_SECONDS = '1';
