import type Koa from 'koa';
import { roles as roleCatalogue, type Role, type RoleName } from '../auth/roles';
import { checkRoles } from './access';
import type { Session } from '../auth/direct-login';
import type { CallContext } from '../connector/connector';
import type { CustomerAtBank } from '../connector/types';
import { ObpError } from '../errors';
import { operationId, type Endpoint, type RequestContext } from './endpoint';
import { customerAtBank, customerNotFound } from './lookups';
import { acceptsIdempotencyKey, IdempotencyKeys, parseIdempotencyKey } from './idempotency';
import { isJsonContentType, parseJson, readBody } from './middleware/body';
import type { Services } from './services';
import type { ObpVersion } from './versions';

export function routeNotFound(ctx: Koa.Context): ObpError {
  return new ObpError(
    'InvalidUri',
    `Current Url is (${ctx.originalUrl}), Current Content-Type Header is (${ctx.get('Content-Type')})`,
  );
}

function passThroughHeaders(headers: Koa.Context['headers']): Record<string, string> | undefined {
  // Runs on every request: no array of entries, and no object unless such a header was sent.
  let out: Record<string, string> | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (name.startsWith('pass-through') && typeof value === 'string') (out ??= {})[name] = value;
  }
  return out;
}

/** What Koa's `ctx.type = 'application/json'` sets, without its MIME lookup on every response. */
const JSON_TYPE = 'application/json; charset=utf-8';

/** Query parameters in the order sent; most requests have none. */
const queryOf = (querystring: string): [string, string][] => (querystring === '' ? [] : [...new URLSearchParams(querystring).entries()]);

/**
 * The session of a request, read once (an endpoint may ask at its 'auth' or 'session' check and again after its
 * checks). A module function over the request's own objects rather than a closure made per request.
 */
async function authenticate(ctx: Koa.Context, request: RequestContext<unknown>, state: { authenticated: boolean }): Promise<Session | undefined> {
  if (state.authenticated) return request.user && { user: request.user, consumer: request.consumer };
  state.authenticated = true;
  const { services, cc } = request;
  let session: Session | undefined;
  try {
    session = await services.authenticator.authenticate(ctx.headers);
  } catch (e) {
    // A refused token counts against the address, so that guessing tokens is limited like anonymous calls.
    await services.rateLimits.admitRequest(undefined, ctx.ip);
    throw e;
  }
  // Rate limits apply where OBP applies them: once the caller (its consumer, or its address) is known.
  const limitHeaders = await services.rateLimits.admitRequest(session?.consumer?.consumerId, ctx.ip);
  if (limitHeaders) ctx.set(limitHeaders);
  if (session) {
    request.user = session.user;
    request.consumer = session.consumer;
    request.grants = session.grants;
    cc.user = { userId: session.user.userId, username: session.user.username };
    if (session.consumer) cc.consumer = { consumerId: session.consumer.consumerId, name: session.consumer.name };
  }
  return session;
}

/** An endpoint's compiled handler: the request and the path parameters the router matched. */
export type EndpointHandler = (ctx: Koa.Context, params: Record<string, string>) => Promise<void>;

/**
 * Turns one endpoint declaration into the handler that runs its checks in order and renders the result, for the
 * requests made under one version prefix.
 */
