import { createHash, randomUUID } from 'node:crypto';
import type Koa from 'koa';
import { PREFLIGHT } from '../route-info';

const SAFE_CORRELATION_ID = /^[\x21-\x7e]{1,128}$/;

/** Echoes the caller's Correlation-Id (if it is a sane token) or makes one, and exposes it as ctx.state. */
export const correlationId: Koa.Middleware = async (ctx, next) => {
  const sent = ctx.get('Correlation-Id');
  const id = SAFE_CORRELATION_ID.test(sent) ? sent : randomUUID();
  ctx.state.correlationId = id;
  ctx.set('Correlation-Id', id);
  await next();
};

/** OBP answers every origin; preflight requests are answered here. */
export const cors: Koa.Middleware = async (ctx, next) => {
  ctx.set('Access-Control-Allow-Origin', '*');
  if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
    ctx.state.route = PREFLIGHT;
    ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
    ctx.set('Access-Control-Allow-Headers', ctx.get('Access-Control-Request-Headers') || 'Content-Type, Authorization, DirectLogin');
    ctx.set('Access-Control-Max-Age', '86400');
    ctx.status = 204;
    return;
  }
  await next();
};

/** Successful GETs carry an ETag over URL and body; a matching If-None-Match gets 304 with no body. */
export const etag: Koa.Middleware = async (ctx, next) => {
  await next();
  if (ctx.method !== 'GET' || ctx.status !== 200 || typeof ctx.body !== 'string') return;
  const tag = `"${createHash('sha256').update(ctx.originalUrl).update('\0').update(ctx.body).digest('base64url')}"`;
  ctx.set('ETag', tag);
  const ifNoneMatch = ctx.get('If-None-Match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === tag || t.trim() === '*')) {
    ctx.status = 304;
    ctx.body = null;
  }
};
