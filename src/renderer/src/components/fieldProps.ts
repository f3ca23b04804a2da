// What every field component takes besides its value (FormField lays them out).
export interface FieldProps {
  /** Short: what screen readers name the field. */
  label: string;
  /** What the field does, shown under it as its description. */
  hint: string;
  testid: string;
  /** Why the value will be refused; the control is marked invalid. */
  problem?: string | null;
}
