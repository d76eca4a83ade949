/**
 * gRPC server reflection (grpc.reflection.v1 and v1alpha), so that grpcurl, Postman and similar tools can list
 * and call the adapter's services without a copy of the proto files. The descriptors come from proto/, parsed
 * once per process.
 */
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { PROTO_FILES, protoDir } from '../connector/grpc/proto';

let reflection: ReflectionService | undefined;

export function addReflection(server: grpc.Server): void {
  reflection ??= new ReflectionService(protoLoader.loadSync(PROTO_FILES, { includeDirs: [protoDir()] }));
  reflection.addToServer(server);
}
