// Imported after './browser-env': access tokens live the shortest time the API allows, so a
// page refreshes its session (5 s after each refresh, see apps/web/src/auth/session.ts) while a
// test watches.
process.env.ACCESS_TOKEN_TTL_SECONDS = '30';
