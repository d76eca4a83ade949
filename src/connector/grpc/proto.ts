import fs from 'node:fs';
import path from 'node:path';

/**
 * The directory holding package.json. Walking up from this file works both from the TypeScript sources
 * (src/connector/grpc) and from the build (dist/src/connector/grpc), which sit at different depths.
 */
export function findPackageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${from}`);
    dir = parent;
  }
}

/** The contract's .proto files (proto/), shipped with the package. */
export function protoDir(): string {
  return path.join(findPackageRoot(), 'proto');
}

export const PROTO_FILES = ['obp/connector/v1/connector.proto', 'grpc/health/v1/health.proto'];
