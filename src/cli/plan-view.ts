/** How `tocsin plan` and `tocsin apply` print a plan: one line per object, one per changed field. Pure. */
import type { PlanEntry } from '../store/config-plan.js';
import { noun } from '../store/deletion-guard.js';

const SIGNS = { add: '+', change: '~', restore: '+', remove: '-' } as const;
const WORDS = { add: 'add', change: 'change', restore: 'restore', remove: 'remove' } as const;
const COLOURS = { add: '32', change: '33', restore: '36', remove: '31' } as const;
/** A long value (a script, a body) is cut: the plan says what changed, the file says the rest. */
const MAX_VALUE = 120;

export function formatPlan(entries: readonly PlanEntry[], colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines: string[] = [];
  for (const entry of entries) {
    const head = `${SIGNS[entry.action]} ${WORDS[entry.action].padEnd(8)}${noun(entry.kind)} ${entry.id}`;
    lines.push(
      paint(
        COLOURS[entry.action],
        head +
          (entry.action === 'restore'
            ? ' (removed earlier; its history is kept)'
            : entry.action === 'remove'
              ? ' (soft delete: restorable, history kept)'
              : ''),
      ),
    );
    for (const field of entry.fields ?? []) {
      lines.push(`    ${field.path}: ${shown(field.before)} → ${shown(field.after)}${field.secret ? ' (secret changed)' : ''}`);
    }
  }
  return `${lines.length > 0 ? `${lines.join('\n')}\n` : ''}${summary(entries)}\n`;
}

export function summary(entries: readonly PlanEntry[]): string {
  const n = (action: PlanEntry['action']) => entries.filter((e) => e.action === action).length;
  if (entries.length === 0) return 'nothing to do: the store matches the config file';
  return `${n('add')} to add, ${n('change')} to change, ${n('restore')} to restore, ${n('remove')} to remove`;
}

function shown(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}
