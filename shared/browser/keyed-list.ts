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
    for (const [k, { el }] of this.nodes) {
      if (!keep.has(k)) {
        el.remove();
        this.nodes.delete(k);
      }
    }
    let previous: HTMLElement | null = null;
    items.forEach((item, i) => {
      const k = keys[i]!;
      const sig = signature?.(item);
      let entry = this.nodes.get(k);
      if (!entry || entry.signature !== sig) {
        const el = create(item);
        el.dataset.key = k;
        entry?.el.replaceWith(el);
        entry = { el, signature: sig };
        this.nodes.set(k, entry);
      }
      update?.(entry.el, item);
      const wanted: ChildNode | null = previous ? previous.nextSibling : this.container.firstChild;
      if (wanted !== entry.el) this.container.insertBefore(entry.el, wanted);
      previous = entry.el;
    });
  }

  /** Each node with its item's key, for per-second updates without a render. */
  *entries(): IterableIterator<[string, HTMLElement]> {
    for (const [k, { el }] of this.nodes) yield [k, el];
  }
}
