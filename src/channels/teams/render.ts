/**
 * Microsoft Teams through a Workflows ("Post to a channel when a webhook
 * request is received") URL: a message whose single attachment is an
 * Adaptive Card. Version 1.4 is what Teams renders everywhere today.
 */
import { describe, severityOf, type Severity } from '../message.js';
import type { ChannelOf, HttpRequest, Notification, RenderContext } from '../types.js';

const COLORS: Record<Severity, string> = { critical: 'Attention', warning: 'Warning', ok: 'Good', info: 'Accent' };

export function adaptiveCard(n: Notification, context: RenderContext) {
  const d = describe(n, context);
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: d.title, size: 'Large', weight: 'Bolder', color: COLORS[severityOf(n)], wrap: true },
      { type: 'TextBlock', text: d.headline, wrap: true },
      { type: 'TextBlock', text: d.reason, wrap: true, fontType: 'Monospace' },
      { type: 'FactSet', facts: d.facts.map((f) => ({ title: f.label, value: f.value })) },
    ],
    actions: d.links.map((l) => ({ type: 'Action.OpenUrl', title: l.label, url: l.url })),
    msteams: { width: 'Full' },
  };
}

export function render(n: Notification, config: ChannelOf<'teams'>, context: RenderContext): HttpRequest {
  const body = {
    type: 'message',
    // Teams shows `summary` in notifications and the activity feed.
    summary: describe(n, context).headline,
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: adaptiveCard(n, context) }],
  };
  return { method: 'POST', url: config.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
