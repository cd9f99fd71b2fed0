/**
 * A list whose DOM nodes are reused by key: an item keeps its node while it stays, its node goes when
 * it goes, and nothing is rebuilt or re-listened on an update (the wall runs all day).
 */
export class KeyedList<T> {
  private readonly nodes = new Map<string, HTMLElement>();

  constructor(
    private readonly container: HTMLElement,
    private readonly key: (item: T) => string,
    private readonly create: (item: T) => HTMLElement,
    private readonly update: (el: HTMLElement, item: T) => void,
  ) {}

  render(items: readonly T[]): void {
    const seen = new Set<string>();
    let previous: HTMLElement | null = null;
    for (const item of items) {
      const k = this.key(item);
      seen.add(k);
      let el = this.nodes.get(k);
      if (!el) {
        el = this.create(item);
        el.dataset.key = k;
        this.nodes.set(k, el);
      }
      this.update(el, item);
      const wanted: ChildNode | null = previous ? previous.nextSibling : this.container.firstChild;
      if (wanted !== el) this.container.insertBefore(el, wanted);
      previous = el;
    }
    for (const [k, el] of this.nodes) {
      if (!seen.has(k)) {
        el.remove();
        this.nodes.delete(k);
      }
    }
  }

  /** Each node with its item's key, for per-second updates without re-rendering. */
  entries(): IterableIterator<[string, HTMLElement]> {
    return this.nodes.entries();
  }
}

/** Sets text only when it changed (saves layout work on a screen that updates every second). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  return e;
}
