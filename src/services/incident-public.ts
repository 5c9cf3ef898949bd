/**
 * A response incident made public (it links status page posts) tells the status page when its state
 * changes: investigating → identified → monitoring → resolved each post the state's public wording
 * (incidents.public_wording, or the words given with the change) as an update on every linked post
 * still open. The words come from the wording or the person changing the state, never from the
 * record's notes or title, which are written for responders. The change, the updates, their
 * subscriber messages and the timeline entries are one transaction; the caller re-renders the pages
 * and wakes subscriber delivery after it commits.
 */
import type { IncidentState, ResponseIncident } from '../core/incident/types.js';
import type { StatusPageConfig } from '../schema/config.js';
import { PUBLIC_WORDING } from '../schema/incidents.js';
import { getPost, type Post } from '../store/incidents.js';
import { inTransaction } from '../store/tx.js';
import { updatePost } from './incidents.js';
import { changeIncident, event, mustGet, type IncidentChange, type IncidentContext } from './incident-response.js';
import { publishPost } from './subscriptions.js';

export interface PublicUpdates {
  enabled: boolean;
  wording: Record<IncidentState, string>;
}

export interface AnnounceContext extends IncidentContext {
  pages: readonly StatusPageConfig[];
  publicUpdates: PublicUpdates;
}

/** For one change: the words to post instead of the wording, or false to post nothing. */
export type PublicUpdate = string | false | undefined;

export interface Announced {
  incident: ResponseIncident;
  /** The posts that got an update, for the caller to re-render and tell subscribers of. */
  posts: Post[];
}

export async function changeAndAnnounce(ctx: AnnounceContext, id: string, change: IncidentChange, words?: PublicUpdate): Promise<Announced> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await mustGet(trx, id);
    const incident = await changeIncident({ ...ctx, db: trx }, id, change);
    const posts: Post[] = [];
    if (incident.state === before.state || words === false || (words === undefined && !ctx.publicUpdates.enabled)) return { incident, posts };
    for (const postId of incident.posts) {
      const post = await getPost(trx, postId);
      // Maintenance, a post closed by hand, a page no longer configured: nothing to tell there.
      if (!post || post.kind !== 'incident' || post.resolvedAt !== null || !ctx.pages.some((p) => p.slug === post.page)) continue;
      const body = words ?? publicWords(ctx.publicUpdates.wording[incident.state], post.components.length ? post.components : incident.components);
      const updated = await publishPost({ db: trx, now: ctx.now, pages: ctx.pages, actor: ctx.actor, action: 'incident.update' }, (c) =>
        updatePost(c, post.id, { status: incident.state, body }),
      );
      await event(trx, id, ctx.now, 'post', ctx.actor.label, null, `status page "${post.page}" updated (${incident.state}): ${body}`);
      posts.push(updated);
    }
    return { incident, posts };
  });
}

/** "{components}" → "Mirrors and Docs"; with none named, "some of our services". */
export function publicWords(wording: string, components: readonly string[]): string {
  const names =
    components.length === 0
      ? 'some of our services'
      : components.length === 1
        ? components[0]!
        : `${components.slice(0, -1).join(', ')} and ${components[components.length - 1]!}`;
  return wording.replaceAll('{components}', names);
}

/** The running config's policy. */
export function publicUpdatesOf(config: { incidents?: { public_updates: boolean; public_wording: Record<IncidentState, string> } | undefined }): PublicUpdates {
  const incidents = config.incidents;
  return { enabled: incidents?.public_updates ?? true, wording: incidents?.public_wording ?? PUBLIC_WORDING };
}
