/**
 * "添加设备" on the staff console (managers only): choose kiosk or wall, get a one-time six-digit code
 * and its QR, read it out or show it to the device's set-up screen. The code dies after ten minutes or
 * its first use; the screen says when.
 */
import './devices.css';
import { api } from '../../shared/api/routes.ts';
import { call } from '../../shared/browser/api.ts';
import { button, h } from '../../shared/browser/dom.ts';
import { currentLang, describeFailure, makeT } from '../../shared/browser/lang.ts';
import { pairing as pairingText } from '../../shared/i18n/pairing.ts';
import type { Translate } from '../../shared/i18n/index.ts';

type Role = 'kiosk' | 'wall';
interface Issued {
  id: string;
  code: string;
  expiresAt: string;
  qr: string;
  url: string;
  role: Role;
}

/** The header button that opens the dialog; the dialog lives on <body> so a repaint of the console keeps it. */
export function addDeviceButton(branch: string, token: string, timeZone: string): HTMLButtonElement {
  return button(makeT(pairingText)('pairing.add'), () => openDialog(branch, token, timeZone), 'secondary', {
    'data-testid': 'add-device',
  });
}

function openDialog(branch: string, token: string, timeZone: string): void {
  const t: Translate = makeT(pairingText);
  const dialog = h('dialog', {
    class: 'sheet pairing',
    'data-testid': 'pairing-dialog',
    'aria-labelledby': 'pairing-title',
  });
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;
  let watchTimer: ReturnType<typeof setInterval> | undefined;
  const stopTimers = () => (clearTimeout(expiryTimer), clearInterval(watchTimer));
  const close = () => dialog.close();
  dialog.addEventListener('close', () => {
    stopTimers();
    dialog.remove();
  });
  const head = h(
    'header',
    { class: 'sheet-head' },
    h('h2', { id: 'pairing-title' }, t('pairing.title')),
    button(t('pairing.close'), close, 'secondary', { 'data-action': 'close' }),
  );
  const body = h('div', { class: 'pairing-body' });
  dialog.append(head, body);
  document.body.append(dialog);

  let role: Role = 'kiosk';
  const ask = (message = '') => {
    stopTimers();
    const label = h('input', {
      name: 'label',
      maxlength: 100,
      autocomplete: 'off',
      placeholder: t('pairing.labelHint'),
      'data-testid': 'pairing-label',
    });
    const roles = h(
      'div',
      { class: 'sheet-buttons pairing-roles', role: 'radiogroup', 'aria-label': t('pairing.role') },
      ...(['kiosk', 'wall'] as const).map((r) =>
        button(t(`pairing.role.${r}`), () => pick(r), 'secondary', {
          role: 'radio',
          'aria-checked': String(r === role),
          'data-role': r,
        }),
      ),
    );
    const pick = (r: Role) => {
      role = r;
      roles
        .querySelectorAll<HTMLElement>('[data-role]')
        .forEach((b) => b.setAttribute('aria-checked', String(b.dataset.role === r)));
    };
    const error = h('p', { class: 'sheet-message', role: 'alert' }, message);
    const make = button(t('pairing.make'), () => void issue(), 'primary', { 'data-action': 'make-code' });
    const issue = async () => {
      make.disabled = true;
      make.textContent = t('pairing.making');
      try {
        const labelText = label.value.trim();
        show(
          await call(api.issuePairing, {
            params: { branch },
            body: { role, ...(labelText ? { label: labelText } : {}) },
            token,
          }),
        );
      } catch (e) {
        error.textContent = describeFailure(e, t);
        make.disabled = false;
        make.textContent = t('pairing.make');
      }
    };
    body.replaceChildren(
      h('section', { class: 'sheet-section' }, h('h3', {}, t('pairing.role')), roles),
      h(
        'section',
        { class: 'sheet-section' },
        h('label', { class: 'field' }, h('span', {}, t('pairing.label')), label),
      ),
      h('section', { class: 'sheet-section' }, make, error),
    );
  };

  const show = (issued: Issued) => {
    const expires = new Date(issued.expiresAt);
    const time = new Intl.DateTimeFormat(currentLang() === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(expires);
    const address = issued.url.replace(/\?.*$/, '');
    const code = h(
      'output',
      { class: 'pairing-code', 'data-testid': 'pairing-code', 'aria-label': t('pairing.code') },
      issued.code,
    );
    const status = h(
      'p',
      { class: 'pairing-expiry', 'data-testid': 'pairing-expiry', role: 'status' },
      t('pairing.expires', { time }),
    );
    const steps = h(
      'p',
      { class: 'pairing-steps' },
      t('pairing.steps', { device: t(`pairing.role.${issued.role}`), address }),
    );
    const qr = h('img', {
      class: 'pairing-qr',
      src: issued.qr,
      alt: t('pairing.qr'),
      width: 240,
      height: 240,
      'data-testid': 'pairing-qr',
      'data-url': issued.url,
    });
    body.replaceChildren(
      h(
        'section',
        { class: 'sheet-section pairing-result' },
        h('div', { class: 'pairing-figures' }, h('div', {}, h('h3', {}, t('pairing.code')), code, status), qr),
        steps,
        h(
          'div',
          { class: 'sheet-buttons' },
          button(t('pairing.another'), () => ask(), 'secondary', { 'data-action': 'another' }),
          button(t('pairing.done'), close, 'primary', { 'data-action': 'done' }),
        ),
      ),
    );
    const finished = (text: string, state: 'expired' | 'paired') => {
      stopTimers();
      code.classList.add(state);
      qr.hidden = true;
      steps.hidden = true; // nothing more to do on the device
      status.textContent = text;
      status.dataset.state = state;
    };
    // A dead code must not stay on screen looking usable.
    expiryTimer = setTimeout(
      () => finished(t('pairing.expired'), 'expired'),
      Math.max(0, expires.getTime() - Date.now()),
    );
    // Tell the manager the moment the device has taken the code (the device's own screen says it too).
    watchTimer = setInterval(() => {
      call(api.pairing, { params: { branch, id: issued.id }, token }).then(
        (c) => c.usedAt && finished(t('pairing.paired', { name: c.label ?? c.device ?? '' }), 'paired'),
        () => undefined, // a missed look is taken again two seconds later
      );
    }, 2000);
  };

  ask();
  dialog.addEventListener('click', (e) => e.target === dialog && close());
  dialog.showModal();
}
