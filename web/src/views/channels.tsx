/** Notification channels with their delivery health, and the API's own created, changed and deleted here; secrets read "••••" (the API never returns them). */
import { useState } from 'preact/hooks';
import { ApiError, post } from '../api.js';
import { useApi } from '../data.js';
import { ago, formatDuration, when } from '../format.js';
import { Problem } from '../parts/banner.js';
import { canWrite } from '../session.js';
import { say, session, useBox } from '../store.js';
import { ChannelForm, deleteChannel } from './channel-forms.js';
import { deletePolicy, PolicyForm } from './escalation-forms.js';
import type { Escalations, Step } from './monitor-related.js';

interface Channel {
  id: string;
  type: string;
  source?: 'config' | 'api';
  health: { failing_since: number | null; last_ok_at: number | null; last_failure_at: number | null; last_error: string | null } | null;
  [key: string]: unknown;
}

const HIDDEN = new Set(['id', 'type', 'health', 'source']);

export function Channels() {
  const answer = useApi<{ read_only: boolean; channels: Channel[] }>('/api/v1/channels', 30_000);
  const escalations = useApi<Escalations & { sources?: Record<string, 'config' | 'api'> }>('/api/v1/escalations');
  const [policyForm, setPolicyForm] = useState<string | null>(null);
  const channelIds = answer.data?.channels.map((c) => c.id) ?? [];
  const policyDone = () => (setPolicyForm(null), escalations.reload());
  const writer = canWrite(useBox(session).user);
  const [creating, setCreating] = useState(false);
  return (
    <section aria-labelledby="channels-h">
      <h1 id="channels-h">Channels</h1>
      <Problem error={answer.error} what="the channels" />
      {answer.data?.read_only && (
        <p class="note">
          Channels are defined under <code>channels:</code> in tocsin.yaml; secrets are write-only and show as ••••.{' '}
          <code>tocsin notify test &lt;channel&gt;</code> sends a test from the command line.
        </p>
      )}
      {answer.data && !answer.data.read_only && (
        <p class="note">
          Channels under <code>channels:</code> in tocsin.yaml are changed there; the others can be changed here. Secrets are write-only and show as ••••.
        </p>
      )}
      {answer.data && answer.data.channels.length === 0 && <p class="muted">No channels: nobody would hear about a failure. Add one here or to tocsin.yaml.</p>}
      {writer &&
        (creating ? (
          <ChannelForm onCancel={() => setCreating(false)} onDone={() => (setCreating(false), answer.reload())} />
        ) : (
          <button type="button" onClick={() => setCreating(true)}>
            New channel
          </button>
        ))}
      <h2 class="sr-only">Channel list</h2>
      <div class="cards">
        {answer.data?.channels.map((c) => (
          <ChannelCard key={c.id} channel={c} writer={writer} onChanged={answer.reload} />
        ))}
      </div>
      <h2>Escalation policies</h2>
      <Problem error={escalations.error} what="the escalation policies" />
      {writer &&
        (policyForm === '' ? (
          <PolicyForm channels={channelIds} onCancel={() => setPolicyForm(null)} onDone={policyDone} />
        ) : (
          <button type="button" onClick={() => setPolicyForm('')}>
            New policy
          </button>
        ))}
      <div class="cards">
        {Object.entries(escalations.data?.policies ?? {})
          .filter(([name, steps]) => name !== 'fallback' && Array.isArray(steps))
          .map(([name, steps]) =>
            policyForm === name ? (
              <PolicyForm
                key={name}
                existing={{ id: name, steps: steps as Step[] }}
                channels={channelIds}
                onCancel={() => setPolicyForm(null)}
                onDone={policyDone}
              />
            ) : (
              <div class="card" key={name} data-policy={name}>
                <div class="titlebar">
                  <h3>
                    {name} {escalations.data?.default === name && <span class="chip">default</span>}
                  </h3>
                  {escalations.data?.sources?.[name] === 'config' && <span class="chip">defined in tocsin.yaml</span>}
                  <span class="spacer" />
                  {writer && escalations.data?.sources?.[name] === 'api' && (
                    <>
                      <button type="button" onClick={() => setPolicyForm(name)}>
                        Edit
                      </button>
                      <button type="button" class="danger" onClick={() => void deletePolicy(name, escalations.reload)}>
                        Delete
                      </button>
                    </>
                  )}
                </div>
                <ol class="steps">
                  {(steps as { after: number; notify: string[] }[]).map((s, i) => (
                    <li key={i}>
                      {s.after ? `after ${formatDuration(s.after)}` : 'at once'} → {s.notify.join(', ')}
                    </li>
                  ))}
                </ol>
              </div>
            ),
          )}
      </div>
      {escalations.data && (
        <p class="small muted">
          Fallback (told when a channel keeps failing): {escalations.data.fallback.length ? escalations.data.fallback.join(', ') : 'none'}
        </p>
      )}
    </section>
  );
}

function ChannelCard({ channel: c, writer, onChanged }: { channel: Channel; writer: boolean; onChanged(): void }) {
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  if (editing) return <ChannelForm existing={c} onCancel={() => setEditing(false)} onDone={() => (setEditing(false), onChanged())} />;
  const failing = c.health?.failing_since;
  const test = async () => {
    setBusy(true);
    try {
      const answer = await post<{ ok?: boolean; message?: string }>(`/api/v1/channels/${encodeURIComponent(c.id)}/test`);
      // A refused test is an answer, not a failed request: show the receiver's words as a problem.
      say(answer?.message ?? `Test sent to ${c.id}`, answer?.ok === false ? 'error' : 'ok');
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(String(error), 0);
      say(e.message, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class={`card channel${failing ? ' failing' : ''}`} data-channel={c.id}>
      <div class="titlebar">
        <h3>{c.id}</h3>
        <span class="chip">{c.type}</span>
        {c.source === 'config' && (
          <span class="chip" title="Change it in tocsin.yaml">
            defined in tocsin.yaml
          </span>
        )}
        <span class="spacer" />
        {writer && (
          <button type="button" disabled={busy} onClick={() => void test()}>
            {busy ? 'Sending…' : 'Send test'}
          </button>
        )}
        {writer && c.source === 'api' && (
          <>
            <button type="button" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" class="danger" onClick={() => void deleteChannel(c.id, onChanged)}>
              Delete
            </button>
          </>
        )}
      </div>
      <p class={failing ? 'problem' : 'small'}>
        {failing
          ? `Failing since ${when(failing)}: ${c.health?.last_error ?? 'no answer'}`
          : c.health?.last_ok_at
            ? `Delivering: last success ${ago(c.health.last_ok_at)}`
            : 'Nothing delivered yet.'}
      </p>
      <dl class="settings">
        {Object.entries(c)
          .filter(([k]) => !HIDDEN.has(k))
          .map(([k, v]) => (
            <>
              <dt key={`${k}-t`}>{k}</dt>
              <dd key={`${k}-d`}>
                <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
              </dd>
            </>
          ))}
      </dl>
    </div>
  );
}
