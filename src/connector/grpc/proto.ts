import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const CONNECTOR_SERVICE = 'obp.connector.v1.Connector';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

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

export function protoDir(): string {
  return path.join(findPackageRoot(), 'proto');
}

const loaderOptions: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export interface LoadedProtos {
  connector: grpc.ServiceClientConstructor;
  health: grpc.ServiceClientConstructor;
}

let loaded: LoadedProtos | undefined;

/** Parses the .proto files once per process; every client and server shares the result. */
export function loadProtos(): LoadedProtos {
  if (loaded) return loaded;
  const dir = protoDir();
  const definition = protoLoader.loadSync(['obp/connector/v1/connector.proto', 'grpc/health/v1/health.proto'], {
    ...loaderOptions,
    includeDirs: [dir],
  });
  const root = grpc.loadPackageDefinition(definition) as unknown as {
    obp: { connector: { v1: { Connector: grpc.ServiceClientConstructor } } };
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  loaded = { connector: root.obp.connector.v1.Connector, health: root.grpc.health.v1.Health };
  return loaded;
}
