// CSV cells as every CSV this project writes them (tables, study trials): quoted per RFC 4180, formula-safe.

/**
 * RFC 4180 §2.6–2.7: a field holding a comma, a double quote, CR or LF is enclosed in double quotes, and a
 * quote inside is doubled. Other fields are written as they are, so keys survive unchanged.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * OWASP's advice against CSV injection: a spreadsheet reads a text cell that starts with `=`, `+`, `-`, `@`, a
 * tab or a CR as a formula, so such a cell gets a leading `'` (shown as text, not evaluated). Plain decimal
 * numbers (`-1.5`, `+3`) are left alone: a spreadsheet reads them as numbers either way.
 */
export function formulaSafe(cell: string): string {
  if (!/^[=+\-@\t\r]/.test(cell) || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return cell;
  return `'${cell}`;
}
