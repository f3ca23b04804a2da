// Pure helpers behind the import form: role choices ⇄ Mapping, and the default dataset name.
import { REQUIRED_ROLES, ROLES, type Mapping, type Role } from '../../../shared';

/** One entry per role; '' means the role is not mapped. */
export type RoleChoices = Record<Role, string>;

export function choicesFrom(mapping: Mapping): RoleChoices {
  return Object.fromEntries(ROLES.map((role) => [role, mapping[role] ?? ''])) as RoleChoices;
}

/** Only the mapped roles: the full mapping is always sent, so a cleared suggestion stays cleared. */
export function mappingFrom(choices: RoleChoices): Mapping {
  const mapping: Mapping = {};
  for (const role of ROLES) if (choices[role]) mapping[role] = choices[role];
  return mapping;
}

export function missingRoles(choices: RoleChoices): Role[] {
  return REQUIRED_ROLES.filter((role) => !choices[role]);
}

/** `/data/ml-100k/ratings.csv` → `ratings`; works for Windows paths and bare file names too. */
export function baseName(path: string): string {
  const file = path.split(/[\\/]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
