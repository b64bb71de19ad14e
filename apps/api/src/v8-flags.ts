// Imported first by main.ts, before the app allocates anything, in every API process.
import { setFlagsFromString } from 'node:v8';

// V8 "pretenures" an allocation site (allocates its objects straight in the old generation)
// once most of its objects survive a scavenge, and does not go back. Under a burst of requests
// (a drop opening, a GC pause) the hold route's per-request arrays cross that line; afterwards
// each of them, dead a millisecond later, lives in the old generation and keeps the young
// objects it points to alive through scavenges, so ~3 % of everything allocated was promoted
// and a Mark-Compact froze the API for ~190 ms every ~20 s. Without pretenuring ~1 % is
// (docs/benchmarks.md, "Coalesced writes instead of auto-pipelining, no pretenuring").
setFlagsFromString('--no-allocation-site-pretenuring');
