// Imported right after './browser-env' by the monitor's browser tests, before the app modules
// load: the anomaly watch looks every second, so an anomaly reaches the page in moments.
process.env.ANOMALY_SCAN_SECONDS = '1';
