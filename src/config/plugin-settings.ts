import { CmsConfigError, type FieldError } from '../errors';
import type { SettingDefinition, SettingsSchema } from '../types/plugin';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'select', 'json']);

/** Why a value does not fit a setting, or undefined when it does. */
function problem(def: SettingDefinition, value: unknown): string | undefined {
  if (value === null || value === undefined) return def.required ? 'is required' : undefined;
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      return def.maxLength !== undefined && value.length > def.maxLength
        ? `must be at most ${def.maxLength} characters`
        : undefined;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (def.type === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
      if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
      return def.max !== undefined && value > def.max ? `must be at most ${def.max}` : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return def.options.includes(value as string) ? undefined : `must be one of ${def.options.join(', ')}`;
    case 'json':
      return undefined;
  }
}

/** Checks a plugin's settings schema at build time: known types, options for selects, defaults that fit. */
export function checkSettingsSchema(schema: SettingsSchema, label: string): void {
  if (typeof schema !== 'object' || schema === null)
    throw new CmsConfigError(`${label}: settings must be an object of setting definitions`);
  for (const [key, def] of Object.entries(schema)) {
    if (!TYPES.has(def?.type))
      throw new CmsConfigError(`${label}: setting "${key}" has an unknown type "${String(def?.type)}"`);
    if (def.type === 'select' && (!Array.isArray(def.options) || def.options.length === 0))
      throw new CmsConfigError(`${label}: setting "${key}" is a select without options`);
    const wrong = def.default === undefined ? undefined : problem(def, def.default);
    if (wrong) throw new CmsConfigError(`${label}: the default of setting "${key}" ${wrong}`);
  }
}

/** The settings a plugin starts with: each default (null where there is none). */
export function defaultSettings(schema: SettingsSchema = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).map(([key, def]) => [key, def.default ?? null]));
}

/**
 * Merges a change into current settings, checking every value against the schema: unknown keys and values that do
 * not fit are field errors (`settings.<key>`), and nothing is merged when there is one.
 * @example
 * applySettings(schema, { words: 200 }, { words: 'many' }); // { errors: [{ path: ['settings', 'words'], … }] }
 */
export function applySettings(
  schema: SettingsSchema = {},
  current: Record<string, unknown>,
  change: Record<string, unknown>,
) {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(change)) {
    const def = schema[key];
    const wrong = def ? problem(def, value) : 'is not a setting of this plugin';
    if (wrong)
      errors.push({ path: ['settings', key], code: def ? 'INVALID' : 'UNKNOWN_SETTING', message: `${key} ${wrong}` });
  }
  return errors.length ? { errors } : { settings: { ...current, ...change } };
}
