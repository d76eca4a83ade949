export { createGrpcConnector, defaultTimeoutMs, type GrpcConnectorOptions } from './grpc-connector';
export { grpcConnectorOptionsFromEnv, GrpcConfigError } from './env';
export { type RetryPolicy, type CircuitBreakerOptions } from './resilience';
export { type KeepaliveOptions, type ReconnectBackoff, type TlsFiles } from './channel';
