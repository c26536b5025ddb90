import { describe, expect, it } from 'vitest';
import { profileChange } from '../profiles';
import { fieldChanges, plannedEvents, webhookBody, type ProfileValuesAfter } from './webhook-event-plan';

const everything = () => true;
const after = (parts: Partial<ProfileValuesAfter> = {}): ProfileValuesAfter => ({ traits: new Map(), computed: new Map(), consents: new Map(), segmentNames: new Map(), ...parts });

describe('webhook event planning', () => {
  it('lists each changed key with its value before and after, null for keys that came or went', () => {
    expect(fieldChanges({ email: 'a@x.cn', city: 'Hangzhou', tags: ['a'] }, { email: 'b@x.cn', tags: ['a'], phone: '+8613800000000' })).toEqual({
      city: { before: 'Hangzhou', after: null },
      email: { before: 'a@x.cn', after: 'b@x.cn' },
      phone: { before: null, after: '+8613800000000' },
    });
  });

  it('orders a profile\'s events created, updated, split, segment moves, merged, and skips profiles merged away', () => {
    const change = profileChange({
      changed: ['prof_a', 'prof_b', 'prof_new'],
      created: ['prof_new'],
      merged: [{ profileId: 'prof_gone', survivorId: 'prof_a' }],
      split: [{ profileId: 'prof_b', createdProfileId: 'prof_new' }],
      segments: [{ segmentId: 'seg_1', profileId: 'prof_a', change: 'entered' }],
      traitsBefore: new Map([['prof_a', { email: 'old@x.cn' }], ['prof_b', { city: 'Beijing' }]]),
    });
    const events = plannedEvents(
      change,
      after({ traits: new Map([['prof_a', { email: 'new@x.cn' }], ['prof_b', { city: 'Beijing' }], ['prof_new', { email: 'n@x.cn' }]]), segmentNames: new Map([['seg_1', 'VIP']]) }),
      everything,
    );
    expect(events.map((event) => `${event.type} ${event.subject}`)).toEqual([
      'profile.created prof_new',
      'profile.updated prof_a',
      'profile.split prof_b',
      'segment.entered prof_a',
      'profile.merged prof_gone',
    ]);
    expect(events[1]!.data).toEqual({ changes: { traits: { email: { before: 'old@x.cn', after: 'new@x.cn' } } } });
    expect(events[4]).toMatchObject({ data: { survivorId: 'prof_a' }, membershipProfileId: 'prof_a' });
    expect(events[3]!.data).toEqual({ segmentId: 'seg_1', segmentName: 'VIP' });
  });

  it('reports computed-trait changes, and nothing for a profile whose values all stayed', () => {
    const change = profileChange({ changed: ['prof_same'], computed: ['prof_rfm'], computedBefore: new Map([['prof_rfm', { rfm_segment: 'new' }]]), traitsBefore: new Map([['prof_same', { city: 'Xi\'an' }]]) });
    const events = plannedEvents(change, after({ traits: new Map([['prof_same', { city: 'Xi\'an' }]]), computed: new Map([['prof_rfm', { rfm_segment: 'loyal' }]]) }), everything);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'profile.updated', subject: 'prof_rfm', data: { changes: { computedTraits: { rfm_segment: { before: 'new', after: 'loyal' } } } } });
  });

  it('plans only the types some subscription wants', () => {
    const change = profileChange({ changed: ['prof_new'], created: ['prof_new'], segments: [{ segmentId: 'seg_1', profileId: 'prof_new', change: 'exited' }] });
    expect(plannedEvents(change, after(), (type) => type === 'segment.exited').map((event) => event.type)).toEqual(['segment.exited']);
  });

  it('keeps a body within the size limit by dropping the values of the changes, and says so', () => {
    const event = plannedEvents(profileChange({ changed: ['prof_big'], created: ['prof_big'] }), after({ traits: new Map([['prof_big', { notes: 'x'.repeat(5000), email: 'a@x.cn' }]]) }), everything)[0]!;
    const body = JSON.parse(webhookBody(event, 7, new Date('2026-12-03T00:00:00Z'), 2048));
    expect(body).toEqual({ type: 'profile.created', timestamp: '2026-12-03T00:00:00.000Z', profileId: 'prof_big', sequence: 7, data: { changes: { traits: ['email', 'notes'] }, truncated: true } });
    expect(JSON.parse(webhookBody(event, 7, new Date(), 100_000)).data.changes.traits.notes.after).toHaveLength(5000);
  });
});
