/** What the devices' set-up screens share about pairing codes (pure: no DOM, no network). */

/**
 * The six digits of a typed or scanned code, or null: spaces and dashes are ignored (the console shows
 * "483 920"), and full-width digits from a Chinese input method count as digits.
 */
export function pairingCode(typed: string): string | null {
  const ascii = typed
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-\u3000]/g, '');
  return /^\d{6}$/.test(ascii) ? ascii : null;
}

/** The code a QR from the staff console carries in the set-up address (`…/wall/?pair=483920`), if any. */
export function pairingCodeInUrl(search: string): string | null {
  return pairingCode(new URLSearchParams(search).get('pair') ?? '');
}

/** The address without its `?pair=` code, so a reload of a paired device does not try the used code again. */
export function withoutPairingCode(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('pair');
  return url.pathname + (url.search === '?' ? '' : url.search) + url.hash;
}
