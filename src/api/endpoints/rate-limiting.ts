import { endpoint } from '../endpoint';
import { rateLimitingInfoJsonSchema } from '../json/call-limits';

export const getRateLimitingInfo = endpoint({
  name: 'getRateLimitingInfo',
  implementedIn: 'v3.1.0',
  method: 'GET',
  path: '/rate-limiting',
  summary: 'Get Rate Limiting Info',
  description:
    'Whether rate limiting is enabled (RATE_LIMITING_ENABLED), where the counters live (REDIS when REDIS_URL is set, ' +
    'else MEMORY: per instance), whether that store answers, and so whether limits are being enforced with shared counts.',
  tags: ['API', 'Rate-Limits'],
  checks: [],
  successStatus: 200,
  responseSchema: rateLimitingInfoJsonSchema,
  exampleResponse: { enabled: true, technology: 'REDIS', service_available: true, is_active: true },
  errors: [],
  handler: async ({ services }) => services.rateLimits.info(),
});
