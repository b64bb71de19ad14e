// Imported first by scripts that only build the OpenAPI document: the configuration is validated
// when the API module loads, and these values are never used to connect to anything.
process.env.DATABASE_URL ??= 'postgres://unused@127.0.0.1:1/unused';
process.env.JWT_SECRET ??= 'only-for-building-the-openapi-document';
process.env.LOG_LEVEL = 'silent';
process.env.SWAGGER_ENABLED = 'true';
