/**
 * Starts the 3-node Galera cluster for the run (scripts/galera-cluster.sh) and stops it afterwards. A cluster
 * already running in GALERA_DIR is used as it is and left running (a developer iterating on the tests).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/galera-cluster.sh');

export default function setup(): () => void {
  const dir = process.env.GALERA_DIR ?? path.join(os.tmpdir(), 'obp-galera');
  process.env.GALERA_DIR = dir;
  const reused = fs.existsSync(path.join(dir, 'cluster.env'));
  execFileSync(SCRIPT, ['start'], { stdio: 'inherit', env: process.env });
  return () => {
    if (!reused) execFileSync(SCRIPT, ['stop'], { stdio: 'inherit', env: process.env });
  };
}
