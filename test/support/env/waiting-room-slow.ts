// Imported first by a test file, before the app modules: the environment is validated when they
// load. A room that lets two fans through a second, so most of a small crowd is still waiting
// when the last unit goes.
process.env.WAITING_ROOM_ADMIT_PER_SECOND = '2';
process.env.WAITLIST_SWEEP_SECONDS = '1';
process.env.RATE_LIMIT_ENTRIES_PER_IP = '100000/60';
