/**
 * The spoken call, in Chinese as the hall hears it: "请 A023 号到 3 号窗口". Switchable and remembered
 * on this screen. Browsers speak only after someone has touched the page once; turning it on is that touch.
 */
const STORE_KEY = 'yingbin.wall.speech';

export class Speech {
  private on = localStorage.getItem(STORE_KEY) === 'on';

  get enabled(): boolean {
    return this.on && 'speechSynthesis' in window;
  }

  toggle(): boolean {
    this.on = !this.on;
    localStorage.setItem(STORE_KEY, this.on ? 'on' : 'off');
    if (!this.on && 'speechSynthesis' in window) window.speechSynthesis.cancel();
    return this.on;
  }

  /** Queues one call; calls are spoken in order, never over each other. */
  say(text: string): void {
    if (!this.enabled) return;
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  }
}
