// Imported first by a test file, before the app module: the environment is validated when
// `ApiModule` is loaded, and spawned API processes inherit it. Heartbeats every second keep
// the heartbeat test short; the default is 15.
process.env.SSE_HEARTBEAT_SECONDS = '1';
