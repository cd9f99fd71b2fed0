/**
 * The wall's device token: asked once, kept on this screen, checked with the server. A token that is
 * not a wall token (a kiosk's, a staff session) is refused on screen.
 */
import { ApiFailure, get } from '../common/api.ts';
import type { Translate } from '../../shared/i18n/index.ts';

const STORE_KEY = 'yingbin.wall.token';

export interface WallDevice {
  kind: 'device';
  id: string;
  branch: string;
  role: 'wall';
}

export function storedToken(): string | null {
  return localStorage.getItem(STORE_KEY);
}

export function forgetToken(): void {
  localStorage.removeItem(STORE_KEY);
}

/** Resolves with a checked wall token and its device; asks on screen until it has one. */
export async function obtainWallToken(t: () => Translate): Promise<{ token: string; device: WallDevice }> {
  const dialog = document.getElementById('token-dialog') as HTMLDialogElement;
  const form = document.getElementById('token-form') as HTMLFormElement;
  const input = document.getElementById('token-input') as HTMLInputElement;
  const error = document.getElementById('token-error')!;
  // The wall is useless without a token: Escape must not close the question.
  dialog.addEventListener('cancel', (e) => e.preventDefault());
  let token = storedToken();
  for (;;) {
    if (token) {
      try {
        const me = await get<{ kind: string; id: string; branch: string; role?: string }>('/auth/me', token);
        if (me.kind === 'device' && me.role === 'wall') {
          localStorage.setItem(STORE_KEY, token);
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
    }
    if (!dialog.open) dialog.showModal();
    input.value = '';
    input.focus();
    token = await new Promise<string>((resolve) => {
      form.addEventListener('submit', () => resolve(input.value.trim()), { once: true });
    });
    if (!dialog.open) dialog.showModal(); // method=dialog closes it on submit; keep it while checking
  }
}
