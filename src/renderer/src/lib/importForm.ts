// Pure helpers behind the mapping step: role choices ⇄ Mapping, which columns hold which role, the dataset name.
import { columnsOf, MULTI_ROLES, ROLES, type Mapping, type MultiRole, type Role } from '../../../shared';

/**
 * One column per role ('' = not mapped); `event` is an ordered list, its first column the event type;
 * `category` and `numeric` are lists of columns (a category entry `Home+Away` is a group sharing a vocabulary).
 */
export type RoleChoices = Record<Exclude<Role, MultiRole>, string> & Record<MultiRole, string[]>;

const isMulti = (role: Role): role is MultiRole => (MULTI_ROLES as readonly Role[]).includes(role);

export function choicesFrom(mapping: Mapping): RoleChoices {
  return Object.fromEntries(
    ROLES.map((role) => [role, isMulti(role) ? columnsOf(mapping, role) : (columnsOf(mapping, role)[0] ?? '')]),
  ) as RoleChoices;
}

/** Only the mapped roles: the full mapping is always sent, so a cleared suggestion stays cleared. */
export function mappingFrom(choices: RoleChoices): Mapping {
  const mapping: Mapping = {};
  for (const role of ROLES) {
    if (isMulti(role)) {
      const columns = choices[role].filter((c) => c !== '');
      // One column stays a plain string: the same mapping the CLI and the suggestion produce.
      if (columns.length === 1) mapping[role] = columns[0];
      else if (columns.length > 1) mapping[role] = columns;
    } else if (choices[role]) {
      mapping[role] = choices[role];
    }
  }
  return mapping;
}

/**
 * The choices to show after a new preview: the user's own when the columns did not change (another encoding,
 * say), the file's suggestion when they did (another delimiter or header setting makes other columns).
 */
export function choicesAfterPreview(
  previous: { columns: readonly string[]; choices: RoleChoices } | null,
  columns: readonly string[],
  suggested: Mapping,
): RoleChoices {
  const same = previous !== null && previous.columns.join('\u0000') === columns.join('\u0000');
  return same ? previous.choices : choicesFrom(suggested);
}

/** Column → the roles it holds, for the preview's header (`event 1`, `event 2` when events combine columns). */
export function rolesByColumn(choices: RoleChoices): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (column: string, label: string): void => {
    if (column) out.set(column, [...(out.get(column) ?? []), label]);
  };
  for (const role of ROLES) {
    if (!isMulti(role)) add(choices[role], role);
  }
  const events = choices.event.filter((c) => c !== '');
  events.forEach((column, i) => add(column, events.length > 1 ? `event ${i + 1}` : 'event'));
  for (const entry of choices.category) for (const column of entry.split('+')) add(column.trim(), 'category');
  for (const column of choices.numeric) add(column, 'numeric');
  return out;
}

/** `/data/ml-100k/ratings.csv` → `ratings`, `events.csv.gz` → `events`; Windows paths and bare names too. */
export function baseName(path: string): string {
  const file = (path.split(/[\\/]/).pop() ?? path).replace(/\.gz$/i, '');
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
