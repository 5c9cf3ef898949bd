/**
 * Keeps static copies of status pages fresh: every page with `export_every` is written to its
 * directory that often, so a copy on another host or in object storage is at most that old when
 * the host running tocsin goes down. A failed export is logged and tried again on the next tick;
 * it never touches checks.
 */
import { dirname, join } from 'node:path';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { MaintenanceConfig, MonitorConfig, StatusPageConfig } from '../schema/config.js';
import { gatherPage } from '../web/status/gather.js';
import type { Db } from '../store/schema.js';
import { exportFiles, writeExport } from '../web/status/export.js';
import { storedLocationViews } from '../web/status/locations.js';

export interface ExportSource {
  db: Db;
  now: number;
  maintenance: readonly MaintenanceConfig[];
  /** The URL the copy will be read at, for the feeds' absolute links. */
  pageUrl?: string | undefined;
  /** The monitors' definitions: each location's status (names and statuses only) for those run in several places. */
  monitors?: readonly MonitorConfig[];
}

/** Gathers one page and writes it under `dir`; returns the files written. */
export async function exportPage(source: ExportSource, page: StatusPageConfig, dir: string): Promise<string[]> {
  const locations = source.monitors && (await storedLocationViews(source.db, page, source.monitors, source.now));
  const view = await gatherPage(source.db, page, source.maintenance, source.now, locations);
  return writeExport(dir, exportFiles(view, { pageUrl: source.pageUrl }));
}

/** `status_pages[].export_dir`, else `<root>/<slug>`. */
export function exportDirOf(page: StatusPageConfig, root: string): string {
  return page.export_dir ?? join(root, page.slug);
}

/** Beside the SQLite file (usually the data directory), else under the working directory. */
export function defaultExportRoot(databaseUrl: string): string {
  const file = /^sqlite:(?!:memory:)(.+)$/.exec(databaseUrl)?.[1];
  return file ? join(dirname(file), 'status-export') : 'status-export';
}

/** Pages whose copy is due: never written, or written `export_every` ago or longer. */
export function dueExports(pages: readonly StatusPageConfig[], lastAt: ReadonlyMap<string, number>, now: number): StatusPageConfig[] {
  return pages.filter((p) => p.export_every !== undefined && now - (lastAt.get(p.slug) ?? -Infinity) >= p.export_every);
}

export interface StatusExporterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Read on every tick, so a reload takes effect. */
  config: () => { status_pages: readonly StatusPageConfig[]; maintenance: readonly MaintenanceConfig[]; monitors?: readonly MonitorConfig[] };
  /** Where pages without export_dir go: <root>/<slug>. */
  root: string;
  tickMs?: number;
}

export class StatusExporter {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** When each page was last attempted; a failure waits a full period too, so a full disk is not hammered. */
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly deps: StatusExporterDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.deps.tickMs ?? 1000);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Exports every due page; overlapping ticks wait for the one in progress instead of racing it. */
  runOnce(): Promise<void> {
    this.running ??= this.exportDue().finally(() => (this.running = undefined));
    return this.running;
  }

  private async exportDue(): Promise<void> {
    const { status_pages: pages, maintenance, monitors } = this.deps.config();
    for (const page of dueExports(pages, this.lastAt, this.deps.clock.now())) {
      const now = this.deps.clock.now();
      this.lastAt.set(page.slug, now);
      const dir = exportDirOf(page, this.deps.root);
      try {
        await exportPage({ db: this.deps.db, now, maintenance, ...(monitors && { monitors }) }, page, dir);
        this.deps.logger.debug({ slug: page.slug, dir }, 'status page exported');
      } catch (error) {
        this.deps.logger.error(
          { slug: page.slug, dir },
          `status page "${page.slug}" could not be exported to ${dir}: ${(error as Error).message}; trying again in ${Math.round((page.export_every ?? 0) / 1000)} s`,
        );
      }
    }
  }
}
