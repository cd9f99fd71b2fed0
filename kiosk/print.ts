/**
 * Printing the ticket on the 80 mm ticket printer. The layout is print.css; a kiosk browser started
 * with --kiosk-printing prints without a dialog, so the ticket simply comes out.
 */
import QRCode from 'qrcode';

/** Prints once `ready` has settled (the ticket's QR drawn), after the ticket is painted. */
export function printTicket(ready: Promise<unknown> = Promise.resolve()): void {
  // After the ticket is painted, so the print shows this ticket and not the screen before it.
  void ready.finally(() => requestAnimationFrame(() => setTimeout(() => window.print(), 0)));
}

/**
 * The customer's status link (DESIGN §9) as a QR code image: the absolute address, so any phone camera
 * opens it on the hall's own host. Black on white with the standard quiet zone, error correction M — a
 * thermal print survives a smudge.
 */
export async function statusQr(statusUrl: string): Promise<HTMLImageElement> {
  const img = document.createElement('img');
  img.className = 'status-qr';
  img.width = 240;
  img.height = 240;
  img.src = await QRCode.toDataURL(new URL(statusUrl, location.origin).href, {
    errorCorrectionLevel: 'M',
    margin: 4,
    width: 240,
  });
  return img;
}
