import type { EnumIR } from '../schema/ir.js'
import type { Change, CompareWarning } from './change.js'
import { insertValue } from '../ops/reverse.js'

function enumKey(e: { schema?: string; name: string }): string {
  return e.schema === undefined ? e.name : `${e.schema}\u0000${e.name}`
}

function displayEnum(e: EnumIR): string {
  return e.schema === undefined ? e.name : `${e.schema}.${e.name}`
}

/**
 * Enums: created, dropped, values added (`ADD VALUE`, placed where the model
 * has them); a removed or reordered value rebuilds the type (`recreateEnum`).
 */
export function compareEnums(
  db: readonly EnumIR[],
  model: readonly EnumIR[],
): { creates: Change[]; alters: Change[]; drops: Change[]; warnings: CompareWarning[] } {
  const dbByKey = new Map(db.map((e) => [enumKey(e), e]))
  const modelByKey = new Map(model.map((e) => [enumKey(e), e]))
  const creates: Change[] = []
  const alters: Change[] = []
  const drops: Change[] = []
  const warnings: CompareWarning[] = []
  for (const m of model) {
    const d = dbByKey.get(enumKey(m))
    if (!d) {
      creates.push({ op: { kind: 'createEnum', enum: m }, symbol: '+', object: displayEnum(m), reason: `enum added (${m.values.join(', ')})` })
      continue
    }
    const removed = d.values.filter((v) => !m.values.includes(v))
    const kept = m.values.filter((v) => d.values.includes(v))
    if (removed.length > 0 || kept.some((v, i) => v !== d.values[i])) {
      // ADD VALUE cannot remove or reorder: rebuild the type, converting the columns through text.
      alters.push({
        op: { kind: 'recreateEnum', schema: m.schema, name: m.name, values: m.values, old: d },
        symbol: '~',
        object: displayEnum(m),
        reason:
          removed.length > 0
            ? `value ${removed.map((v) => `'${v}'`).join(', ')} removed (type rebuilt; rows holding it make the upgrade fail)`
            : `values reordered (${d.values.join(', ')}) → (${m.values.join(', ')}) (type rebuilt)`,
      })
      continue
    }
    let current: readonly string[] = d.values
    m.values.forEach((value, i) => {
      if (d.values.includes(value)) return
      // Place the value where the model has it: after its predecessor, or before the first value.
      const position = i === 0 ? { before: m.values[1] } : { after: m.values[i - 1] }
      const appended = i === m.values.length - 1 && m.values.slice(0, i).every((v) => d.values.includes(v))
      const op = { kind: 'addEnumValue', schema: m.schema, name: m.name, value, ...(appended ? {} : position), old: { ...d, values: current } } as const
      current = insertValue(current, op)
      alters.push({
        op,
        symbol: '~',
        object: displayEnum(m),
        reason: `value '${value}' added`,
      })
    })
  }
  for (const d of db) {
    if (!modelByKey.has(enumKey(d))) {
      drops.push({ op: { kind: 'dropEnum', schema: d.schema, name: d.name, old: d }, symbol: '-', object: displayEnum(d), reason: 'enum dropped' })
    }
  }
  return { creates, alters, drops, warnings }
}
