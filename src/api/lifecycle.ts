/** Where the process is in its life, shared by the probes and the request pipeline. */
export interface Lifecycle {
  /** True from SIGTERM on: readiness answers 503 and responses carry `Connection: close`. */
  draining: boolean;
}
