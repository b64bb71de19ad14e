// Imported first by a test file, before the app module: the environment is validated when
// `ApiModule` is loaded (PlatformModule.forRoot), so it must be in place by then.
// Test clients connect over loopback and say who they are in X-Forwarded-For.
process.env.RATE_LIMIT_AUTH = '3/600';
process.env.TRUST_PROXY = 'loopback';
process.env.CORS_ORIGINS = 'https://shop.example.com';
