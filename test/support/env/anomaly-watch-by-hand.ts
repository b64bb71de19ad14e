// Imported first by tests that run the anomaly watch's passes themselves: its timer waits an
// hour (so no pass of its own interleaves with theirs) and nothing is given grace.
process.env.ANOMALY_SCAN_SECONDS = '3600';
process.env.ANOMALY_GRACE_SECONDS = '0';
