// What the "Import vectors" panel says about a result, and the choices it offers; pure, so it is unit-tested.
import type { DatasetSummary, ImportVectorsResult, VectorFileFormat } from '../../../shared';

export const VECTOR_FORMAT_CHOICES: { value: 'auto' | VectorFileFormat; label: string }[] = [
  { value: 'auto', label: 'Detect' },
  { value: 'word2vec', label: 'word2vec text (header "rows dim")' },
  { value: 'word2vec-binary', label: 'word2vec binary' },
  { value: 'glove', label: 'GloVe text (no header)' },
];

/** Datasets whose vocabularies coverage can be reported for (not other imported vectors). */
export const coverageDatasets = (datasets: readonly DatasetSummary[]): DatasetSummary[] =>
  datasets.filter((d) => d.kind !== 'vectors');

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** One line per vocabulary: `items: 1,650 of 1,682 keys found (98.1%)`. */
export function coverageLines(r: ImportVectorsResult): string[] {
  if (!r.coverage) return [];
  if (r.coverage.vocabularies.length === 0) return [`${r.coverage.dataset} has no vocabulary to cover.`];
  return r.coverage.vocabularies.map(
    (v) =>
      `${v.table}: ${v.found.toLocaleString('en')} of ${v.keys.toLocaleString('en')} keys found (${pct(v.coverage)})` +
      (v.matchedByRule ? `, ${v.matchedByRule.toLocaleString('en')} after whitespace → _` : ''),
  );
}

/** The headline of a result, and what happened to duplicate keys. */
export function resultSummary(r: ImportVectorsResult): string[] {
  const lines = [
    `${r.keys.toLocaleString('en')} keys × ${r.dim} (${r.format}) imported as "${r.name}": run #${r.runId}, table ${r.table}.`,
  ];
  if (r.duplicateKeys > 0) {
    const some = r.duplicates
      .slice(0, 3)
      .map((d) => `"${d.key}" (row ${d.row})`)
      .join(', ');
    const keys = r.duplicateKeys === 1 ? 'key' : 'keys';
    lines.push(`${r.duplicateKeys.toLocaleString('en')} duplicate ${keys} dropped, the first of each kept: ${some}.`);
  }
  return lines;
}
