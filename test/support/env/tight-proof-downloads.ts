// Imported first by a test file, before the app modules: the environment is validated when they
// load. A small budget for fairness page reads, so the limit shows within a few downloads.
process.env.RATE_LIMIT_PROOF_DOWNLOADS = '6/600';
