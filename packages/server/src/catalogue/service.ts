// The catalogue in force, versioned per class: an edit inserts the next version and supersedes
// the current one, so a case keeps the class version (and rules) it was filed under. Every class
// or major an edit or import changes is recorded in the admin history, in the same transaction.

import type { CatalogueClassRow, Db } from '@xiuhua/db';
import {
  type Catalogue,
  type ClassKind,
  CatalogueError,
  type ClassMatch,
  type MinorClass,
  findClasses,
  parseCatalogue,
} from '@xiuhua/domain/catalogue';
import { type AdminAction, type AdminChange, canonical, recordAdminEvents } from '../admin/history.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';

export interface ImportReport {
  majors: number;
  created: number;
  updated: number;
  unchanged: number;
}

function rowToMinor(row: CatalogueClassRow): MinorClass {
  return {
    kind: row.kind,
    code: row.code,
    name: row.name,
    nameEn: row.name_en ?? '',
    keywords: row.keywords,
    filingStandard: row.filing_standard,
    closureStandard: row.closure_standard,
    urgency: row.urgency,
    clock: row.clock,
    reportBackPhoto: row.report_back_photo,
    defaultUnitType: row.default_unit_type as MinorClass['defaultUnitType'],
    limits: row.limits as unknown as MinorClass['limits'],
    active: row.active,
  };
}

function minorColumns(m: MinorClass) {
  return {
    kind: m.kind,
    code: m.code,
    major_code: m.code.slice(0, 2),
    name: m.name,
    name_en: m.nameEn,
    keywords: m.keywords,
    filing_standard: m.filingStandard,
    closure_standard: m.closureStandard,
    urgency: m.urgency,
    clock: m.clock,
    report_back_photo: m.reportBackPhoto,
    default_unit_type: m.defaultUnitType,
    limits: JSON.stringify(m.limits),
    active: m.active,
  };
}

/** Classes per insert statement (17 parameters each, well under PostgreSQL's 65535). */
const IMPORT_CHUNK = 500;

const sameContent = (row: CatalogueClassRow, m: MinorClass) =>
  canonical(rowToMinor(row)) === canonical({ ...m, nameEn: m.nameEn ?? '' });

