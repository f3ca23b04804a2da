import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../testing';
import { evaluateAnalogies, parseAnalogies, type KeyedVectors } from './analogies';

// Rows 2.. by descending frequency. king − man + woman = queen exactly; paris − france + italy = rome.
const WORDS = ['<pad>', '<oov>', 'the', 'man', 'woman', 'King', 'queen', 'france', 'paris', 'italy', 'rome', 'king'];
const VECS: Record<string, number[]> = {
  the: [0.1, 0.1, 0.1, 0.1],
  man: [1, 0, 0, 0],
  woman: [0, 1, 0, 0],
  King: [1, 0, 1, 0],
  queen: [0, 1, 1, 0],
  france: [0, 0, 0, 1],
  paris: [0.2, 0, 0, 1.5],
  italy: [0, 0.3, 0.1, 1],
  rome: [0.2, 0.3, 0.1, 1.5],
  king: [-1, -1, -1, -1], // a rarer spelling: "KING" stands for the row "King"
};
const kv: KeyedVectors = {
  words: WORDS,
  dim: 4,
  vectors: Float32Array.from(WORDS.flatMap((w) => VECS[w] ?? [0, 0, 0, 0])),
};

const FILE = `: gender
man woman king queen
Man Woman KING Queen
man woman king unicorn
bad line
: capitals
france paris italy rome
italy rome france paris
`;

describe('analogies', () => {
  it('parses sections and questions, and lists lines that are not four words', () => {
    const p = parseAnalogies(FILE);
    expect(p.sections).toEqual(['gender', 'capitals']);
    expect(p.questions).toHaveLength(5);
    expect(p.questions[0]).toEqual({ section: 'gender', a: 'man', b: 'woman', c: 'king', expected: 'queen' });
    expect(p.invalidLines).toEqual([5]);
    expect(() => parseAnalogies('a b c d\n', 'q.txt')).toThrow(/q.txt line 1/);
  });

  it('answers by 3CosAdd without the question words, case-insensitively; skips unknown words', () => {
    const r = evaluateAnalogies(parseAnalogies(FILE).questions, kv);
    expect(r.sections.gender).toEqual({ correct: 2, total: 2, accuracy: 1 });
    expect(r.sections.capitals!.total).toBe(2);
    expect(r.sections.capitals!.correct).toBe(2);
    expect(r).toMatchObject({ accuracy: 1, questions: 4, skipped: 1 });
  });

  it('counts a wrong answer, and skips questions outside the most frequent entries', () => {
    const q = parseAnalogies(': s\nwoman man queen rome\n').questions; // the answer is King
    expect(evaluateAnalogies(q, kv)).toMatchObject({ accuracy: 0, questions: 1, skipped: 0 });
    const restricted = evaluateAnalogies(parseAnalogies(FILE).questions, kv, { restrict: 6 });
    // Only the, man, woman, King, queen, france are kept: the capitals questions are skipped.
    expect(restricted).toMatchObject({ questions: 2, skipped: 3, accuracy: 1 });
    expect(restricted.sections.capitals!.accuracy).toBeNaN();
  });

  const questions = sharedData('questions-words.txt', 'reading the Google analogy set');
  it.skipIf(questions === null)('reads the Google analogy set: 14 sections, 19,544 questions', () => {
    const p = parseAnalogies(readFileSync(questions!, 'utf8'));
    expect(p.sections).toHaveLength(14);
    expect(p.questions).toHaveLength(19544);
    expect(p.invalidLines).toEqual([]);
  });
});
