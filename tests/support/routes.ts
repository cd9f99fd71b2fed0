/** Every API route, for the hostile-input test. A new route belongs here too. */
export const HOSTILE_ROUTES: { method: 'GET' | 'POST'; path: string }[] = [
  { method: 'POST', path: '/auth/login' },
  { method: 'GET', path: '/auth/me' },
  { method: 'GET', path: '/branches/:branch' },
  { method: 'GET', path: '/branches/:other' },
  { method: 'GET', path: '/branches/:branch/staff' },
  { method: 'POST', path: '/branches/:branch/visits' },
  { method: 'GET', path: '/branches/:branch/visits' },
  { method: 'GET', path: '/branches/:branch/visits/:id' },
  ...['vip', 'greet', 'correct-line', 'call', 'recall', 'start', 'complete', 'no-show', 'leave', 'cancel', 'transfer', 'correct', ':action'].map(
    (action) => ({ method: 'POST' as const, path: `/branches/:branch/visits/:id/${action}` }),
  ),
  { method: 'GET', path: '/branches/:branch/devices' },
  { method: 'POST', path: '/branches/:branch/devices' },
  { method: 'POST', path: '/branches/:branch/devices/:id/revoke' },
  { method: 'GET', path: '/:anything' },
];