export function endpointHandler(e: Endpoint, services: Services, version: ObpVersion): EndpointHandler {
  const requiredRoles: Role[] = (e.roles ?? []).map((name: RoleName) => roleCatalogue[name]);
  // An endpoint that checks the bank and later the path's customer reads both (and the customer's attributes) in
  // one connector call at the bank check; the customer check then only decides, at its own place in the order.
  const bankAt = e.checks.indexOf('bank');
  const readsCustomerWithBank = bankAt >= 0 && e.checks.indexOf('customer') > bankAt;
  const opId = operationId(e);
  const idempotent = acceptsIdempotencyKey(e);
  const takesBody = e.method === 'POST' || e.method === 'PUT';
  const needsJson = takesBody && e.requiresJsonContentType !== false;

  return async (ctx, params) => {
    if (needsJson && !isJsonContentType(ctx)) throw routeNotFound(ctx);
    // Malformed JSON is refused before anything else, as OBP does.
    const rawBody = takesBody ? await readBody(ctx, services.config.MAX_BODY_BYTES) : '';
    const json = needsJson ? parseJson(rawBody) : undefined;

    const cc: CallContext = {
      correlationId: ctx.state.correlationId as string,
      passThroughHeaders: passThroughHeaders(ctx.headers),
      operationId: opId,
    };
    // The access line reads the caller's consumer and user ids from here once authentication has filled them in.
    ctx.state.cc = cc;
    const request: RequestContext<unknown> = {
      version,
      params,
      query: queryOf(ctx.querystring),
      body: undefined,
      user: undefined,
      consumer: undefined,
      grants: undefined,
      bank: undefined,
      customer: undefined,
      customerAttributes: undefined,
      cc,
      services,
      connector: services.connector,
      config: services.config,
      headers: ctx.headers,
      ip: ctx.ip,
      setHeader: (name, value) => ctx.set(name, value),
    };
    const bankId = params.BANK_ID ?? '';
    let customerRead: CustomerAtBank | undefined;
    const auth = { authenticated: false };

    for (const check of e.checks) {
      if (typeof check === 'function') {
        await check(request);
        continue;
      }
      switch (check) {
        case 'auth': {
          const s = await authenticate(ctx, request, auth);
          if (!s && e.anonymousResponse !== undefined) {
            render(ctx, e, e.anonymousResponse);
            return;
          }
          if (!s) throw new ObpError('UserNotLoggedIn');
          break;
        }
        case 'session':
          await authenticate(ctx, request, auth);
          break;
        case 'bank': {
          if (readsCustomerWithBank) customerRead = await services.connector.getCustomerAtBank(bankId, request.params.CUSTOMER_ID ?? '', cc);
          request.bank = customerRead ? customerRead.bank : await services.connector.getBank(bankId, cc);
          if (!request.bank) throw new ObpError('BankNotFound', ` Current BankId is ${bankId}`);
          break;
        }
        case 'roles':
          await checkRoles(e, request, e.rolesForBody ? e.rolesForBody(request.body).map((r) => roleCatalogue[r]) : requiredRoles);
          break;
        case 'customer': {
          if (customerRead) {
            request.customer = customerRead.customer ?? customerNotFound(request.params.CUSTOMER_ID ?? '');
            request.customerAttributes = customerRead.attributes;
          } else {
            request.customer = await customerAtBank(request);
          }
          break;
        }
        case 'body': {
          const parsed = e.body!.schema.safeParse(json);
          if (!parsed.success) {
            throw new ObpError('InvalidJsonFormat', e.body!.typeName ? ` The Json body should be the ${e.body!.typeName} ` : '');
          }
          request.body = parsed.data;
          break;
        }
      }
    }
    // Endpoints open to anonymous callers still refuse a bad token.
    if (e.readsSession !== false) await authenticate(ctx, request, auth);
    const key = idempotent ? parseIdempotencyKey(ctx.headers['idempotency-key']) : undefined;
    if (key === undefined) {
      render(ctx, e, await e.handler(request));
      return;
    }
    await runOnce(ctx, e, request, key, rawBody);
  };
}

/**
 * A creating POST with an Idempotency-Key, once per caller and key (after every check has passed): a repeat of a
 * completed request is answered its first response; the key travels in the call context, so that a store asked
 * again after a lost answer returns what it created instead of creating again.
 */
async function runOnce(ctx: Koa.Context, e: Endpoint, request: RequestContext<unknown>, key: string, rawBody: string) {
  if (!request.user) throw new ObpError('InvalidIdempotencyKey');
  const caller = `${request.consumer?.consumerId ?? ''}/${request.user.userId}`;
  const keys = request.services.idempotency;
  const claim = await keys.claim(caller, key, IdempotencyKeys.fingerprint(e.method, ctx.originalUrl, rawBody));
  if ('replay' in claim) {
    ctx.status = claim.replay.status;
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = claim.replay.body;
    ctx.set('Idempotent-Replayed', 'true');
    return;
  }
  request.cc.idempotencyKey = key;
  try {
    render(ctx, e, await e.handler(request));
  } catch (error) {
    // The failure is what the client sees; a key that cannot be released now expires with its TTL.
    await keys.release(caller, key).catch(() => undefined);
    throw error;
  }
  await keys.complete(caller, key, ctx.status, typeof ctx.body === 'string' ? ctx.body : '');
}

function render(ctx: Koa.Context, e: Endpoint, result: unknown): void {
  ctx.status = e.successStatus;
  if (e.successStatus !== 204) {
    ctx.set('Content-Type', JSON_TYPE);
    ctx.body = JSON.stringify(result);
  }
}
