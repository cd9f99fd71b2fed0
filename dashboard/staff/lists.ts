/**
 * Keyed lists: a card is rebuilt only when its visit (or what it shows) changed, and moved rather than
 * recreated when the order changes — so a card does not vanish under a finger mid-tap.
 */
export class KeyedList<T extends { id: string }> {
  private readonly items = new Map<string, { signature: string; el: HTMLElement }>();

  constructor(
    readonly container: HTMLElement,
    private readonly make: (item: T) => HTMLElement,
    private readonly signature: (item: T) => string,
  ) {}

  render(list: T[]): void {
    const keep = new Set(list.map((i) => i.id));
    for (const [id, { el }] of this.items) {
      if (!keep.has(id)) {
        el.remove();
        this.items.delete(id);
      }
    }
    list.forEach((item, index) => {
      const sig = this.signature(item);
      let entry = this.items.get(item.id);
      if (!entry || entry.signature !== sig) {
        const el = this.make(item);
        entry?.el.replaceWith(el);
        entry = { signature: sig, el };
        this.items.set(item.id, entry);
      }
      const at = this.container.children[index];
      if (at !== entry.el) this.container.insertBefore(entry.el, at ?? null);
    });
  }
}
