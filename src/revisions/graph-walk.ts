/** Edge function of a revision graph: the neighbours of a revision in one direction. */
export type Neighbours = (id: string) => readonly string[]

/**
 * Every revision reachable from `starts` through `next`, the starts included.
 * Linear in the size of what it reaches; the graph is known to be acyclic
 * by the time this runs, but the visited set makes it safe regardless.
 */
export function reachable(starts: Iterable<string>, next: Neighbours): Set<string> {
  const seen = new Set<string>()
  const stack: string[] = []
  for (const start of starts) {
    if (!seen.has(start)) {
      seen.add(start)
      stack.push(start)
    }
  }
  while (stack.length > 0) {
    const id = stack.pop() as string
    for (const neighbour of next(id)) {
      if (!seen.has(neighbour)) {
        seen.add(neighbour)
        stack.push(neighbour)
      }
    }
  }
  return seen
}

/**
 * Depth-first post-order from `starts` along `next`, visiting only revisions
 * that `include` accepts (and not walking past the rest). With `next` = parents
 * this lists every revision after all of its included parents — a topological
 * order that finishes one branch before starting the next, as a reader expects.
 * Iterative so that a 10,000-revision chain does not overflow the call stack.
 */
export function postOrder(
  starts: Iterable<string>,
  next: Neighbours,
  include: (id: string) => boolean = () => true,
): string[] {
  const order: string[] = []
  const seen = new Set<string>()
  const stack: { id: string; index: number }[] = []
  for (const start of starts) {
    if (seen.has(start) || !include(start)) continue
    seen.add(start)
    stack.push({ id: start, index: 0 })
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const neighbours = next(frame.id)
      if (frame.index < neighbours.length) {
        const neighbour = neighbours[frame.index++]
        if (!seen.has(neighbour) && include(neighbour)) {
          seen.add(neighbour)
          stack.push({ id: neighbour, index: 0 })
        }
      } else {
        stack.pop()
        order.push(frame.id)
      }
    }
  }
  return order
}

/**
 * Like `postOrder` over every revision, but fails on a cycle: returns the
 * revisions on the cycle (each followed by one of its `next` neighbours, the
 * last one's neighbour being the first) instead of an order.
 */
export function postOrderOrCycle(
  starts: readonly string[],
  next: Neighbours,
): { readonly order: string[] } | { readonly cycle: string[] } {
  const order: string[] = []
  // Absent = unvisited, 1 = on the current path, 2 = finished.
  const state = new Map<string, 1 | 2>()
  const stack: { id: string; index: number }[] = []
  for (const start of starts) {
    if (state.has(start)) continue
    state.set(start, 1)
    stack.push({ id: start, index: 0 })
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      const neighbours = next(frame.id)
      if (frame.index < neighbours.length) {
        const neighbour = neighbours[frame.index++]
        const seen = state.get(neighbour)
        if (seen === 1) {
          const from = stack.findIndex((entry) => entry.id === neighbour)
          return { cycle: stack.slice(from).map((entry) => entry.id) }
        }
        if (seen === undefined) {
          state.set(neighbour, 1)
          stack.push({ id: neighbour, index: 0 })
        }
      } else {
        stack.pop()
        state.set(frame.id, 2)
        order.push(frame.id)
      }
    }
  }
  return { order }
}
