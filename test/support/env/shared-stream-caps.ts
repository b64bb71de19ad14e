// Imported first by a test file, before the app modules (the environment is validated when
// they load): small stream caps, and stream slots leased for 2 s so a crashed process's lapse
// soon. Spawned API processes inherit the same environment.
import './tight-connections';

process.env.SSE_MAX_ROOM_STREAMS_PER_USER = '2';
process.env.SSE_SLOT_LEASE_SECONDS = '2';
