import { describe, expect, it } from 'vitest'
import {
  AmbiguousRevisionError,
  MultipleHeadsError,
  RelativeWalkError,
  UnknownTargetError,
} from '../src/revisions/errors.js'
import { RevisionGraph, type RevisionNode } from '../src/revisions/graph.js'
import { parseRange } from '../src/revisions/target-range.js'
import { parseTarget, resolveTarget } from '../src/revisions/targets.js'

function rev(id: string, down: string | readonly string[] | null = null, branchLabels: string[] = []): RevisionNode {
  return { id, downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down, dependsOn: [], branchLabels }
}

function errorOf(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

const linear = RevisionGraph.build([rev('abcd1111'), rev('abcd2222', 'abcd1111'), rev('abce3333', 'abcd2222')])

// a ─ b1 ─ b2        (branch "b")
//   └ c1 ─ c2        (branch "c")
const branchedNodes = [
  rev('a000'),
  rev('b001', 'a000', ['b']),
  rev('b002', 'b001'),
  rev('c001', 'a000', ['c']),
  rev('c002', 'c001'),
]
const branched = RevisionGraph.build(branchedNodes)
const merged = RevisionGraph.build([...branchedNodes, rev('m000', ['b002', 'c002'])])

const ids = (graph: RevisionGraph, target: string, current: string[] = []) =>
  resolveTarget(graph, target, current).revisions

describe('parseTarget', () => {
  it('reads every form of the grammar', () => {
    expect(parseTarget('head')).toEqual({ kind: 'head' })
    expect(parseTarget('heads')).toEqual({ kind: 'heads' })
    expect(parseTarget('base')).toEqual({ kind: 'base' })
    expect(parseTarget('abcd')).toEqual({ kind: 'revision', ref: 'abcd' })
    expect(parseTarget('+2')).toEqual({ kind: 'relative', steps: 2 })
    expect(parseTarget('-1')).toEqual({ kind: 'relative', steps: -1 })
    expect(parseTarget('head-3')).toEqual({ kind: 'headRelative', steps: -3 })
    expect(parseTarget('abcd+2')).toEqual({ kind: 'revisionRelative', ref: 'abcd', steps: 2 })
    expect(parseTarget('abcd-12')).toEqual({ kind: 'revisionRelative', ref: 'abcd', steps: -12 })
    expect(parseTarget('shop@head')).toEqual({ kind: 'branchHead', ref: 'shop' })
    expect(parseTarget('shop@base')).toEqual({ kind: 'branchBase', ref: 'shop' })
    expect(parseTarget('shop@+1')).toEqual({ kind: 'branchRelative', ref: 'shop', steps: 1 })
    expect(parseTarget('shop@-2')).toEqual({ kind: 'branchRelative', ref: 'shop', steps: -2 })
  })

  it('rejects malformed targets', () => {
    expect(errorOf(() => parseTarget('shop@tip')).message).toBe(
      "unknown revision target 'shop@tip' (after '@' use 'head', 'base', '+N' or '-N')",
    )
    expect(errorOf(() => parseTarget('+0')).message).toBe(
      "unknown revision target '+0' (a relative step count must be at least 1)",
    )
    expect(errorOf(() => parseTarget('@head'))).toBeInstanceOf(UnknownTargetError)
    expect(errorOf(() => parseTarget('heads-1'))).toBeInstanceOf(UnknownTargetError)
    expect(errorOf(() => parseTarget(''))).toBeInstanceOf(UnknownTargetError)
  })

  it('splits ranges', () => {
    expect(parseRange('abcd:head')).toEqual({ lower: 'abcd', upper: 'head' })
    expect(parseRange(':b@head')).toEqual({ lower: undefined, upper: 'b@head' })
    expect(parseRange('abcd:')).toEqual({ lower: 'abcd', upper: undefined })
    expect(errorOf(() => parseRange('a:b:c'))).toBeInstanceOf(UnknownTargetError)
  })
})

describe('resolveTarget: keywords and ids', () => {
  it('resolves head, heads and base', () => {
    expect(ids(linear, 'head')).toEqual(['abce3333'])
    expect(ids(branched, 'heads')).toEqual(['b002', 'c002'])
    expect(ids(branched, 'base')).toEqual([])
    expect(ids(RevisionGraph.build([]), 'head')).toEqual([])
  })

  it('refuses head when there are several heads, pointing at the ways out', () => {
    const error = errorOf(() => ids(branched, 'head'))
    expect(error).toBeInstanceOf(MultipleHeadsError)
    expect(error.message).toBe(
      "target 'head' is ambiguous: there are 2 heads ('b002', 'c002'); use 'heads' for all of them, " +
        "'<branch>@head' for one branch, or 'tsmig merge' to join them",
    )
    expect(errorOf(() => ids(branched, 'head-1'))).toBeInstanceOf(MultipleHeadsError)
  })

  it('resolves full ids, unique prefixes of four or more characters, and labels', () => {
    expect(ids(linear, 'abcd2222')).toEqual(['abcd2222'])
    expect(ids(linear, 'abce')).toEqual(['abce3333'])
    expect(ids(branched, 'b')).toEqual(['b001'])
  })

  it('lists the candidates of an ambiguous partial id', () => {
    const error = errorOf(() => ids(linear, 'abcd'))
    expect(error).toBeInstanceOf(AmbiguousRevisionError)
    expect(error.message).toBe("revision 'abcd' is ambiguous; it matches 'abcd1111', 'abcd2222'")
  })

  it('rejects unknown targets and too-short prefixes', () => {
    const unknown = errorOf(() => ids(linear, 'ffff'))
    expect(unknown).toBeInstanceOf(UnknownTargetError)
    expect(unknown.message).toBe("unknown revision target 'ffff'")
    expect(errorOf(() => ids(linear, 'abc')).message).toBe(
      "unknown revision target 'abc' (partial revision ids need at least 4 characters)",
    )
    expect(errorOf(() => ids(branched, 'zz@base')).message).toBe(
      "unknown revision target 'zz@base' ('zz' is not a branch label)",
    )
  })

  it('prefers an exact label over the relative grammar', () => {
    const graph = RevisionGraph.build([rev('a001'), rev('b002', 'a001', ['v-1'])])
    expect(ids(graph, 'v-1')).toEqual(['b002'])
  })
})

describe('resolveTarget: relative walks', () => {
  it('walks +N and -N from the current head', () => {
    expect(ids(linear, '+1', ['abcd1111'])).toEqual(['abcd2222'])
    expect(ids(linear, '+2', [])).toEqual(['abcd2222'])
    expect(ids(linear, '-1', ['abcd2222'])).toEqual(['abcd1111'])
    expect(ids(linear, '-1', ['abcd1111'])).toEqual([])
    expect(resolveTarget(linear, '-1', ['abcd2222']).walked).toBe('down')
  })

  it('walks from a revision and from head', () => {
    expect(ids(linear, 'abcd1111+2')).toEqual(['abce3333'])
    expect(ids(linear, 'abce-1')).toEqual(['abcd2222'])
    expect(ids(linear, 'head-2')).toEqual(['abcd1111'])
    expect(ids(linear, 'head-3')).toEqual([])
  })

  it('refuses to walk past the end', () => {
    const up = errorOf(() => ids(linear, '+3', ['abcd1111']))
    expect(up).toBeInstanceOf(RelativeWalkError)
    expect(up.message).toBe(
      "cannot resolve relative target '+3': 'abce3333' is a head; the walk goes past the end after 2 of 3 steps",
    )
    const down = errorOf(() => ids(linear, '-2', ['abcd1111']))
    expect(down.message).toBe("cannot resolve relative target '-2': the walk goes past base after 1 of 2 steps")
    expect(errorOf(() => ids(linear, 'head-4'))).toBeInstanceOf(RelativeWalkError)
  })

  it('refuses to walk across a fork', () => {
    const error = errorOf(() => ids(branched, '+1', ['a000']))
    expect(error).toBeInstanceOf(RelativeWalkError)
    expect(error.message).toBe(
      "cannot resolve relative target '+1': 'a000' is a branch point with children 'b001', 'c001'; " +
        "the walk would cross a fork, so name one of them or use '<branch>@+N'",
    )
    expect(errorOf(() => ids(branched, '-1', ['b002', 'c002'])).message).toBe(
      "cannot resolve relative target '-1': the database has several heads ('b002', 'c002'); " +
        "use '<branch>@-N' or '<rev>-N'",
    )
  })

  it('walks down from a merge point onto all of its parents, and no further', () => {
    expect(ids(merged, '-1', ['m000'])).toEqual(['b002', 'c002'])
    expect(ids(merged, 'head-1')).toEqual(['b002', 'c002'])
    const error = errorOf(() => ids(merged, '-2', ['m000']))
    expect(error).toBeInstanceOf(RelativeWalkError)
    expect(error.message).toContain("it reaches several revisions ('b002', 'c002'), the parents of a merge point")
  })
})

describe('resolveTarget: branches', () => {
  it('resolves <label>@head and <rev>@head', () => {
    expect(resolveTarget(branched, 'b@head')).toEqual({ text: 'b@head', revisions: ['b002'], branch: 'b', walked: null })
    expect(ids(branched, 'b001@head')).toEqual(['b002'])
    expect(resolveTarget(branched, 'b001@head').branch).toBeNull()
    expect(errorOf(() => ids(branched, 'a000@head'))).toBeInstanceOf(MultipleHeadsError)
  })

  it('resolves <label>@base to the state just below the branch', () => {
    expect(resolveTarget(branched, 'c@base')).toEqual({ text: 'c@base', revisions: ['a000'], branch: 'c', walked: null })
  })

  it('walks <label>@+N from where the database is on that branch', () => {
    expect(ids(branched, 'b@+1', ['a000'])).toEqual(['b001'])
    expect(ids(branched, 'b@+2', [])).toEqual(['b002'])
    expect(ids(branched, 'c@+1', ['b002', 'c001'])).toEqual(['c002'])
    expect(errorOf(() => ids(branched, 'b@+1', ['b002'])).message).toBe(
      "cannot resolve relative target 'b@+1': 'b002' is a head of branch 'b'; the walk goes past the end after 0 of 1 steps",
    )
  })

  it('walks <label>@-N down the branch and stops below its first revision', () => {
    expect(ids(branched, 'b@-1', ['b002', 'c002'])).toEqual(['b001'])
    expect(resolveTarget(branched, 'b@-2', ['b002', 'c002'])).toEqual({
      text: 'b@-2',
      revisions: ['a000'],
      branch: 'b',
      walked: 'down',
    })
    expect(errorOf(() => ids(branched, 'b@-3', ['b002', 'c002'])).message).toBe(
      "cannot resolve relative target 'b@-3': the walk goes past the base of branch 'b' after 2 of 3 steps",
    )
    // Through a merge, the walk stays on the named branch.
    expect(ids(merged, 'c@-1', ['m000'])).toEqual(['c002'])
  })
})
