// Imported first by a test file, before the app modules: the environment is validated when they
// load. A short request deadline and a small per-address stream budget, so both show quickly.
process.env.HTTP_REQUEST_TIMEOUT_SECONDS = '2';
process.env.SSE_MAX_CLIENTS_PER_IP = '3';
process.env.SSE_HEARTBEAT_SECONDS = '1';
