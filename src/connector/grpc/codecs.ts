/**
 * The binary codec of each RPC, from the generated messages: `<Rpc>Request` and `<Rpc>Response` (the names
 * buf lint enforces). Encoding reuses one writer, so that a message costs one allocation of its exact size
 * instead of a growing buffer, its copy and a Buffer copy of that.
 */
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import * as pb from '../../generated/obp/connector/v1/connector';
import type { ConnectorMethodName } from '../connector';
import { connectorMethodNames, type Request, type Response } from './methods';

interface MessageFns<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
  decode(input: Uint8Array): T;
}

export interface RpcCodec<M extends ConnectorMethodName> {
  readonly path: string;
  encodeRequest(request: Request<M>): Buffer;
  decodeRequest(bytes: Uint8Array): Request<M>;
  encodeResponse(response: Response<M>): Buffer;
  decodeResponse(bytes: Uint8Array): Response<M>;
}

/** After a message this large, the writer's buffer is left to the garbage collector rather than kept. */
const KEEP_WRITER_BYTES = 256 * 1024;
let writer = new BinaryWriter();

function encoder<T>(message: MessageFns<T>): (value: T) => Buffer {
  return (value) => {
    let bytes: Uint8Array;
    try {
      bytes = message.encode(value, writer).finish();
    } catch (e) {
      writer = new BinaryWriter();
      throw e;
    }
    if (bytes.byteLength > KEEP_WRITER_BYTES) writer = new BinaryWriter();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function messages(name: string): MessageFns<unknown> {
  const fns = (pb as unknown as Record<string, MessageFns<unknown> | undefined>)[name];
  if (!fns?.encode) throw new Error(`obp.connector.v1 has no message ${name}`);
  return fns;
}

function codec<M extends ConnectorMethodName>(method: M): RpcCodec<M> {
  const name = method[0]!.toUpperCase() + method.slice(1);
  const request = messages(`${name}Request`) as MessageFns<Request<M>>;
  const response = messages(`${name}Response`) as MessageFns<Response<M>>;
  return {
    path: pb.ConnectorService[method].path,
    encodeRequest: encoder(request),
    decodeRequest: (bytes) => request.decode(bytes),
    encodeResponse: encoder(response),
    decodeResponse: (bytes) => response.decode(bytes),
  };
}

export const codecs = Object.fromEntries(connectorMethodNames.map((m) => [m, codec(m)])) as {
  readonly [M in ConnectorMethodName]: RpcCodec<M>;
};
