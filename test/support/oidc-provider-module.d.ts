/** What the tests use of oidc-provider, which ships no type declarations (v9). */
declare module 'oidc-provider' {
  import type Koa from 'koa';

  export default class Provider extends Koa {
    constructor(issuer: string, configuration: Record<string, unknown>);
  }
}
