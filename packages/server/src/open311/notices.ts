// What a POST kept, shortened or dropped instead of refusing the whole report: optional fields
// never refuse it (docs/open311.md § POST requests). Each note is said in service_notice, in
// Chinese and English like the other notices.

export class Notices {
  readonly #items: string[] = [];

  add(zh: string, en: string): void {
    const note = `${zh} / ${en}`;
    if (!this.#items.includes(note)) this.#items.push(note);
  }

  get size(): number {
    return this.#items.length;
  }

  /** The service's own notice followed by the notes; null when there is neither. */
  notice(service: string | null): string | null {
    const all = [...(service ? [service] : []), ...this.#items];
    return all.length > 0 ? all.join('; ') : null;
  }
}
