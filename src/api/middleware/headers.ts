import { hash, randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { PREFLIGHT } from '../route-info';

const SAFE_CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/*
 * The middleware below that only set headers before the rest runs return next()'s promise instead of awaiting it:
 * an async function per middleware costs a promise and a suspended frame on every request, for nothing.
 */

/** Echoes the caller's Correlation-Id (if it is a sane token) or makes one, and exposes it as ctx.state. */
export const correlationId: Koa.Middleware = (ctx, next) => {
  const sent = ctx.get('Correlation-Id');
  const id = SAFE_CORRELATION_ID.test(sent) ? sent : randomUUID();
  ctx.state.correlationId = id;
  ctx.set('Correlation-Id', id);
  return next();
};

/**
 * Every answer is JSON, never to be sniffed as anything else. Answers to a request that carries credentials (any
 * scheme: DirectLogin, Authorization) or changes something may hold personal data or a token: no cache keeps them.
 * Set before anything runs, so error answers, unmatched routes included, carry them too.
 */
export const privacyHeaders: Koa.Middleware = (ctx, next) => {
  ctx.set('X-Content-Type-Options', 'nosniff');
  const credentials = ctx.headers.directlogin !== undefined || ctx.headers.authorization !== undefined;
  if (credentials || ctx.method !== 'GET') ctx.set('Cache-Control', 'no-store');
  return next();
};

/** Headers a browser client may read from an answer (CORS hides all but a few by default). */
const EXPOSED_HEADERS = [
  'Correlation-Id',
  'ETag',
  'Idempotent-Replayed',
  'Range',
  'Retry-After',
  'X-Rate-Limit-Limit',
  'X-Rate-Limit-Remaining',
  'X-Rate-Limit-Reset',
].join(', ');

/** OBP answers every origin; preflight requests are answered here. */
export const cors: Koa.Middleware = (ctx, next) => {
  ctx.set('Access-Control-Allow-Origin', '*');
  ctx.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
    ctx.state.route = PREFLIGHT;
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'Content-Type, Authorization, DirectLogin');
    ctx.set('Access-Control-Max-Age', '86400');
    ctx.status = 204;
    return Promise.resolve();
  }
  return next();
};

/**
 * Successful GETs carry an ETag over URL and body, unless the endpoint set its own (GET customer: the customer's
 * version); a matching If-None-Match gets 304 with no body.
 */
export const etag: Koa.Middleware = async (ctx, next) => {
  await next();
  if (ctx.method !== 'GET' || ctx.status !== 200 || typeof ctx.body !== 'string') return;
  const own = ctx.response.get('ETag');
  // The one-shot hash over one string: a Hash object per response cost ~4x more.
  const tag = own || `"${hash('sha256', `${ctx.originalUrl}\0${ctx.body}`, 'base64url')}"`;
  ctx.set('ETag', tag);
  const ifNoneMatch = ctx.get('If-None-Match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === tag || t.trim() === '*')) {
    ctx.status = 304;
    ctx.body = null;
  }
};
