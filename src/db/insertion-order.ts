/**
 * Insertion stamps: microseconds since the epoch, strictly increasing within this process. Lists that show rows
 * in the order they were added sort by the stamp (the row's auto-increment key breaks ties), which holds across
 * the nodes of a Galera cluster and across service instances, up to how far apart the instances' clocks are
 * (NTP keeps them within a millisecond or so). A row added after another was acknowledged gets a later stamp.
 */
import { performance } from 'node:perf_hooks';

let last = 0;

export function insertionStamp(): number {
  // The wall clock gives the millisecond; the monotonic clock's fraction spreads the rows of one millisecond.
  const now = Date.now() * 1000 + Math.floor((performance.now() % 1) * 1000);
  last = now > last ? now : last + 1;
  return last;
}
