import { describe, expect, it } from 'vitest';
import { endpoints } from '../src/api/endpoints';

describe('response schemas', () => {
  it('are declared for every endpoint that answers with a body', () => {
    for (const e of endpoints) expect(e.responseSchema !== undefined, e.name).toBe(e.successStatus !== 204);
  });

  it("accept every endpoint's documented example", () => {
    for (const e of endpoints) {
      if (!e.responseSchema) continue;
      const parsed = e.responseSchema.safeParse(e.exampleResponse);
      expect(parsed.success ? [] : parsed.error.issues, e.name).toEqual([]);
    }
  });

  it('refuse a shape that drifts from them (a missing field, a wrong date, a null where none may be)', () => {
    const customer = endpoints.find((e) => e.name === 'createCustomer')!;
    const example = customer.exampleResponse as Record<string, unknown>;
    expect(customer.responseSchema!.safeParse({ ...example, last_ok_date: null }).success).toBe(true);
    expect(customer.responseSchema!.safeParse({ ...example, last_ok_date: '2023-10-16' }).success).toBe(false);
    expect(customer.responseSchema!.safeParse({ ...example, legal_name: null }).success).toBe(false);
    const { email: _, ...withoutEmail } = example;
    expect(customer.responseSchema!.safeParse(withoutEmail).success).toBe(false);
  });
});
