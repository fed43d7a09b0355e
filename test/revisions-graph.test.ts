import { describe, expect, it } from 'vitest'
import {
  DuplicateBranchLabelError,
  DuplicateRevisionError,
  InvalidBranchLabelError,
  MissingRevisionReferenceError,
  RevisionCycleError,
  SelfReferenceError,
  UnknownCurrentRevisionError,
} from '../src/revisions/errors.js'
import { historyEntries } from '../src/revisions/graph-history.js'
import { RevisionGraph, type RevisionNode } from '../src/revisions/graph.js'
import { TsmigError } from '../src/errors.js'

function rev(
  id: string,
  down: string | readonly string[] | null = null,
  extra: { dependsOn?: string[]; branchLabels?: string[]; source?: string } = {},
): RevisionNode {
  return {
    id,
    downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down,
    dependsOn: extra.dependsOn ?? [],
    branchLabels: extra.branchLabels ?? [],
    ...(extra.source === undefined ? {} : { source: extra.source }),
  }
}

function errorOf(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

// a ─ b1 ─ b2        (branch "b")
//   └ c1 ─ c2        (branch "c")
const branched = [
  rev('a000', null),
  rev('b001', 'a000', { branchLabels: ['b'] }),
  rev('b002', 'b001'),
  rev('c001', 'a000', { branchLabels: ['c'] }),
  rev('c002', 'c001'),
]

describe('RevisionGraph', () => {
  it('describes a linear chain', () => {
    const graph = RevisionGraph.build([rev('c003', 'b002'), rev('a001'), rev('b002', 'a001')])
    expect(graph.heads).toEqual(['c003'])
    expect(graph.bases).toEqual(['a001'])
    expect(graph.branchPoints).toEqual([])
    expect(graph.mergePoints).toEqual([])
    expect(graph.topologicalOrder).toEqual(['a001', 'b002', 'c003'])
    expect([...graph.ancestors(['c003'])].sort()).toEqual(['a001', 'b002'])
    expect([...graph.descendants(['a001'], { inclusive: true })].sort()).toEqual(['a001', 'b002', 'c003'])
    expect(graph.get('b002')?.downRevisions).toEqual(['a001'])
    expect(graph.get('zzzz')).toBeUndefined()
    expect(graph.size).toBe(3)
  })

  it('finds branch points, merge points, children and labels', () => {
    const graph = RevisionGraph.build([...branched, rev('m000', ['b002', 'c002'])])
    expect(graph.heads).toEqual(['m000'])
    expect(graph.branchPoints).toEqual(['a000'])
    expect(graph.mergePoints).toEqual(['m000'])
    expect(graph.childrenOf('a000')).toEqual(['b001', 'c001'])
    expect(graph.parentsOf('m000')).toEqual(['b002', 'c002'])
    // A label covers its revision and everything above it; a merge joins both branches.
    expect([...graph.branchMembers('b')].sort()).toEqual(['b001', 'b002', 'm000'])
    expect(graph.labelsOf('m000')).toEqual(['b', 'c'])
    expect(graph.labelsOf('a000')).toEqual([])
    expect(graph.topologicalOrder).toEqual(['a000', 'b001', 'b002', 'c001', 'c002', 'm000'])
  })

  it('extends a label down a linear chain, stopping at a branch point', () => {
    const graph = RevisionGraph.build([
      rev('r001'),
      rev('r002', 'r001'),
      rev('r003', 'r002'),
      rev('r004', 'r003', { branchLabels: ['tip'] }),
      rev('s004', 'r002'),
    ])
    expect([...graph.branchMembers('tip')].sort()).toEqual(['r003', 'r004'])
  })

  it('keeps a revision that others only depend on a head, as Alembic does', () => {
    const graph = RevisionGraph.build([
      rev('a001'),
      rev('x001'),
      rev('b002', 'a001', { dependsOn: ['x001'] }),
    ])
    expect(graph.heads).toEqual(['x001', 'b002'])
    expect(graph.dependenciesOf('b002')).toEqual(['x001'])
    expect(graph.dependentsOf('x001')).toEqual(['b002'])
    expect([...graph.ancestors(['b002'])].sort()).toEqual(['a001', 'x001'])
    expect([...graph.ancestors(['b002'], { includeDependencies: false })]).toEqual(['a001'])
  })

  it('accepts a branch label in dependsOn', () => {
    const graph = RevisionGraph.build([rev('a001'), rev('x001', null, { branchLabels: ['extra'] }), rev('b002', 'a001', { dependsOn: ['extra'] })])
    expect(graph.dependenciesOf('b002')).toEqual(['x001'])
  })

  it('handles several roots', () => {
    const graph = RevisionGraph.build([rev('r001'), rev('r002', 'r001'), rev('s001'), rev('s002', 's001')])
    expect(graph.bases).toEqual(['r001', 's001'])
    expect(graph.heads).toEqual(['r002', 's002'])
    expect(historyEntries(graph).map((entry) => entry.revision)).toEqual(['s002', 's001', 'r002', 'r001'])
  })

  it('builds 1,000 revisions and lists their history', () => {
    const nodes = Array.from({ length: 1000 }, (_, index) =>
      rev(`r${String(index).padStart(11, '0')}`, index === 0 ? null : `r${String(index - 1).padStart(11, '0')}`),
    )
    const graph = RevisionGraph.build(nodes.reverse())
    expect(graph.heads).toEqual(['r00000000999'])
    expect(graph.topologicalOrder[0]).toBe('r00000000000')
    expect(historyEntries(graph)).toHaveLength(1000)
  })
})

describe('RevisionGraph errors', () => {
  it('rejects two files with one id, naming both files', () => {
    const error = errorOf(() =>
      RevisionGraph.build([rev('a001', null, { source: 'a001_one.ts' }), rev('a001', null, { source: 'a001_two.ts' })]),
    )
    expect(error).toBeInstanceOf(DuplicateRevisionError)
    expect(error).toBeInstanceOf(TsmigError)
    expect(error.message).toBe("revision 'a001' is defined twice: a001_one.ts and a001_two.ts")
  })

  it('rejects a revision that is its own downRevision', () => {
    const error = errorOf(() => RevisionGraph.build([rev('a001', 'a001', { source: 'a001_x.ts' })]))
    expect(error).toBeInstanceOf(SelfReferenceError)
    expect(error.message).toBe("revision 'a001' (a001_x.ts) names itself in downRevision")
  })

  it('rejects a revision that depends on itself', () => {
    const error = errorOf(() => RevisionGraph.build([rev('a001', null, { dependsOn: ['a001'] })]))
    expect(error).toBeInstanceOf(SelfReferenceError)
    expect(error.message).toBe("revision 'a001' names itself in dependsOn")
  })

  it('rejects a downRevision or dependsOn that names no revision, naming both', () => {
    const down = errorOf(() => RevisionGraph.build([rev('b002', 'gone', { source: 'b002_x.ts' })]))
    expect(down).toBeInstanceOf(MissingRevisionReferenceError)
    expect(down.message).toBe("revision 'b002' (b002_x.ts) has downRevision 'gone', which names no revision")
    const dependency = errorOf(() => RevisionGraph.build([rev('a001'), rev('b002', 'a001', { dependsOn: ['nope'] })]))
    expect(dependency.message).toBe("revision 'b002' has dependsOn 'nope', which names no revision")
  })

  it('rejects a cycle, listing its revisions', () => {
    const error = errorOf(() =>
      RevisionGraph.build([rev('a001'), rev('b002', ['a001', 'd004']), rev('c003', 'b002'), rev('d004', 'c003')]),
    )
    expect(error).toBeInstanceOf(RevisionCycleError)
    expect((error as RevisionCycleError).cycle.slice().sort()).toEqual(['b002', 'c003', 'd004'])
    expect(error.message).toMatch(/^revisions form a cycle: (\w+) -> \w+ -> \w+ -> \1$/)
  })

  it('rejects a cycle made through dependsOn', () => {
    const error = errorOf(() => RevisionGraph.build([rev('a001', null, { dependsOn: ['b002'] }), rev('b002', 'a001')]))
    expect(error).toBeInstanceOf(RevisionCycleError)
    expect(error.message).toMatch(/a001 -> b002 -> a001|b002 -> a001 -> b002/)
  })

  it('rejects a branch label used twice', () => {
    const error = errorOf(() =>
      RevisionGraph.build([
        rev('a001', null, { branchLabels: ['shop'], source: 'a001_a.ts' }),
        rev('b002', 'a001', { branchLabels: ['shop'], source: 'b002_b.ts' }),
      ]),
    )
    expect(error).toBeInstanceOf(DuplicateBranchLabelError)
    expect(error.message).toBe(
      "branch label 'shop' is declared by both revision 'a001' (a001_a.ts) and revision 'b002' (b002_b.ts)",
    )
  })

  it('rejects labels that the target grammar could not tell apart', () => {
    const keyword = errorOf(() => RevisionGraph.build([rev('a001', null, { branchLabels: ['heads'] })]))
    expect(keyword).toBeInstanceOf(InvalidBranchLabelError)
    expect(keyword.message).toBe("branch label 'heads' of revision 'a001' is not usable: 'heads' is a target keyword")
    const id = errorOf(() => RevisionGraph.build([rev('a001'), rev('b002', 'a001', { branchLabels: ['a001'] })]))
    expect(id.message).toBe("branch label 'a001' of revision 'b002' is not usable: it is also the id of a revision")
    const at = errorOf(() => RevisionGraph.build([rev('a001', null, { branchLabels: ['x@y'] })]))
    expect(at.message).toContain("it contains '@'")
  })

  it('rejects a version row that names no revision', () => {
    const graph = RevisionGraph.build(branched)
    const error = errorOf(() => historyEntries(graph, { currentHeads: ['dead'] }))
    expect(error).toBeInstanceOf(UnknownCurrentRevisionError)
    expect(error.message).toContain("the database is at revision 'dead', which no revision file defines")
  })
})

describe('historyEntries', () => {
  const graph = RevisionGraph.build([...branched, rev('m000', ['b002', 'c002'])])

  it('lists newest first with head, branchpoint, mergepoint and current markers', () => {
    expect(historyEntries(graph, { currentHeads: ['b002', 'c002'] })).toEqual([
      { revision: 'm000', markers: ['head', 'mergepoint'] },
      { revision: 'c002', markers: ['current'] },
      { revision: 'c001', markers: [] },
      { revision: 'b002', markers: ['current'] },
      { revision: 'b001', markers: [] },
      { revision: 'a000', markers: ['branchpoint'] },
    ])
  })

  it('limits the listing to a range', () => {
    const ids = (range: string) => historyEntries(graph, { range, currentHeads: ['c001'] }).map((entry) => entry.revision)
    expect(ids('b001:m000')).toEqual(['m000', 'b002', 'b001'])
    expect(ids(':b002')).toEqual(['b002', 'b001', 'a000'])
    expect(ids('c002:')).toEqual(['m000', 'c002'])
    expect(ids('current:')).toEqual(['m000', 'c002', 'c001'])
    expect(ids('b@base:b')).toEqual(['b001', 'a000'])
  })
})
