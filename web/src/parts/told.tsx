/** "Told": the channels that took a notification of the episode, and the ones still trying or given up. */
import { channelOutcomes, stepChannelState } from '../deliveries.js';
import { ago } from '../format.js';
import type { Alert } from '../types.js';

export function Told({ alert }: { alert: Alert }) {
  const outcomes = channelOutcomes(alert.deliveries ?? []);
  const told = outcomes.filter((o) => o.state === 'delivered');
  const rest = outcomes.filter((o) => o.state !== 'delivered');
  return (
    <p class="small told" data-testid="told">
      <span>Told: {told.length ? told.map((o) => o.channel).join(', ') : 'nobody yet'}</span>
      {rest.map((o) => (
        <span key={o.channel} class={`chip delivery d-${o.state}`} data-delivery={o.channel} data-state={o.state} title={o.latest.last_error ?? undefined}>
          {o.channel}:{' '}
          {o.state === 'failed'
            ? 'failed'
            : o.state === 'retrying'
              ? `retrying (${attempts(o.latest.attempts)}${next(o.latest.next_attempt_at)})`
              : 'not sent yet'}
        </span>
      ))}
    </p>
  );
}

const attempts = (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`);

/** A due time in the past means the channel's circuit holds it until a probe gets through. */
function next(at: number | null): string {
  if (at === null) return '';
  return at > Date.now() ? `, next ${ago(at)}` : ', waiting for the channel to answer';
}

const MARK: Record<string, string> = { delivered: '✓', queued: '…', retrying: '…', failed: '✗' };

/** A step's channels, each marked with what became of it: "hook ✓, pager …". */
export function StepChannels({ alert, index, channels }: { alert: Alert | undefined; index: number; channels: string[] }) {
  return (
    <>
      {channels.map((c, i) => {
        const state = alert ? stepChannelState(alert.deliveries ?? [], index, c) : undefined;
        return (
          <span
            key={c}
            class={state ? `ch d-${state}` : 'ch'}
            data-channel-state={state ?? 'none'}
            title={state ? `${c}: ${state === 'queued' ? 'not sent yet' : state}` : undefined}
          >
            {i > 0 ? ', ' : ''}
            {c}
            {state ? ` ${MARK[state]}` : ''}
          </span>
        );
      })}
    </>
  );
}
