// Imported first by a test file, before the app module: the environment is validated when
// `ApiModule` is loaded (API processes spawned by the file inherit it). A wide group-commit
// window, so that admitted holds racing each other land in the same batch, and a retry sent
// with its first request finds it still waiting for its batch.
process.env.HOLD_GRANT_BATCH_WINDOW_MS = '50';
process.env.HOLD_GRANT_BATCH_MAX = '64';
process.env.HOLD_GRANT_BATCHES_IN_FLIGHT = '2';
