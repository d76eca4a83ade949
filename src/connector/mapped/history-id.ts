import { randomFillSync } from 'node:crypto';

/**
 * History record ids (also the change events' ids): UUIDs of version 7 (RFC 9562), whose leading 48 bits are the
 * time in milliseconds and whose next 12 a counter within the millisecond, so that ids made one after the other
 * sort one after the other. The history table's primary key is this id: InnoDB keeps a table in primary key order,
 * and random (version 4) ids scattered every insert over the whole table, splitting pages and, once the table
 * outgrew the buffer pool, reading them back from disk (the admin import's 110,000 history rows took 30 s on
 * MariaDB that way; appended at the end of the key, 8 s). The remaining 62 bits are random, so ids of other
 * processes and nodes (a Galera cluster) cannot collide.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Random bytes drawn in bulk: one call into the system's generator per 512 ids instead of one per id.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

let lastMs = 0;
let counter = 0;

/** The offset of 8 fresh random bytes in the pool. */
function take8(): number {
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += 8;
  return at;
}

export function historyId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // A random start below half the range: the counter rarely runs out within one millisecond.
    counter = pool.readUInt16BE(take8()) & 0x7ff;
  } else if (++counter > 0xfff) {
    // More than the counter holds in one millisecond (or the clock went back): borrow the next millisecond.
    lastMs += 1;
    counter = 0;
  }
  const ms = lastMs;
  const high = Math.floor(ms / 0x10000);
  const r = take8();
  const b = pool;
  return (
    HEX[(high >>> 24) & 0xff]! +
    HEX[(high >>> 16) & 0xff]! +
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    '-' +
    HEX[(ms >>> 8) & 0xff]! +
    HEX[ms & 0xff]! +
    '-' +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | (b[r]! & 0x3f)]! +
    HEX[b[r + 1]!]! +
    '-' +
    HEX[b[r + 2]!]! +
    HEX[b[r + 3]!]! +
    HEX[b[r + 4]!]! +
    HEX[b[r + 5]!]! +
    HEX[b[r + 6]!]! +
    HEX[b[r + 7]!]!
  );
}

