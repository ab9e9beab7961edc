import type { Field, PrivateOption } from '../types/fields';

/** Who may read a private field when it says `private: true`. */
export const PRIVATE_READERS = ['admin', 'editor'] as const;

const privateOption = (field: Field): PrivateOption | undefined => (field.def as { private?: PrivateOption }).private;

/** Whether a field is private at all (its GraphQL type is then nullable: others read null). */
export const isPrivate = (field: Field) => {
  const option = privateOption(field);
  return option !== undefined && option !== false;
};

/** Whether a role may read a field; admins read every field, anonymous callers (no role) no private one. */
export function canRead(field: Field, role: string | undefined): boolean {
  const option = privateOption(field);
  if (!option) return true;
  if (role === undefined) return false;
  if (role === 'admin') return true;
  const readers: readonly string[] = option === true ? PRIVATE_READERS : option.read;
  return readers.includes(role);
}
