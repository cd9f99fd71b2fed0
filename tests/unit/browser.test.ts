/** The browser layer under shared/browser: ids without a secure context, pairing codes as typed on a device. */
import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newKey } from '../../shared/browser/ids.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newKey', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes distinct UUID v4 keys without crypto.randomUUID (not a secure context)', () => {
    vi.stubGlobal('crypto', {
      getRandomValues: <T extends ArrayBufferView>(a: T) => webcrypto.getRandomValues(a as never) as T,
    });
    const keys = Array.from({ length: 200 }, () => newKey());
    for (const k of keys) expect(k).toMatch(UUID_V4);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses crypto.randomUUID where the browser has it', () => {
    expect(newKey()).toMatch(UUID_V4);
  });
});

describe('pairing codes as typed on a device', () => {
  it('takes six digits, with spaces or full-width digits from a Chinese input method', async () => {
    const { pairingCode, pairingCodeInUrl, withoutPairingCode } = await import('../../shared/browser/pairing.ts');
    expect(pairingCode('483920')).toBe('483920');
    expect(pairingCode(' 483 920 ')).toBe('483920');
    expect(pairingCode('４８３９２０')).toBe('483920');
    expect(pairingCode('48392')).toBeNull();
    expect(pairingCode('48392a')).toBeNull();
    expect(pairingCodeInUrl('?pair=012345')).toBe('012345');
    expect(pairingCodeInUrl('?setup')).toBeNull();
    expect(withoutPairingCode('http://hall.yingbin.test:8080/wall/?pair=012345')).toBe('/wall/');
    expect(withoutPairingCode('http://hall.yingbin.test:8080/kiosk/?setup&pair=012345')).toBe('/kiosk/?setup=');
  });
});

describe('a kept staff session', () => {
  /** The Web Storage interface over a Map: what localStorage and sessionStorage are to KeptSession. */
  function memoryStorage(): Storage {
    const m = new Map<string, string>();
    return {
      get length() {
        return m.size;
      },
      clear: () => m.clear(),
      getItem: (k) => m.get(k) ?? null,
      key: (i) => [...m.keys()][i] ?? null,
      removeItem: (k) => void m.delete(k),
      setItem: (k, v) => void m.set(k, String(v)),
    };
  }
  const session = {
    token: 'tok-1',
    staff: { id: 'm01', name: '赵敏', branch: 't1', roles: ['manager' as const] },
  };

  it('is read back as kept, and gone once forgotten', async () => {
    const { KeptSession } = await import('../../shared/browser/session.ts');
    const storage = memoryStorage();
    const kept = new KeptSession(storage, 'k');
    expect(kept.read()).toBeNull();
    kept.keep(session);
    expect(new KeptSession(storage, 'k').read()).toEqual(session);
    kept.forget();
    expect(kept.read()).toBeNull();
  });

  it('is not a session when what is kept is broken or an older page kept another shape', async () => {
    const { KeptSession } = await import('../../shared/browser/session.ts');
    const storage = memoryStorage();
    const kept = new KeptSession(storage, 'k');
    storage.setItem('k', '{not json');
    expect(kept.read()).toBeNull();
    // The report page used to keep {token, staffId, name, branch, roles}: the page asks for a sign-in again.
    storage.setItem('k', JSON.stringify({ token: 't', staffId: 'm01', name: '赵敏', branch: 't1', roles: [] }));
    expect(kept.read()).toBeNull();
  });
});
