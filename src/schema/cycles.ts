/** Dependency cycles between monitors: a → b → a would let each silence the other forever. */
import { list, record, text, type Report } from './draft.js';

interface Node {
  index: number;
  deps: string[];
}

/** Reports each cycle once, at the depends_on entry that closes it, naming the whole loop. */
export function checkCycles(monitors: unknown[], report: Report): void {
  const nodes = new Map<string, Node>();
  monitors.forEach((value, index) => {
    const monitor = record(value);
    const id = text(monitor.id);
    if (id === undefined || nodes.has(id)) return;
    nodes.set(id, { index, deps: list(monitor.depends_on).map((dep) => (typeof dep === 'string' ? dep : '')) });
  });

  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();

  // Recursion depth is bounded by the number of monitors in one chain; iterative DFS would
  // only matter for chains tens of thousands long, which no config has.
  const visit = (id: string): void => {
    const node = nodes.get(id)!;
    stack.push(id);
    onStack.add(id);
    node.deps.forEach((dep, position) => {
      if (onStack.has(dep)) {
        const loop = [...stack.slice(stack.indexOf(dep)), dep];
        report(['monitors', node.index, 'depends_on', position], `dependency cycle: ${loop.join(' → ')}; remove one of these depends_on entries`);
      } else if (nodes.has(dep) && !done.has(dep)) {
        visit(dep);
      }
    });
    stack.pop();
    onStack.delete(id);
    done.add(id);
  };

  for (const id of nodes.keys()) if (!done.has(id)) visit(id);
}
