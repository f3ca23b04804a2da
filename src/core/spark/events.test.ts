import { describe, expect, it } from 'vitest';
import { lineSplitter, parseJobLine, Tail } from './events';

describe("the Spark job's progress lines", () => {
  it('parses each event the job prints', () => {
    expect(parseJobLine('{"event":"iteration","iteration":3,"of":10,"seconds":4.5}')).toEqual({
      event: 'iteration',
      iteration: 3,
      of: 10,
      seconds: 4.5,
    });
    expect(parseJobLine('{"event":"tasks","done":3,"total":12}\r')).toEqual({ event: 'tasks', done: 3, total: 12 });
    const done = parseJobLine(
      '{"event":"done","job":"als","tables":{"users":{"rows":5,"path":"/s/out/users"}},"seconds":1}',
    );
    expect(done).toMatchObject({ event: 'done', tables: { users: { rows: 5 } } });
    expect(parseJobLine('{"event":"error","message":"spec.json is not JSON"}')).toMatchObject({ event: 'error' });
  });

  it('passes over anything that is not an event: other output, unknown events, missing or mistyped fields', () => {
    for (const line of [
      '',
      'WARNING: Using incubator modules',
      '{"event":"iteration"', // cut short
      '{"event":"party","at":1}',
      '{"event":"iteration","iteration":"3","of":10,"seconds":1}',
      '{"event":"tasks","done":1}',
      '{"event":"done","job":"als","tables":null,"seconds":1}',
      '[{"event":"data","rows":1}]',
    ])
      expect(parseJobLine(line)).toBeNull();
  });

  it('splits chunks into lines across chunk boundaries and keeps the last line without a newline', () => {
    const lines: string[] = [];
    const s = lineSplitter((l) => lines.push(l));
    s.push('{"event":"data",');
    s.push('"rows":7}\nsecond\nthi');
    s.push('rd');
    s.end();
    expect(lines).toEqual(['{"event":"data","rows":7}', 'second', 'third']);
  });

  it('keeps only the last lines of a long stream', () => {
    const t = new Tail(3);
    for (let i = 1; i <= 10; i++) t.push(`line ${i}`);
    expect(t.text()).toBe('line 8\nline 9\nline 10');
  });
});
