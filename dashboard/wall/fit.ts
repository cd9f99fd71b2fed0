/**
 * How many of a list's items fit inside its box at the screen's real size. The wall never lets a list
 * run past its panel (where the rest would be cut off unseen): items that do not fit whole are hidden
 * and the caller says how many more there are. One layout read per render, none per second.
 */

/** Shows the leading items that fit whole in `container` (along `axis`) and hides the rest; returns how many are shown. */
export function fitItems(container: HTMLElement, axis: 'vertical' | 'horizontal'): number {
  const items = [...container.children] as HTMLElement[];
  for (const item of items) item.hidden = false;
  const box = container.getBoundingClientRect();
  const end = axis === 'vertical' ? box.bottom : box.right;
  let shown = 0;
  for (const item of items) {
    const r = item.getBoundingClientRect();
    // Half a pixel of slack for sub-pixel layout.
    if ((axis === 'vertical' ? r.bottom : r.right) > end + 0.5) break;
    shown++;
  }
  items.forEach((item, i) => (item.hidden = i >= shown));
  return shown;
}
