/** One palette for every channel that colours a message by how bad it is. */
import type { Severity } from './message.js';

export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#d1242f', warning: '#bf8700', ok: '#1a7f37', info: '#0969da' };
