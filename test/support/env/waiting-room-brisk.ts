// Imported first by a test file, before the app modules: the environment is validated when they
// load. A room that lets 400 fans through a second, so a thousand-fan room drains in seconds.
process.env.WAITING_ROOM_ADMIT_PER_SECOND = '400';
process.env.WAITLIST_SWEEP_SECONDS = '1';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '100000/60';
