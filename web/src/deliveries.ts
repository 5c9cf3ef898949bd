/**
 * What people were actually told about an open alert, from its deliveries: a channel counts as told
 * once it took a notification; queued, retrying and failed ones are named as such. Pure.
 */
import type { Alert, Delivery } from './types.js';

export type StepState = 'fired' | 'sending' | 'failed' | 'stopped' | 'waiting';

export interface ChannelOutcome {
  channel: string;
  state: Delivery['state'];
  /** The latest notification's delivery for this channel. */
  latest: Delivery;
}

const WORST: Delivery['state'][] = ['failed', 'retrying', 'queued'];

/**
 * One line per channel: delivered wins (the channel did hear of the problem); otherwise the most
 * telling of its undelivered notifications, so a page that keeps failing is not hidden behind a
 * later one still queued.
 */
export function channelOutcomes(deliveries: readonly Delivery[]): ChannelOutcome[] {
  const byChannel = new Map<string, Delivery[]>();
  for (const d of deliveries) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
  return [...byChannel].map(([channel, list]) => {
    const delivered = list.filter((d) => d.state === 'delivered');
    if (delivered.length) return { channel, state: 'delivered', latest: delivered[delivered.length - 1] as Delivery };
    const state = WORST.find((w) => list.some((d) => d.state === w)) ?? 'queued';
    const latest = list.filter((d) => d.state === state).at(-1) as Delivery;
    return { channel, state, latest };
  });
}

/** The notifications of escalation step `index`; a degraded or unknown announcement is the first step at lower urgency. */
function ofStep(deliveries: readonly Delivery[], index: number): Delivery[] {
  return deliveries.filter((d) => d.step === index || (index === 0 && d.step === null && (d.event === 'monitor.degraded' || d.event === 'monitor.unknown')));
}

/** What became of step `index` at one channel; undefined when nothing was sent there for it. */
export function stepChannelState(deliveries: readonly Delivery[], index: number, channel: string): Delivery['state'] | undefined {
  const sent = ofStep(deliveries, index).filter((d) => d.channel === channel);
  if (sent.length === 0) return undefined;
  return sent.some((d) => d.state === 'delivered') ? 'delivered' : (sent[sent.length - 1] as Delivery).state;
}

export function stepState(alert: Pick<Alert, 'escalation_steps_fired' | 'acknowledged' | 'deliveries'>, index: number): StepState {
  const sent = ofStep(alert.deliveries ?? [], index);
  if (sent.some((d) => d.state === 'delivered')) return 'fired';
  if (sent.length && sent.every((d) => d.state === 'failed')) return 'failed';
  if (sent.length) return 'sending';
  // Fired by the engine but nothing in the outbox for it (older tocsin, or pruned): say what the engine says.
  if (alert.escalation_steps_fired.includes(index)) return 'fired';
  return alert.acknowledged ? 'stopped' : 'waiting';
}

export const STEP_WORDS: Record<StepState, string> = {
  fired: 'sent',
  sending: 'sending: not delivered yet',
  failed: 'failed: no channel of this step took it',
  stopped: 'stopped by acknowledgement',
  waiting: 'pending',
};
