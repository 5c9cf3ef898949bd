/** The facts a status page shows, gathered once and rendered to HTML, JSON, feeds and badges. */
import type { ComponentLevel, ComponentState, DayBar } from '../../core/status-page.js';
import type { Post } from '../../store/incidents.js';
import type { LocationStatus } from './locations.js';

export interface ComponentView {
  /** Stable id for anchors and JSON, made from the name. */
  id: string;
  name: string;
  group: string | undefined;
  state: ComponentState;
  /** For state `unknown`: no monitor judged yet (pending), or a check that cannot judge (unknown). */
  unknownBecause?: 'pending' | 'unknown';
  /** When the current trouble began, if any. */
  since: number | undefined;
  /** Earliest and latest moment one of its monitors entered its current status; undefined before any judged. */
  firstSeen?: number | undefined;
  changedAt?: number | undefined;
  bars: DayBar[];
  /** Over the bars' days; null with no runs. */
  uptime: number | null;
  /** Each location's status, for a component whose monitors run in several locations. */
  locations?: LocationStatus[];
}

export interface PageView {
  slug: string;
  title: string;
  description: string | undefined;
  logo: string | undefined;
  level: ComponentLevel;
  components: ComponentView[];
  /** Open incidents, newest first. */
  active: Post[];
  /** Maintenance not yet completed: in progress or upcoming. */
  maintenance: Post[];
  /** Incidents and maintenance closed within the last 14 days. */
  resolved: Post[];
  generatedAt: number;
}

/** "Example status", but "Example Corp status" stays as it is rather than "… status status". */
export function pageName(title: string): string {
  return /\bstatus$/i.test(title.trim()) ? title.trim() : `${title.trim()} status`;
}

/** Maintenance windows from tocsin.yaml are shown as posts but not stored: they have no permalink. */
export function hasPermalink(id: string): boolean {
  return !id.startsWith('config-');
}

export function componentId(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'component'
  );
}
