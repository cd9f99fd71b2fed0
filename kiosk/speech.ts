/**
 * 长辈模式 speaks every step in Mandarin (Web Speech, zh-CN), whatever language the screen shows: the
 * people it is for read large type slowly, or not at all. Where the browser has no speech, nothing happens.
 */
export function speak(text: string): void {
  const synth = window.speechSynthesis as SpeechSynthesis | undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  synth.cancel(); // the new screen's words, not the tail of the last one's
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  u.rate = 0.85;
  synth.speak(u);
}

/** Stops speaking (the customer left elder mode, or the kiosk went back to the start). */
export function hush(): void {
  (window.speechSynthesis as SpeechSynthesis | undefined)?.cancel();
}

/** A ticket read out character by character (B003 → "B 0 0 3"), as a hall's caller says it. */
export function spokenTicket(ticket: string): string {
  return [...ticket].join(' ');
}
