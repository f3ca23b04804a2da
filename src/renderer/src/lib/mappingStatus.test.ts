import { describe, expect, it } from 'vitest';
import { eventToken, mappingStatus } from './mappingStatus';

describe('mappingStatus', () => {
  it('names the kind and what else is built', () => {
    const s = mappingStatus({ user: 'u', item: 'i', session: 's', event: ['type', 'page'] }, 'csv');
    expect(s.kind).toBe('interactions');
    expect(s.problems).toEqual([]);
    expect(s.notes).toContain('Sequences are also built, one per session.');
    expect(s.notes).toContain('Events combine 2 columns into one token (type:page=…).');
  });

  it('gives an example token from a preview row', () => {
    const row: Record<string, string> = { type: 'view', page: 'home', device: ' mobile ' };
    const s = mappingStatus({ session: 's', event: ['type', 'page', 'device'] }, 'csv', (c) => row[c]);
    expect(s.notes).toContain(
      'Events combine 3 columns into one token (type:page=…,device=…), e.g. “view:page=home,device=mobile”.',
    );
    expect(eventToken(['type'], (c) => row[c])).toBe('view');
  });

  it('explains gap sequences and a missing mapping', () => {
    expect(mappingStatus({ user: 'u', event: 'e', timestamp: 't' }, 'csv').notes[0]).toMatch(/cut where the gap/);
    const none = mappingStatus({ user: 'u' }, 'csv');
    expect(none.kind).toBeNull();
    expect(none.problems).toHaveLength(1);
    expect(none.summary).toBe('Nothing to import yet.');
  });

  it('points a one-column file to the text format', () => {
    const s = mappingStatus({}, 'csv', () => undefined, 1);
    expect(s.notes).toEqual([expect.stringMatching(/plain text corpus/)]);
  });

  it('treats a text file as a corpus whatever is mapped', () => {
    expect(mappingStatus({}, 'text').kind).toBe('text');
  });
});
