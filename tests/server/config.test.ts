import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from '../../server/src/config.js';

// Every limit can be set from the environment, is checked, and has a sane default.

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    expect(readConfig({})).toMatchObject({
      maxBodyBytes: 10 * 1024 * 1024,
      maxMessageBytes: 8 * 1024 * 1024,
      maxMapBytes: 64 * 1024 * 1024,
      maxText: 10_000,
      updatesPerSecond: 200,
      updateBurst: 400,
      awarenessPerSecond: 10,
      connectionsPerIp: 50,
      trustedProxy: null,
      allowedOrigins: null,
      headersTimeoutMs: 10_000,
      compactEvery: 500,
      compactIdleMs: 10_000,
      roomGraceMs: 2000,
    });
    expect(readConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it('reads every limit', () => {
    const config = readConfig({
      MAX_BODY_BYTES: '2048',
      MAX_MESSAGE_BYTES: '4096',
      MAX_MAP_BYTES: '8192',
      MAX_TEXT: '500',
      UPDATES_PER_SECOND: '20',
      UPDATE_BURST: '40',
      AWARENESS_PER_SECOND: '5',
      CONNECTIONS_PER_IP: '0',
      TRUSTED_PROXY: 'X-Real-IP',
      ALLOWED_ORIGINS: 'https://maps.example.org, http://localhost:5173/',
      HEADERS_TIMEOUT_MS: '5000',
      REQUEST_TIMEOUT_MS: '20000',
      COMPACT_IDLE_MS: '3000',
      PING_INTERVAL_MS: '15000',
    });
    expect(config).toMatchObject({
      maxBodyBytes: 2048,
      maxMessageBytes: 4096,
      maxMapBytes: 8192,
      maxText: 500,
      updatesPerSecond: 20,
      updateBurst: 40,
      awarenessPerSecond: 5,
      connectionsPerIp: 0,
      trustedProxy: 'x-real-ip',
      allowedOrigins: ['https://maps.example.org', 'http://localhost:5173'],
      headersTimeoutMs: 5000,
      requestTimeoutMs: 20_000,
      compactIdleMs: 3000,
      pingIntervalMs: 15_000,
    });
    expect(readConfig({ TRUSTED_PROXY: 'true' }).trustedProxy).toBe('x-forwarded-for');
  });

  it('refuses bad values, naming the variable', () => {
    expect(() => readConfig({ MAX_TEXT: '0' })).toThrow(/MAX_TEXT/);
    expect(() => readConfig({ MAX_MAP_BYTES: '64MiB' })).toThrow(/MAX_MAP_BYTES must be a whole number/);
    expect(() => readConfig({ UPDATES_PER_SECOND: '-1' })).toThrow(/UPDATES_PER_SECOND/);
    expect(() => readConfig({ TRUSTED_PROXY: 'x forwarded' })).toThrow(/TRUSTED_PROXY/);
    expect(() => readConfig({ ALLOWED_ORIGINS: 'maps.example.org' })).toThrow(/ALLOWED_ORIGINS.*maps\.example\.org/);
    expect(() => readConfig({ ALLOWED_ORIGINS: 'https://maps.example.org/app' })).toThrow(/ALLOWED_ORIGINS/);
    expect(() => readConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })).toThrow(/HEADERS_TIMEOUT_MS/);
  });
});
