import { describe, expect, it } from 'vitest'
import { TargetDirectionError, UnknownCurrentRevisionError } from '../src/revisions/errors.js'
import { RevisionGraph, type RevisionNode } from '../src/revisions/graph.js'
import { planStamp } from '../src/revisions/plan-stamp.js'
import { appliedRevisions, headsAfter, planDowngrade, planUpgrade, type MigrationStep } from '../src/revisions/plan.js'

function rev(
  id: string,
  down: string | readonly string[] | null = null,
  extra: { dependsOn?: string[]; branchLabels?: string[] } = {},
): RevisionNode {
  return {
    id,
    downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down,
    dependsOn: extra.dependsOn ?? [],
    branchLabels: extra.branchLabels ?? [],
  }
}

const up = (revision: string, removeVersions: string[], addVersions: string[]): MigrationStep => ({
  revision,
  direction: 'up',
  removeVersions,
  addVersions,
})
const down = (revision: string, removeVersions: string[], addVersions: string[]): MigrationStep => ({
  revision,
  direction: 'down',
  removeVersions,
  addVersions,
})

function errorOf(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

const linear = RevisionGraph.build([rev('a001'), rev('b002', 'a001'), rev('c003', 'b002')])

// a ─ b1 ─ b2        (branch "b")
//   └ c1 ─ c2        (branch "c")
const branchedNodes = [
  rev('a000'),
  rev('b001', 'a000', { branchLabels: ['b'] }),
  rev('b002', 'b001'),
  rev('c001', 'a000', { branchLabels: ['c'] }),
  rev('c002', 'c001'),
]
const branched = RevisionGraph.build(branchedNodes)
const merged = RevisionGraph.build([...branchedNodes, rev('m000', ['b002', 'c002'])])

describe('a linear chain', () => {
  it('upgrades from base, moving the single version row', () => {
    expect(planUpgrade(linear, [], 'head')).toEqual([
      up('a001', [], ['a001']),
      up('b002', ['a001'], ['b002']),
      up('c003', ['b002'], ['c003']),
    ])
  })

  it('treats everything below a current head as applied', () => {
    expect([...appliedRevisions(linear, ['b002'])].sort()).toEqual(['a001', 'b002'])
    expect(planUpgrade(linear, ['b002'], 'head')).toEqual([up('c003', ['b002'], ['c003'])])
    expect(planUpgrade(linear, ['c003'], 'head')).toEqual([])
    expect(planUpgrade(linear, ['c003'], 'a001')).toEqual([])
  })

  it('downgrades one step with -1, and to base removing the last row', () => {
    expect(planDowngrade(linear, ['c003'], '-1')).toEqual([down('c003', ['c003'], ['b002'])])
    expect(planDowngrade(linear, ['c003'], 'base')).toEqual([
      down('c003', ['c003'], ['b002']),
      down('b002', ['b002'], ['a001']),
      down('a001', ['a001'], []),
    ])
  })

  it('refuses targets that go the wrong way', () => {
    const upgradeDown = errorOf(() => planUpgrade(linear, ['c003'], '-1'))
    expect(upgradeDown).toBeInstanceOf(TargetDirectionError)
    expect(upgradeDown.message).toBe("target '-1' walks down from the current revision; use 'tsmig downgrade -1'")
    expect(errorOf(() => planDowngrade(linear, ['a001'], '+1')).message).toBe(
      "target '+1' walks up from the current revision; use 'tsmig upgrade +1'",
    )
    expect(errorOf(() => planDowngrade(linear, ['a001'], 'c003')).message).toBe(
      "target 'c003' is not applied ('c003'); a downgrade only reverts, use 'tsmig upgrade'",
    )
  })

  it('refuses a version row that names no revision', () => {
    expect(errorOf(() => planUpgrade(linear, ['gone'], 'head'))).toBeInstanceOf(UnknownCurrentRevisionError)
  })
})

describe('two branches off one revision', () => {
  it('upgrades each branch alone by label, leaving the sibling alone', () => {
    expect(planUpgrade(branched, [], 'b@head')).toEqual([
      up('a000', [], ['a000']),
      up('b001', ['a000'], ['b001']),
      up('b002', ['b001'], ['b002']),
    ])
    // c starts below a000, which stays under b's head: its first step only inserts.
    const steps = planUpgrade(branched, ['b002'], 'c@head')
    expect(steps).toEqual([up('c001', [], ['c001']), up('c002', ['c001'], ['c002'])])
    expect(headsAfter(['b002'], steps)).toEqual(['b002', 'c002'])
  })

  it('upgrades both with heads', () => {
    const steps = planUpgrade(branched, ['a000'], 'heads')
    expect(steps).toEqual([
      up('b001', ['a000'], ['b001']),
      up('b002', ['b001'], ['b002']),
      up('c001', [], ['c001']),
      up('c002', ['c001'], ['c002']),
    ])
    expect(headsAfter(['a000'], steps)).toEqual(['b002', 'c002'])
  })

  it('downgrades one branch, leaving the other alone', () => {
    expect(planDowngrade(branched, ['b002', 'c002'], 'b@-1')).toEqual([down('b002', ['b002'], ['b001'])])
    const steps = planDowngrade(branched, ['b002', 'c002'], 'b@base')
    // a000 stays under c002, so reverting b001 leaves no row for it.
    expect(steps).toEqual([down('b002', ['b002'], ['b001']), down('b001', ['b001'], [])])
    expect(headsAfter(['b002', 'c002'], steps)).toEqual(['c002'])
    expect(planDowngrade(branched, ['c002'], 'c@base')).toEqual([
      down('c002', ['c002'], ['c001']),
      down('c001', ['c001'], ['a000']),
    ])
  })

  it('downgrades to the branch point, unwinding both branches', () => {
    const steps = planDowngrade(branched, ['b002', 'c002'], 'a000')
    expect(steps).toEqual([
      down('c002', ['c002'], ['c001']),
      down('c001', ['c001'], []),
      down('b002', ['b002'], ['b001']),
      down('b001', ['b001'], ['a000']),
    ])
    expect(headsAfter(['b002', 'c002'], steps)).toEqual(['a000'])
  })
})

describe('a merge', () => {
  it('merges the two rows into one', () => {
    expect(planUpgrade(merged, ['b002', 'c002'], 'head')).toEqual([up('m000', ['b002', 'c002'], ['m000'])])
  })

  it('applies the missing branch before the merge', () => {
    expect(planUpgrade(merged, ['b002'], 'head')).toEqual([
      up('c001', [], ['c001']),
      up('c002', ['c001'], ['c002']),
      up('m000', ['b002', 'c002'], ['m000']),
    ])
  })

  it('unmerges on downgrade -1: one row becomes two', () => {
    expect(planDowngrade(merged, ['m000'], '-1')).toEqual([down('m000', ['m000'], ['b002', 'c002'])])
    expect(planDowngrade(merged, ['m000'], 'b@-1')).toEqual([down('m000', ['m000'], ['b002', 'c002'])])
  })

  it('downgrades across the merge into one branch', () => {
    const steps = planDowngrade(merged, ['m000'], 'b001')
    expect(steps).toEqual([down('m000', ['m000'], ['b002', 'c002']), down('b002', ['b002'], ['b001'])])
    expect(headsAfter(['m000'], steps)).toEqual(['c002', 'b001'])
  })

  it('unwinds everything with base', () => {
    expect(planDowngrade(merged, ['m000'], 'base')).toEqual([
      down('m000', ['m000'], ['b002', 'c002']),
      down('c002', ['c002'], ['c001']),
      down('c001', ['c001'], []),
      down('b002', ['b002'], ['b001']),
      down('b001', ['b001'], ['a000']),
      down('a000', ['a000'], []),
    ])
  })
})

describe('dependsOn', () => {
  // a ─ b ─ c        c dependsOn y
  // x ─ y            (branch "extra", its own root)
  const graph = RevisionGraph.build([
    rev('a001'),
    rev('b002', 'a001'),
    rev('x001', null, { branchLabels: ['extra'] }),
    rev('y002', 'x001'),
    rev('c003', 'b002', { dependsOn: ['y002'] }),
  ])

  it('pulls the other branch in on upgrade and folds its row into the dependent', () => {
    expect(planUpgrade(graph, ['b002'], 'c003')).toEqual([
      up('x001', [], ['x001']),
      up('y002', ['x001'], ['y002']),
      up('c003', ['b002', 'y002'], ['c003']),
    ])
  })

  it('takes dependents out when their dependency is reverted', () => {
    const steps = planDowngrade(graph, ['c003'], 'x001')
    expect(steps).toEqual([down('c003', ['c003'], ['b002', 'y002']), down('y002', ['y002'], ['x001'])])
    expect(headsAfter(['c003'], steps)).toEqual(['b002', 'x001'])
    expect(planDowngrade(graph, ['c003'], 'extra@base')).toEqual([
      down('c003', ['c003'], ['b002', 'y002']),
      down('y002', ['y002'], ['x001']),
      down('x001', ['x001'], []),
    ])
  })
})

describe('two roots', () => {
  const graph = RevisionGraph.build([rev('r001'), rev('r002', 'r001'), rev('s001'), rev('s002', 's001')])

  it('upgrades heads from base with one row per root', () => {
    const steps = planUpgrade(graph, [], 'heads')
    expect(steps).toEqual([
      up('r001', [], ['r001']),
      up('r002', ['r001'], ['r002']),
      up('s001', [], ['s001']),
      up('s002', ['s001'], ['s002']),
    ])
    expect(headsAfter([], steps)).toEqual(['r002', 's002'])
  })

  it('unwinds both with base', () => {
    expect(planDowngrade(graph, ['r002', 's002'], 'base')).toEqual([
      down('s002', ['s002'], ['s001']),
      down('s001', ['s001'], []),
      down('r002', ['r002'], ['r001']),
      down('r001', ['r001'], []),
    ])
  })
})

describe('planStamp', () => {
  it('moves the rows of the branches the target is on, keeping the others', () => {
    expect(planStamp(branched, ['b002', 'c002'], 'b001')).toEqual({
      removeVersions: ['b002'],
      addVersions: ['b001'],
      heads: ['b001', 'c002'],
    })
    expect(planStamp(branched, ['b002'], 'c001')).toEqual({ removeVersions: [], addVersions: ['c001'], heads: ['b002', 'c001'] })
    expect(planStamp(branched, ['b002', 'c002'], 'b@base')).toEqual({ removeVersions: ['b002'], addVersions: [], heads: ['c002'] })
    expect(planStamp(merged, ['b002', 'c002'], 'head')).toEqual({
      removeVersions: ['b002', 'c002'],
      addVersions: ['m000'],
      heads: ['m000'],
    })
  })

  it('clears the table for base', () => {
    expect(planStamp(branched, ['b002', 'c002'], 'base')).toEqual({ removeVersions: ['b002', 'c002'], addVersions: [], heads: [] })
  })

  it('purges rows no revision defines only when asked', () => {
    expect(errorOf(() => planStamp(branched, ['dead'], 'b002'))).toBeInstanceOf(UnknownCurrentRevisionError)
    expect(planStamp(branched, ['dead'], 'b002', { purge: true })).toEqual({
      removeVersions: ['dead'],
      addVersions: ['b002'],
      heads: ['b002'],
    })
  })
})

describe('a long chain', () => {
  it('plans 1,000 revisions up and back down', () => {
    const id = (index: number) => `r${String(index).padStart(11, '0')}`
    const graph = RevisionGraph.build(Array.from({ length: 1000 }, (_, index) => rev(id(index), index === 0 ? null : id(index - 1))))
    const steps = planUpgrade(graph, [], 'head')
    expect(steps).toHaveLength(1000)
    expect(steps[999]).toEqual(up(id(999), [id(998)], [id(999)]))
    expect(planDowngrade(graph, [id(999)], 'base')).toHaveLength(1000)
  })
})
