// Imported first by main.ts, before the app allocates anything, in every API process. Each flag
// here is one V8 reads while it runs, so setting it from JavaScript takes effect; measured in
// docs/benchmarks.md, "Coalesced writes instead of auto-pipelining, no pretenuring".
import { setFlagsFromString } from 'node:v8';

// V8 "pretenures" an allocation site (allocates its objects straight in the old generation)
// once most of its objects survive a scavenge, and does not go back. Under a burst of requests
// (a drop opening, a GC pause) the hold route's per-request arrays cross that line; afterwards
// each of them, dead a millisecond later, lives in the old generation and keeps the young
// objects it points to alive through scavenges. With the Redis writes already coalesced, ~3 % of
// everything allocated was still promoted (each Mark-Compact froze the API for ~150–190 ms);
// without pretenuring ~1 % is.
setFlagsFromString('--no-allocation-site-pretenuring');

// After a Mark-Compact V8 lets the old generation grow by a factor it picks from its GC speed:
// 1.2–1.9 here, so ~90–145 MB before the next one. A fixed 4× (live set ~75–80 MB: ~300 MB)
// spaces Mark-Compacts of a busy API minutes apart instead of seconds.
setFlagsFromString('--heap-growing-percent=300');

// V8's memory reducer collects after a busy spell turns quiet (fans waiting before an opening):
// two Mark-Compacts that shrink the heap, so the next limit lands close and more follow
// within a second, just as the load returns. It can only be turned off on the node command line;
// with no collections to schedule it does nothing. An idle API keeps its garbage until the next
// Mark-Compact its allocations bring.
setFlagsFromString('--memory-reducer-gc-count=0');
