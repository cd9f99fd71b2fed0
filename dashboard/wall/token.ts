/**
 * The wall's device token: obtained once — by the six-digit pairing code from the staff console
 * ("添加设备", or its QR opening /wall/?pair=CODE), or typed in — kept on this screen and checked with the
 * server. A token that is not a wall token (a kiosk's, a staff session) is refused on screen.
 */
import { api } from '../../shared/api/routes.ts';
import { ApiFailure, call } from '../../shared/browser/api.ts';
import { describeFailure } from '../../shared/browser/lang.ts';
import type { Translate } from '../../shared/i18n/index.ts';
import { pairingCode, pairingCodeInUrl, withoutPairingCode } from '../../shared/browser/pairing.ts';

const STORE_KEY = 'yingbin.wall.token';

export interface WallDevice {
  kind: 'device';
  id: string;
  branch: string;
  role: 'wall';
}

function storedToken(): string | null {
  return localStorage.getItem(STORE_KEY);
}

export function forgetToken(): void {
  localStorage.removeItem(STORE_KEY);
}

type Entry =
  { kind: 'code'; code: string } | { kind: 'token'; token: string } | { kind: 'bad-code' } | { kind: 'empty' };

/** What the person entered: the pairing button sends the code (or, with no code, a typed token). */
function entered(submitter: HTMLElement | null, code: HTMLInputElement, token: HTMLInputElement): Entry {
  const typedToken = token.value.trim();
  const typedCode = code.value.trim();
  if (submitter?.id === 'token-submit' || (!typedCode && typedToken))
    return typedToken ? { kind: 'token', token: typedToken } : { kind: 'empty' };
  if (!typedCode) return { kind: 'empty' };
  const digits = pairingCode(typedCode);
  return digits ? { kind: 'code', code: digits } : { kind: 'bad-code' };
}

/** Resolves with a checked wall token and its device; asks on screen until it has one. */
export async function obtainWallToken(t: () => Translate): Promise<{ token: string; device: WallDevice }> {
  const dialog = document.getElementById('token-dialog') as HTMLDialogElement;
  const form = document.getElementById('token-form') as HTMLFormElement;
  const codeInput = document.getElementById('pairing-code') as HTMLInputElement;
  const tokenInput = document.getElementById('token-input') as HTMLInputElement;
  const error = document.getElementById('token-error')!;
  // The wall is useless without a token: Escape must not close the question.
  dialog.addEventListener('cancel', (e) => e.preventDefault());
  const fromUrl = pairingCodeInUrl(location.search);
  let entry: Entry | null = fromUrl ? { kind: 'code', code: fromUrl } : null;
  let token = fromUrl ? null : storedToken();
  for (;;) {
    if (entry?.kind === 'code') {
      try {
        token = (await call(api.pair, { body: { code: entry.code } })).token;
      } catch (e) {
        error.textContent = describeFailure(e, t());
      }
    } else if (entry?.kind === 'token') token = entry.token;
    else if (entry?.kind === 'bad-code') error.textContent = t()('pairing.badCode');
    else if (entry?.kind === 'empty') error.textContent = t()('pairing.empty');
    if (token) {
      try {
        const me = await call(api.me, { token });
        if (me.kind === 'device' && me.role === 'wall') {
          localStorage.setItem(STORE_KEY, token);
          if (location.search.includes('pair=')) history.replaceState(null, '', withoutPairingCode(location.href));
          if (dialog.open) dialog.close();
          return { token, device: me as WallDevice };
        }
        error.textContent = t()('token.notWall');
      } catch (e) {
        if (e instanceof ApiFailure && e.offline) {
          error.textContent = t()('token.offline');
          await new Promise((r) => setTimeout(r, 3000));
          continue; // the server may come back: try the same token again
        }
        error.textContent = t()('token.wrong');
      }
      forgetToken();
      token = null;
    }
    if (!dialog.open) dialog.showModal();
    codeInput.value = entry?.kind === 'code' ? '' : codeInput.value;
    tokenInput.value = '';
    codeInput.focus();
    entry = await new Promise<Entry>((resolve) => {
      form.addEventListener('submit', (e) => resolve(entered(e.submitter, codeInput, tokenInput)), {
        once: true,
      });
    });
    if (!dialog.open) dialog.showModal(); // method=dialog closes it on submit; keep it while checking
  }
}
