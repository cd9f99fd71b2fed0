/**
 * What the customer holds, as every screen and call should show it: the ticket, and beside it the
 * kiosk's provisional number when the customer was handed one offline ("A012（临-001）").
 */
export function ticketLabel(
  v: { ticket: string; provisionalTicket?: string | null },
  lang: 'zh' | 'en' = 'zh',
): string {
  if (!v.provisionalTicket) return v.ticket;
  return lang === 'en' ? `${v.ticket} (${v.provisionalTicket})` : `${v.ticket}（${v.provisionalTicket}）`;
}
