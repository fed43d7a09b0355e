import type { OpOfKind } from '../ops/op.js'
import { insertValue } from '../ops/reverse.js'
import type { Change } from './change.js'
import { quoteString } from '../util/sql-quote.js'

type AddEnumValue = OpOfKind<'addEnumValue'>


/** Whether an op's SQL text (defaults, checks, predicates, expressions) mentions the literal. */
function mentions(change: Change, literals: readonly string[]): boolean {
  const text = JSON.stringify(change.op)
  return literals.some((l) => text.includes(JSON.stringify(l).slice(1, -1)))
}

/**
 * PostgreSQL cannot use an enum value added by `ALTER TYPE … ADD VALUE` in
 * the transaction that added it. When a revision adds values and uses one of
 * them (a default, a check, a predicate), that enum's additions become one
 * `recreateEnum`, which is transactional and usable at once.
 */
export function rebuildEnumsWhoseNewValuesAreUsed(changes: readonly Change[]): Change[] {
  const result: Change[] = []
  const handled = new Set<string>()
  for (const change of changes) {
    if (change.op.kind !== 'addEnumValue') {
      result.push(change)
      continue
    }
    const op = change.op
    const key = `${op.schema ?? ''}\u0000${op.name}`
    if (handled.has(key)) continue
    handled.add(key)
    const additions = changes.filter((c): c is Change & { op: AddEnumValue } => c.op.kind === 'addEnumValue' && c.op.name === op.name && c.op.schema === op.schema)
    const literals = additions.map((c) => quoteString(c.op.value))
    const used = changes.some((c) => c.op.kind !== 'addEnumValue' && mentions(c, literals))
    if (!used || op.old === undefined) {
      result.push(...additions)
      continue
    }
    const values = additions.reduce<readonly string[]>((list, c) => insertValue(list, c.op), op.old.values)
    result.push({
      op: { kind: 'recreateEnum', schema: op.schema, name: op.name, values, old: op.old },
      symbol: '~',
      object: change.object,
      reason: `${additions.map((c) => c.reason).join(', ')} (type rebuilt: a new value is used in the same revision)`,
    })
  }
  return result
}
