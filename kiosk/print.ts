/**
 * Printing the ticket on the 80 mm ticket printer. The layout is print.css; a kiosk browser started
 * with --kiosk-printing prints without a dialog, so the ticket simply comes out.
 */
export function printTicket(): void {
  // After the ticket is painted, so the print shows this ticket and not the screen before it.
  requestAnimationFrame(() => setTimeout(() => window.print(), 0));
}
