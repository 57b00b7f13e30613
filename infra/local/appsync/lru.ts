// A bounded least-recently-used map keyed by text (a GraphQL document, a token): bounded by entries and by the
// total length of the keys kept, so keys that differ every time cannot grow it without limit. A key longer
// than a tenth of the length budget is not kept at all.
export class TextKeyedCache<T> {
  private entries = new Map<string, T>();
  private chars = 0;

  constructor(readonly maxEntries = 1000, readonly maxChars = 4_000_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Most recently used last: a Map iterates in insertion order.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: T): void {
    if (key.length > this.maxChars / 10) return;
    if (this.entries.delete(key)) this.chars -= key.length;
    this.entries.set(key, value);
    this.chars += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.chars -= key.length;
  }
}
