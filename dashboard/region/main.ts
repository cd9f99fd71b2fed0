/**
 * /region/: a head office's wall — every branch of a region, worst first, live. It receives one standing
 * per branch when something changed there (never a branch's visits), and draws as many rows as the screen holds.
 */
import '../../shared/browser/base.css';
import './region.css';
import { io, type Socket } from 'socket.io-client';
import { api } from '../../shared/api/routes.ts';
import { call } from '../../shared/browser/api.ts';
import { applyText, currentLang, describeFailure, makeT, setLang } from '../../shared/browser/lang.ts';
import { KeptSession, signInManager, signOut, type StaffSession } from '../../shared/browser/session.ts';
import { region as regionText } from '../../shared/i18n/region.ts';
import { worstFirst, type RegionBranch } from '../../shared/region.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket.ts';
import { row, totals } from './render.ts';

// A wall hangs for days: the sign-in outlives a reload (a power cut, a browser update).
const kept = new KeptSession(localStorage, 'yingbin.region.session');
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
let t = makeT(regionText);
let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
const standings = new Map<string, RegionBranch>();
let offset = 0;
let drawing = false;
let regionName: { zh: string; en: string } | null = null;

const serverNow = () => Date.now() + offset;

function showSignIn(message = ''): void {
  socket?.close();
  $('sign-in').hidden = false;
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('who').textContent = '';
  $('sign-in-error').textContent = message;
}

function say(message: string): void {
  $('message').hidden = message === '';
  $('message').textContent = message;
}

/** Redraws on the next frame at most: a busy region sends many standings a second. */
function draw(): void {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(() => {
    drawing = false;
    render();
  });
}

function render(): void {
  const lang = currentLang();
  $('region-name').textContent = regionName ? `· ${regionName[lang]}` : '';
  const list = [...standings.values()].sort(worstFirst);
  $('totals').textContent = totals(list, t);
  const body = $('rows');
  body.replaceChildren();
  // As many rows as the screen holds, worst first; the rest are counted.
  const bottom = window.innerHeight - 56;
  let shown = 0;
  for (const b of list) {
    const tr = row(b, lang, t, serverNow());
    body.append(tr);
    if (tr.getBoundingClientRect().bottom > bottom && shown > 0) {
      tr.remove();
      break;
    }
    shown++;
  }
  const more = list.length - shown;
  $('more').hidden = more === 0;
  $('more').textContent = more > 0 ? t('region.more', { n: more }) : '';
}

function connect(session: StaffSession, regionId: string): void {
  socket?.close();
  standings.clear();
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    auth: { token: session.token, region: regionId },
    transports: ['websocket', 'polling'],
  });
  socket = s;
  const status = (live: boolean) => {
    $('connection').textContent = live ? t('region.live') : t('region.offline');
    $('connection').className = `connection ${live ? 'live' : 'offline'}`;
  };
  s.on('connect', () => {
    const sent = Date.now();
    s.emit('time', (now) => (offset = now + (Date.now() - sent) / 2 - Date.now()));
    status(true);
  });
  s.on('disconnect', () => status(false));
  s.on('connect_error', (e) => {
    status(false);
    if (e.message === 'unauthorized') {
      kept.forget();
      showSignIn(t('error.unauthorized'));
    } else if (e.message === 'forbidden' || e.message === 'unknown-region') say(t(`error.${e.message}`));
  });
  s.on('region', (o) => {
    offset = Date.parse(o.serverTime) - Date.now();
    regionName = o.name;
    standings.clear();
    for (const b of o.branches) standings.set(b.branch, b);
    draw();
  });
  s.on('region-branch', (b) => {
    standings.set(b.branch, b);
    draw();
  });
}

async function start(session: StaffSession): Promise<void> {
  $('sign-in').hidden = true;
  $('sign-out').hidden = false;
  $('who').textContent = session.staff.name;
  say(t('region.loading'));
  const { regions } = await call(api.regions, { token: session.token });
  if (regions.length === 0) return say(t('region.noRegion'));
  say('');
  const asked = new URLSearchParams(location.search).get('region');
  const chosen = regions.find((r) => r.id === asked) ?? regions[0]!;
  const pick = $<HTMLSelectElement>('pick');
  pick.replaceChildren(
    ...regions.map((r) => {
      const o = document.createElement('option');
      o.value = r.id;
      o.textContent = r.name[currentLang()];
      return o;
    }),
  );
  pick.value = chosen.id;
  $('pick-label').hidden = regions.length < 2;
  pick.onchange = () => connect(session, pick.value);
  $('board').hidden = false;
  connect(session, chosen.id);
}

$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  const staffId = $<HTMLInputElement>('staff-id').value.trim();
  const pin = $<HTMLInputElement>('pin').value;
  signInManager(staffId, pin).then(
    (s) => {
      kept.keep(s);
      $<HTMLInputElement>('pin').value = '';
      return start(s);
    },
    (err: unknown) => ($('sign-in-error').textContent = describeFailure(err, t)),
  );
});

$('sign-out').addEventListener('click', () => {
  const s = kept.read();
  kept.forget();
  if (s) void signOut(s);
  showSignIn();
});

$('lang-button').addEventListener('click', () => {
  setLang(currentLang() === 'zh' ? 'en' : 'zh');
  t = makeT(regionText);
  applyText(document, t);
  render();
});

window.addEventListener('resize', draw);
// The longest waits grow by the second between standings.
setInterval(draw, 1000);

applyText(document, t);
const session = kept.read();
if (session) start(session).catch((err: unknown) => say(describeFailure(err, t)));
else showSignIn();
