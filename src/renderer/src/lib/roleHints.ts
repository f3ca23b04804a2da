// What each role means, in a line an analyst understands: the mapping form's explanations.
import type { Role } from '../../../shared';

export const ROLE_HINTS: Record<Role, string> = {
  user: 'Who acted: a user, customer or visitor id.',
  item: 'What they acted on: a movie, product or track id.',
  rating: 'An explicit score (stars); needed to train matrix factorisation.',
  weight: 'How much a row counts: a quantity, play count or click count.',
  timestamp: 'When: epoch seconds or milliseconds, or an ISO-8601 date.',
  session: 'Groups rows into one visit or basket; each session becomes a sequence.',
  event: 'The kind of behaviour (view, click, buy). Add more columns to combine them into one token.',
  text: 'Free text, split into words (each row a document).',
  label: 'A class per document or session (sentiment, topic).',
  split: 'The file’s own train / valid / test assignment.',
  title: 'Item metadata: a readable name shown beside item ids.',
  genres: 'Item metadata: categories separated by |.',
  category: 'A categorical column of a table (country, store, weekday): each gets its own vocabulary and vector.',
  numeric: 'A number column of a table (price, age): standardised, missing values flagged.',
  target: 'The column a tabular model predicts: classes (text, few numbers) or a number.',
};
