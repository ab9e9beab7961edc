import { conflict } from '../../../errors';
import { DEFAULT_EMAILS, type EmailName } from '../../../templates/emails';
import type { MessageTemplates } from '../../../templates/message';

/** An email's row in `cms_email_templates`: its override (null parts after a reset) and its version. */
export interface TemplateRow {
  name: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** An override in force: its parts (a null text is made from the HTML part) and who saved it when. */
export type Override = MessageTemplates & { version: number; updatedAt: number; updatedBy: string | null };

const COLUMNS = 'name, subject, html, text, version, updated_at as updatedAt, updated_by as updatedBy';

// Each send looks its email's override up; an isolate keeps what it read this long. A save or reset forgets it in
// the isolate that made it at once; another isolate sees it within this time. Bounded: one entry per default email.
const CACHE_MS = 30_000;
const cache = new Map<string, { row: TemplateRow | null; at: number }>();

export const isEmailName = (name: string): name is EmailName => Object.hasOwn(DEFAULT_EMAILS, name);

/** The override in force in a row, if any (a reset row holds none). */
export const overrideOf = (row: TemplateRow | null): Override | null =>
  row?.subject != null && row.html != null
    ? {
        subject: row.subject,
        html: row.html,
        text: row.text,
        version: row.version,
        updatedAt: row.updatedAt,
        updatedBy: row.updatedBy,
      }
    : null;

/** Every email's row, by name (reads D1: for the admin API, which must see what was just saved). */
export async function templateRows(db: D1Database): Promise<Map<string, TemplateRow>> {
  const { results } = await db.prepare(`select ${COLUMNS} from cms_email_templates`).all<TemplateRow>();
  return new Map(results.filter((row) => isEmailName(row.name)).map((row) => [row.name, row]));
}

export async function templateRow(db: D1Database, name: EmailName): Promise<TemplateRow | null> {
  return db.prepare(`select ${COLUMNS} from cms_email_templates where name = ?`).bind(name).first<TemplateRow>();
}

/** The override a send renders: from this isolate's cache when fresh, else from D1. */
export async function overrideForSend(db: D1Database, name: EmailName): Promise<Override | null> {
  const hit = cache.get(name);
  if (hit && Date.now() - hit.at < CACHE_MS) return overrideOf(hit.row);
  const row = await templateRow(db, name);
  cache.set(name, { row, at: Date.now() });
  return overrideOf(row);
}

/**
 * Saves an email's override if `version` is the one stored (0 when it was never saved), in one statement: of two
 * admins saving from the same version, one wins and the other gets CONFLICT.
 */
export async function saveOverride(
  db: D1Database,
  name: EmailName,
  parts: MessageTemplates,
  version: number,
  userId: string,
): Promise<TemplateRow> {
  const now = Date.now();
  const values = [parts.subject, parts.html, parts.text ?? null, now, userId];
  const saved =
    version === 0
      ? await db
          .prepare(
            `insert into cms_email_templates (name, subject, html, text, version, updated_at, updated_by)
              values (?, ?, ?, ?, 1, ?, ?) on conflict (name) do nothing returning ${COLUMNS}`,
          )
          .bind(name, ...values)
          .first<TemplateRow>()
      : await db
          .prepare(
            `update cms_email_templates set subject = ?, html = ?, text = ?, version = version + 1, updated_at = ?,
              updated_by = ? where name = ? and version = ? returning ${COLUMNS}`,
          )
          .bind(...values, name, version)
          .first<TemplateRow>();
  cache.delete(name);
  if (!saved) throw staleVersion(await templateRow(db, name));
  return saved;
}

/** Drops an email's override (its default is sent again); the version still counts up. Null: there was none. */
export async function resetOverride(db: D1Database, name: EmailName, userId: string): Promise<TemplateRow | null> {
  const row = await db
    .prepare(
      `update cms_email_templates set subject = null, html = null, text = null, version = version + 1,
        updated_at = ?, updated_by = ? where name = ? and subject is not null returning ${COLUMNS}`,
    )
    .bind(Date.now(), userId, name)
    .first<TemplateRow>();
  cache.delete(name);
  return row;
}

const staleVersion = (row: TemplateRow | null) =>
  conflict(`The template was changed since you read it: it is at version ${row?.version ?? 0}; read it again`, [
    { path: ['version'], code: 'STALE_VERSION', message: `The current version is ${row?.version ?? 0}` },
  ]);
