/**
 * A small client of gRPC server reflection (grpc.reflection.v1), doing what grpcurl does: list the services,
 * fetch the file descriptors that declare one, and build a callable client from those descriptors alone.
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

interface ReflectionResponse {
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  error_response?: { error_code: number; error_message: string };
}

const reflectionProto = path.join(path.dirname(require.resolve('@grpc/reflection/package.json')), 'build/proto');

export class ReflectionClient {
  private readonly client: grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> };

  constructor(address: string) {
    const pkg = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [reflectionProto], keepCase: true, oneofs: true });
    const Reflection = (grpc.loadPackageDefinition(pkg) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
    }).grpc.reflection.v1.ServerReflection;
    this.client = new Reflection(address, grpc.credentials.createInsecure()) as never;
  }

  /** One request on its own stream, its one answer. */
  private ask(request: object): Promise<ReflectionResponse> {
    return new Promise((resolve, reject) => {
      const stream = this.client.ServerReflectionInfo();
      stream.once('data', (res: ReflectionResponse) => {
        stream.end();
        resolve(res);
      });
      stream.once('error', reject);
      stream.write(request);
    });
  }

  async services(): Promise<string[]> {
    const res = await this.ask({ list_services: '' });
    return (res.list_services_response?.service ?? []).map((s) => s.name);
  }

  /** The serialized FileDescriptorProtos declaring `symbol` and the files it imports. */
  async filesContaining(symbol: string): Promise<Buffer[]> {
    const res = await this.ask({ file_containing_symbol: symbol });
    if (res.error_response) throw new Error(res.error_response.error_message);
    return res.file_descriptor_response?.file_descriptor_proto ?? [];
  }

  close(): void {
    this.client.close();
  }
}

/** A FileDescriptorSet (repeated field 1) made of serialized FileDescriptorProtos, as proto-loader reads it. */
export function descriptorSet(files: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const length: number[] = [];
    for (let n = file.length; ; n >>>= 7) {
      if (n < 0x80) {
        length.push(n);
        break;
      }
      length.push((n & 0x7f) | 0x80);
    }
    parts.push(Buffer.from([0x0a, ...length]), file);
  }
  return Buffer.concat(parts);
}
