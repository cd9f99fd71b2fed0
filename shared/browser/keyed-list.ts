/**
 * A list whose DOM nodes are kept by key: an item keeps its node while it stays (moved, not recreated,
 * when the order changes — so a card does not vanish under a finger mid-tap), and its node goes when it
 * goes. Two ways to bring a kept node up to date: `update` patches it in place (the wall, which runs all
 * day and re-listens nothing), or `signature` rebuilds it with `create` only when what it shows changed
 * (the tablet's cards, whose buttons depend on the whole visit).
 */
export interface KeyedListParts<T> {
  // Function-typed properties, not methods: render() calls them detached from the object.
  key: (item: T) => string;
  create: (item: T) => HTMLElement;
  /** Brings a kept node up to date in place; called after `create` too. */
  update?: (el: HTMLElement, item: T) => void;
  /** What the node shows: a kept node whose item's signature changed is built anew. */
  signature?: (item: T) => string;
}

export class KeyedList<T> {
  private readonly nodes = new Map<string, { el: HTMLElement; signature: string | undefined }>();

  constructor(
    readonly container: HTMLElement,
    private readonly parts: KeyedListParts<T>,
  ) {}

  render(items: readonly T[]): void {
    const { key, create, update, signature } = this.parts;
    const keys = items.map((item) => key(item));
    const keep = new Set(keys);
    // A keyboard user's focus survives the list changing under it (below: focusAgain).
    const focused = document.activeElement;
    let lostAt: { index: number; control: Element } | null = null;
    let index = 0;
    for (const [k, { el }] of this.nodes) {
      if (!keep.has(k)) {
        if (focused && el.contains(focused)) lostAt = { index, control: focused };
        el.remove();
        this.nodes.delete(k);
      } else index++;
    }
    let previous: HTMLElement | null = null;
    items.forEach((item, i) => {
      const k = keys[i]!;
      const sig = signature?.(item);
      let entry = this.nodes.get(k);
      if (!entry || entry.signature !== sig) {
        const el = create(item);
        el.dataset.key = k;
        const had = entry && focused && entry.el.contains(focused) ? focused : null;
        entry?.el.replaceWith(el);
        if (had) focusAgain(el, had, true);
        entry = { el, signature: sig };
        this.nodes.set(k, entry);
      }
      update?.(entry.el, item);
      const wanted: ChildNode | null = previous ? previous.nextSibling : this.container.firstChild;
      if (wanted !== entry.el) this.container.insertBefore(entry.el, wanted);
      previous = entry.el;
    });
    // The focused item left the list: the focus goes to the same control of the item now in its place.
    if (lostAt && document.activeElement !== lostAt.control) {
      const next = [...this.nodes.values()][Math.min(lostAt.index, this.nodes.size - 1)];
      if (next) focusAgain(next.el, lostAt.control, false);
    }
  }

  /** Each node with its item's key, for per-second updates without a render. */
  *entries(): IterableIterator<[string, HTMLElement]> {
    for (const [k, { el }] of this.nodes) yield [k, el];
  }
}

/**
 * Focuses in `el` the control that does what `was` did (same `data-action`, if it can take the focus now);
 * else, for the same item rebuilt (its step disabled while it is sent), the item itself; else, for the
 * item now in a removed one's place, its first control. Without scrolling: it stands where the old one
 * stood, and a list must not jump under a finger that tapped it.
 */
function focusAgain(el: HTMLElement, was: Element, sameItem: boolean): void {
  const action = was.getAttribute('data-action');
  const same = action ? el.querySelector<HTMLElement>(`[data-action="${CSS.escape(action)}"]:not([disabled])`) : null;
  if (same) return same.focus({ preventScroll: true });
  if (sameItem) {
    el.tabIndex = -1;
    return el.focus({ preventScroll: true });
  }
  el.querySelector<HTMLElement>('button:not([disabled]), [href], input, select')?.focus({ preventScroll: true });
}