export class CatalogueService {
  #db: Db;
  #clock: Clock;
  #byId = new Map<number, CatalogueClassRow>();
  #current: Promise<{ catalogue: Catalogue; rows: Map<string, CatalogueClassRow> }> | null = null;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  invalidate(): void {
    this.#current = null;
  }

  current() {
    this.#current ??= (async () => {
      const [majors, rows] = await Promise.all([
        this.#db.selectFrom('catalogue_majors').selectAll().orderBy('kind').orderBy('code').execute(),
        this.#db
          .selectFrom('catalogue_classes')
          .selectAll()
          .where('superseded_at', 'is', null)
          .orderBy('kind')
          .orderBy('code')
          .execute(),
      ]);
      const catalogue: Catalogue = {
        version: 1,
        source: 'database',
        majors: majors.map((m) => ({ kind: m.kind, code: m.code, name: m.name, nameEn: m.name_en ?? '' })),
        // Inactive classes included (each says `active`): search and intake leave them out.
        minors: rows.map(rowToMinor),
      };
      return { catalogue, rows: new Map(rows.map((r) => [`${r.kind}:${r.code}`, r])) };
    })().catch((e) => {
      this.#current = null;
      throw e;
    });
    return this.#current;
  }

  /**
   * The current version of a class offered for new cases (intake, reclassification, device and
   * component set-up): 422 UNKNOWN_CLASS naming `field` if there is none, 422 INACTIVE_CLASS if
   * the class is kept but not in use for new cases.
   */
  async require(kind: ClassKind, code: string, field = 'classCode'): Promise<CatalogueClassRow> {
    const row = await this.requireAny(kind, code, field);
    if (!row.active) {
      throw new AppError(
        422,
        'INACTIVE_CLASS',
        `the ${kind} class ${code} ${row.name} is not in use for new cases`,
        field,
      );
    }
    return row;
  }

  /** The current version of a class, active or not (admins edit inactive classes too). */
  async requireAny(kind: ClassKind, code: string, field = 'classCode'): Promise<CatalogueClassRow> {
    const row = (await this.current()).rows.get(`${kind}:${code}`);
    if (!row) throw new AppError(422, 'UNKNOWN_CLASS', `there is no ${kind} class with code ${code}`, field);
    return row;
  }

  /** A class version by id. Versions never change (an edit makes a new one), so they are cached. */
  async byId(id: number): Promise<CatalogueClassRow> {
    const cached = this.#byId.get(id);
    if (cached) return cached;
    const row = await this.#db
      .selectFrom('catalogue_classes')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    this.#byId.set(id, row);
    return row;
  }

  /** Ranked search; only classes offered for new cases unless `includeInactive` (admins). */
  async search(query: string, kind?: ClassKind, limit = 20, includeInactive = false): Promise<ClassMatch[]> {
    return findClasses((await this.current()).catalogue, query, { kind, limit, includeInactive });
  }

  async history(kind: ClassKind, code: string): Promise<CatalogueClassRow[]> {
    return await this.#db
      .selectFrom('catalogue_classes')
      .selectAll()
      .where('kind', '=', kind)
      .where('code', '=', code)
      .orderBy('version', 'desc')
      .execute();
  }

  /** Import a catalogue file (docs/catalogue.md): majors upserted, each changed class versioned. */
  async importCatalogue(
    json: unknown,
    userId: number | null,
    note = 'import',
    action: AdminAction = 'import',
  ): Promise<ImportReport> {
    let catalogue: Catalogue;
    try {
      catalogue = parseCatalogue(json).catalogue;
    } catch (e) {
      if (e instanceof CatalogueError) throw new AppError(400, 'INVALID_CATALOGUE', e.message);
      throw e;
    }
    const report: ImportReport = { majors: catalogue.majors.length, created: 0, updated: 0, unchanged: 0 };
    const now = this.#clock.now();
    await this.#db.transaction().execute(async (trx) => {
      // A few statements whatever the size: majors in one upsert, superseded versions in one
      // update, new versions in one multi-row insert and the history in one insert. The whole
      // national catalogue is ~400 classes, imported by every demo seed (and so by every test).
      const changes: AdminChange[] = [];
      const record = (
        entity: 'catalogue_class' | 'catalogue_major',
        key: string,
        before: unknown,
        after: unknown,
      ) => {
        changes.push({ actorUserId: userId, entity, key, action, before, after, at: now });
      };
      const majors = await trx.selectFrom('catalogue_majors').selectAll().execute();
      const majorsByKey = new Map(majors.map((m) => [`${m.kind}:${m.code}`, m]));
      if (catalogue.majors.length > 0) {
        await trx
          .insertInto('catalogue_majors')
          .values(
            catalogue.majors.map((m) => ({ kind: m.kind, code: m.code, name: m.name, name_en: m.nameEn })),
          )
          .onConflict((oc) =>
            oc.columns(['kind', 'code']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              name_en: eb.ref('excluded.name_en'),
            })),
          )
          .execute();
      }
      for (const m of catalogue.majors) {
        const key = `${m.kind}:${m.code}`;
        const was = majorsByKey.get(key);
        record(
          'catalogue_major',
          key,
          was && { kind: was.kind, code: was.code, name: was.name, nameEn: was.name_en },
          { kind: m.kind, code: m.code, name: m.name, nameEn: m.nameEn },
        );
      }
      const existing = await trx
        .selectFrom('catalogue_classes')
        .selectAll()
        .where('superseded_at', 'is', null)
        .execute();
      const byKey = new Map(existing.map((r) => [`${r.kind}:${r.code}`, r]));
      const changed: { minor: MinorClass; current: CatalogueClassRow | undefined }[] = [];
      for (const minor of catalogue.minors) {
        const current = byKey.get(`${minor.kind}:${minor.code}`);
        if (current && sameContent(current, minor)) report.unchanged++;
        else changed.push({ minor, current });
      }
      const superseded = changed.flatMap(({ current }) => (current ? [current.id] : []));
      if (superseded.length > 0) {
        await trx
          .updateTable('catalogue_classes')
          .set({ superseded_at: now })
          .where('id', 'in', superseded)
          .execute();
      }
      const added = new Map<string, CatalogueClassRow>();
      for (let i = 0; i < changed.length; i += IMPORT_CHUNK) {
        const rows = await trx
          .insertInto('catalogue_classes')
          .values(
            changed.slice(i, i + IMPORT_CHUNK).map(({ minor, current }) => ({
              ...minorColumns(minor),
              version: (current?.version ?? 0) + 1,
              valid_from: now,
              changed_by: userId,
              change_note: note,
            })),
          )
          .returningAll()
          .execute();
        for (const row of rows) added.set(`${row.kind}:${row.code}`, row);
      }
      for (const { minor, current } of changed) {
        const key = `${minor.kind}:${minor.code}`;
        record('catalogue_class', key, current && classFields(current), classFields(added.get(key)!));
        if (current) report.updated++;
        else report.created++;
      }
      await recordAdminEvents(trx, changes);
    });
    this.invalidate();
    return report;
  }

  /** An admin's edit of one class: validated as a one-class catalogue, stored as a new version. */
  async editClass(kind: ClassKind, code: string, changes: Partial<MinorClass>, userId: number, note: string) {
    const current = await this.requireAny(kind, code, 'code');
    const { catalogue } = await this.current();
    const major = catalogue.majors.find((m) => m.kind === kind && m.code === code.slice(0, 2));
    const next: MinorClass = { ...rowToMinor(current), ...changes, kind, code };
    await this.importCatalogue(
      { version: 1, source: 'admin edit', majors: [major], minors: [next] },
      userId,
      note,
      'update',
    );
    return await this.requireAny(kind, code, 'code');
  }
}

/** A class version as its history records it (the content, the version and why it changed). */
function classFields(row: CatalogueClassRow) {
  return { ...rowToMinor(row), version: row.version, changeNote: row.change_note };
}
