/**
 * Renders only the rows in view (plus a margin), so 10,000 monitors cost as much as 40. Rows have
 * one fixed height; the page itself scrolls, so the list's offset in the document is measured.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

const OVERSCAN = 8;

export function VirtualList<T>({
  items,
  rowHeight,
  render,
  onVisible,
}: {
  items: readonly T[];
  rowHeight: number;
  render(item: T, index: number): ComponentChildren;
  onVisible?(items: readonly T[]): void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState<[number, number]>([0, 40]);

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const el = box.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      const first = Math.max(0, Math.floor(-top / rowHeight) - OVERSCAN);
      const last = Math.min(items.length, Math.ceil((window.innerHeight - top) / rowHeight) + OVERSCAN);
      setRange((old) => (old[0] === first && old[1] === last ? old : [first, last]));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [items.length, rowHeight]);

  const [first, last] = range;
  const shown = items.slice(first, last);
  useEffect(() => onVisible?.(shown), [first, last, items]);

  return (
    <div ref={box} class="vlist" role="list" style={{ height: `${items.length * rowHeight}px` }}>
      <div style={{ transform: `translateY(${first * rowHeight}px)` }}>
        {shown.map((item, i) => (
          <div role="listitem" class="vrow" style={{ height: `${rowHeight}px` }} key={first + i}>
            {render(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
