import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../engine/subscriber-delivery.js';
import type { Post } from '../../store/incidents.js';
import type { Subscriber } from '../../store/subscribers.js';
import { concerns, linksFor, postNotice, renderMail, renderWebhook, subjectOf, type SubscriberNotice } from './subscriber-messages.js';

const AT = Date.UTC(2026, 4, 12, 14, 30);
const PAGE = { slug: 'public', title: 'Example CI' };

const post = (over: Partial<Post> = {}): Post => ({
  id: 'p1',
  page: 'public',
  kind: 'incident',
  title: 'Mirrors slow',
  impact: 'major',
  status: 'identified',
  components: ['Mirrors'],
  startsAt: AT - 60_000,
  endsAt: null,
  resolvedAt: null,
  createdAt: AT - 60_000,
  updatedAt: AT,
  updates: [
    { id: 'u2', status: 'identified', body: 'A **full disk**.', at: AT },
    { id: 'u1', status: 'investigating', body: 'Looking.', at: AT - 60_000 },
  ],
  ...over,
});

const subscriber: Subscriber = {
  id: 's1',
  page: 'public',
  kind: 'email',
  address: 'ana@example.org',
  components: null,
  token: 'tok_123',
  confirmedAt: AT,
  createdAt: AT,
};
const links = linksFor(subscriber, 'https://status.example.org/');

describe('postNotice', () => {
  const cases: [string, Post, string | undefined][] = [
    ['a new incident', post({ updates: post().updates.slice(1) }), 'incident.created'],
    ['an incident update', post(), 'incident.updated'],
    ['new maintenance', post({ kind: 'maintenance', updates: post().updates.slice(1) }), 'maintenance.scheduled'],
    ['a maintenance update', post({ kind: 'maintenance' }), 'maintenance.updated'],
    ['a post without updates', post({ updates: [] }), undefined],
  ];
  for (const [what, p, event] of cases) {
    it(`names ${what} ${event ?? 'nothing'}`, () => {
      const notice = postNotice(p, PAGE);
      expect(notice?.type === 'post' ? notice.event : undefined).toBe(event);
    });
  }
});

describe('concerns', () => {
  const cases: [string, string[] | null, string[], boolean][] = [
    ['a whole-page subscriber hears of everything', null, ['Docs'], true],
    ['a post naming no component concerns everyone', ['Mirrors'], [], true],
    ['a chosen component that is affected', ['Mirrors', 'Docs'], ['Docs'], true],
    ['a post only about other components', ['Mirrors'], ['Docs'], false],
  ];
  for (const [what, chosen, affected, expected] of cases) it(what, () => expect(concerns({ components: chosen }, { components: affected })).toBe(expected));
});

describe('rendering', () => {
  const notice = postNotice(post(), PAGE) as SubscriberNotice;

  it('subjects name the page, the post and its new status', () => {
    expect(subjectOf(notice)).toBe('[Example CI status] Mirrors slow: Identified');
    expect(subjectOf({ type: 'confirm', page: PAGE, components: null })).toBe('Confirm your subscription to Example CI status');
  });

  it('builds links from the base URL and the current token', () => {
    expect(links).toEqual({
      page: 'https://status.example.org/status/public',
      confirm: 'https://status.example.org/status/public/subscribe/confirm?token=tok_123',
      unsubscribe: 'https://status.example.org/status/public/unsubscribe?token=tok_123',
    });
  });

  it('mails the update as text and HTML with one-click unsubscribe headers', () => {
    const mail = renderMail('u2.s1', notice, subscriber, links, 'Status <status@example.org>', AT);
    expect(mail.to).toEqual(['ana@example.org']);
    expect(mail.text).toBe(
      [
        'Mirrors slow',
        'Identified · 12 May 2026 14:30 UTC',
        '',
        'A full disk.',
        '',
        'Incident since 12 May 2026 14:29 UTC',
        'Affects: Mirrors',
        '',
        'Status page: https://status.example.org/status/public#p-p1',
        '',
        '-- ',
        'Unsubscribe with one click: https://status.example.org/status/public/unsubscribe?token=tok_123',
        '',
      ].join('\n'),
    );
    expect(mail.html).toContain('<p>A <strong>full disk</strong>.</p>');
    expect(mail.headers).toEqual({
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
      'List-Unsubscribe': '<https://status.example.org/status/public/unsubscribe?token=tok_123>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Tocsin-Page': 'public',
    });
    expect(mail.inReplyTo).toBe('<p1@example.org>');
    expect(mail.references).toBe('<p1@example.org>');
    expect(mail.messageId).toBe('<u2.s1@example.org>');
  });

  it('posts webhooks the exact JSON, with an id that stays the same across retries', () => {
    const request = renderWebhook('u2.s9', notice, { ...subscriber, kind: 'webhook', address: 'https://hooks.example.org/x' }, links, AT);
    expect(request).toMatchObject({ method: 'POST', url: 'https://hooks.example.org/x', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      event: 'incident.updated',
      id: 'u2.s9',
      at: '2026-05-12T14:30:00.000Z',
      page: { slug: 'public', title: 'Example CI', url: 'https://status.example.org/status/public' },
      incident: {
        id: 'p1',
        kind: 'incident',
        title: 'Mirrors slow',
        impact: 'major',
        status: 'identified',
        components: ['Mirrors'],
        url: 'https://status.example.org/status/public#p-p1',
        starts_at: '2026-05-12T14:29:00.000Z',
        ends_at: null,
        resolved_at: null,
      },
      update: { id: 'u2', status: 'identified', body: 'A **full disk**.', at: '2026-05-12T14:30:00.000Z' },
      unsubscribe_url: 'https://status.example.org/status/public/unsubscribe?token=tok_123',
    });
  });
});

describe('retryDelay', () => {
  const cases: [number, number, number][] = [
    [1, 0.5, 5000],
    [2, 0.5, 10_000],
    [4, 0.5, 40_000],
    [20, 0.5, 3_600_000],
    [1, 0, 4000],
    [1, 1, 6000],
  ];
  for (const [attempts, random, expected] of cases)
    it(`waits ${expected} ms after ${attempts} attempts (random ${random})`, () => expect(retryDelay(attempts, random)).toBe(expected));
});
