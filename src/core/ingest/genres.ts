// Multi-valued metadata cells: MovieLens' `Action|Comedy`, with its "(no genres listed)" meaning none.
export function splitGenres(cell: string): string[] {
  return cell
    .split('|')
    .map((g) => g.trim())
    .filter((g) => g && g !== '(no genres listed)');
}
