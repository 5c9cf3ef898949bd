/** The backup_age self monitor's thresholds follow `backup.every`: one missed backup warns, two are critical. */
import type { SelfMonitor } from '../checks/self/builtin.js';
import type { BackupConfig } from '../schema/config.js';

/** Slack for the backup's own run time and the verifying restore. */
const SLACK_MS = 3_600_000;

export function withBackupThresholds(monitors: SelfMonitor[], backup: BackupConfig | undefined): SelfMonitor[] {
  if (!backup) return monitors;
  return monitors.map((m) =>
    m.settings.metric === 'backup_age' ? { ...m, settings: { ...m.settings, warn: 2 * backup.every + SLACK_MS, critical: 3 * backup.every + SLACK_MS } } : m,
  );
}
