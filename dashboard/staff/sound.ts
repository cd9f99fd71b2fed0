/** The alert sound and vibration, where the browser allows them (a tap has to unlock sound first). */
let audio: AudioContext | null = null;

/** Browsers allow sound only after a tap: the first tap anywhere unlocks it for the session. */
export function unlockSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // no WebAudio (an old WebView): the banner still shows
  }
}

export function beep(urgent: boolean): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime;
    for (let i = 0; i < (urgent ? 3 : 2); i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = urgent ? 988 : 784;
      gain.gain.setValueAtTime(0.25, start + i * 0.25);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.25);
      osc.stop(start + i * 0.25 + 0.2);
    }
  } catch {
    // sound not allowed here
  }
  try {
    navigator.vibrate?.(urgent ? [300, 120, 300] : [200]);
  } catch {
    // vibration not allowed here
  }
}
