// Imported first by main.ts. Both flags are ones V8 reads while it runs, so setting them from
// JavaScript takes effect (the API sets them too, and says why: apps/api/src/v8-flags.ts).
// Each Mark-Compact of the worker is 70–140 ms of CPU on the cores it shares with the API in a
// small deployment and in bench:drop, a stall of the API's requests there: the worst episodes of
// the declines' open-loop tail (docs/benchmarks.md, "A Redis of the bench's own, off the API's
// core; the worker's Mark-Compacts", 5 December, eleventh session).
import { setFlagsFromString } from 'node:v8';

// Between jobs the worker allocates little, and V8's memory reducer takes that for a process gone
// quiet: it shrinks the heap with a Mark-Compact (74 ms + 69 ms of incremental marking at 118
// MB, once a couple of minutes after boot). With no collections to schedule it does nothing.
setFlagsFromString('--memory-reducer-gc-count=0');

// V8 sets the next old-generation limit ~1.2× the live set (63 MB → 77 MB, reached in two minutes
// of timers and queue polling). 4× spaces the worker's Mark-Compacts tens of minutes apart.
setFlagsFromString('--heap-growing-percent=300');
