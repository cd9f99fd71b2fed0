/** The pages' one id helper works where crypto.randomUUID is missing (plain HTTP on a hall host name). */
import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newKey } from '../../shared/browser/ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newKey', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes distinct UUID v4 keys without crypto.randomUUID (not a secure context)', () => {
    vi.stubGlobal('crypto', { getRandomValues: <T extends ArrayBufferView>(a: T) => webcrypto.getRandomValues(a as never) as T });
    const keys = Array.from({ length: 200 }, () => newKey());
    for (const k of keys) expect(k).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses crypto.randomUUID where the browser has it', () => {
    expect(newKey()).toMatch(UUID_V4);
  });
});
