/**
 * The items of a list looked up by name; of several items with one name, the
 * last wins, as in a Map built from the list. A comparison looks up every
 * column, index and constraint of a thousand tables, most of which have only
 * a handful: a short list is searched in place, which costs less than
 * hashing it into a Map; a long one gets a Map.
 */
export class ByName<T extends { readonly name: string }> {
  private static readonly searchedInPlace = 16
  private readonly map: Map<string, T> | undefined

  constructor(private readonly items: readonly T[]) {
    if (items.length > ByName.searchedInPlace) {
      this.map = new Map()
      for (const item of items) this.map.set(item.name, item)
    }
  }

  get(name: string): T | undefined {
    if (this.map !== undefined) return this.map.get(name)
    for (let i = this.items.length - 1; i >= 0; i--) {
      if (this.items[i].name === name) return this.items[i]
    }
    return undefined
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }
}
