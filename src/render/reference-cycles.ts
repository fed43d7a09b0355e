import type { TableIR } from '../schema/ir.js'
import { tableKey } from '../schema/names.js'

/**
 * The tables whose foreign keys form a cycle (a self-reference included),
 * by `tableKey`, each mapped to its cycle's number. TypeScript cannot infer
 * the type of a `const` whose initializer reaches itself through another
 * table, so a reference inside a cycle is written with an explicit type.
 * Tarjan's strongly connected components, iterative: a schema may hold
 * thousands of tables.
 */
export function referenceCycles(tables: readonly TableIR[]): ReadonlyMap<string, number> {
  const edges = new Map<string, string[]>()
  for (const t of tables) edges.set(tableKey(t), [])
  const selfReferencing = new Set<string>()
  for (const t of tables) {
    const from = tableKey(t)
    for (const fk of t.foreignKeys) {
      const to = tableKey({ schema: fk.references.schema, name: fk.references.table })
      if (!edges.has(to)) continue
      if (to === from) selfReferencing.add(from)
      else edges.get(from)!.push(to)
    }
  }
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const result = new Map<string, number>()
  let counter = 0
  let component = 0
  for (const root of edges.keys()) {
    if (index.has(root)) continue
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }]
    index.set(root, counter)
    low.set(root, counter++)
    stack.push(root)
    onStack.add(root)
    while (work.length > 0) {
      const frame = work[work.length - 1]
      const targets = edges.get(frame.node)!
      if (frame.next < targets.length) {
        const to = targets[frame.next++]
        if (!index.has(to)) {
          index.set(to, counter)
          low.set(to, counter++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, next: 0 })
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!))
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1].node
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!))
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue
      const members: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        members.push(member)
      } while (member !== frame.node)
      if (members.length > 1 || selfReferencing.has(frame.node)) {
        for (const m of members) result.set(m, component)
        component++
      }
    }
  }
  return result
}
