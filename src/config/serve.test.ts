import { describe, expect, it } from 'vitest';
import { serveConfig } from './index.js';

describe('serveConfig', () => {
  it('defaults to PGlite in ./clawback-data, PostgreSQL when DATABASE_URL is set, frozen', () => {
    const c = serveConfig({}, {});
    expect(c.db.kind).toBe('pglite');
    expect(c.port).toBe(8080);
    expect(Object.isFrozen(c)).toBe(true);
    expect(c.orderLimits.stopPaymentHours).toBe(48);
    expect(serveConfig({}, { DATABASE_URL: 'postgres://u@h:5432/d' }).db.kind).toBe('postgres');
  });
  it('takes order limits per jurisdiction and refuses nonsense naming the setting', () => {
    expect(
      serveConfig({}, { CLAWBACK_ORDER_LIMITS: '{"stopPaymentHours":72}' }).orderLimits,
    ).toMatchObject({ stopPaymentHours: 72, freezeMonths: 6 });
    expect(() => serveConfig({}, { CLAWBACK_ORDER_LIMITS: '{"stopPaymentHours":-1}' })).toThrow(
      /CLAWBACK_ORDER_LIMITS.*between 1/,
    );
    expect(() => serveConfig({}, { CLAWBACK_ORDER_LIMITS: '{"freezeMonth":6}' })).toThrow(
      /unknown limit/,
    );
    expect(() => serveConfig({}, { CLAWBACK_ORDER_LIMITS: 'six' })).toThrow(/not JSON/);
    expect(() => serveConfig({ port: '99999' }, {})).toThrow(/--port/);
    expect(() => serveConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => serveConfig({}, { CLAWBACK_RATE_LIMIT: '0' })).toThrow(/CLAWBACK_RATE_LIMIT/);
  });
});
