// The workers' own repeatable hold sweep would take the sweep lease at moments a test does not
// choose: with this, every sweep is one the test runs. A sweep works three seconds, two holds at
// once, before it leaves the rest to the next.
process.env.HOLD_SWEEP_SECONDS = '3600';
process.env.HOLD_SWEEP_BUDGET_SECONDS = '3';
process.env.HOLD_SWEEP_CONCURRENCY = '2';
