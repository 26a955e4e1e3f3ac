// Areas and units change rarely and are read on every request (scopes, names, routing), so they
// are held in memory and reloaded after every change made through this process.

import type { AreaRow, Db, UnitRow } from '@xiuhua/db';
import type { ActorScope } from '@xiuhua/domain/policy';
import type { Role } from '@xiuhua/domain/workflow';

/** Unit kinds that see the cases of their area (the others see what is sent to them). */
const AREA_KINDS = new Set(['supervision_centre', 'command_centre', 'street_office', 'community_office']);

export interface Directory {
  areas: Map<string, AreaRow>;
  units: Map<number, UnitRow>;
  children: Map<number, number[]>;
}

export class DirectoryService {
  #db: Db;
  #current: Directory | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  async load(): Promise<Directory> {
    const [areas, units] = await Promise.all([
      this.#db.selectFrom('areas').selectAll().execute(),
      this.#db.selectFrom('units').selectAll().orderBy('id').execute(),
    ]);
    const children = new Map<number, number[]>();
    for (const u of units) {
      if (u.parent_id === null) continue;
      children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u.id]);
    }
    this.#current = {
      areas: new Map(areas.map((a) => [a.code, a])),
      units: new Map(units.map((u) => [u.id, u])),
      children,
    };
    return this.#current;
  }

  async get(): Promise<Directory> {
    return this.#current ?? (await this.load());
  }

  invalidate(): void {
    this.#current = null;
  }

  /**
   * The centre that owns a case's own steps (intake, filing, dispatch, checking, closing): the
   * active supervision or command centre whose area holds the path most closely; ties go to the
   * first created (a district's supervision centre before its command centre).
   */
  async centreFor(areaPath: string): Promise<UnitRow | undefined> {
    const dir = await this.get();
    let best: { unit: UnitRow; depth: number } | undefined;
    for (const unit of dir.units.values()) {
      if (!unit.active || (unit.kind !== 'supervision_centre' && unit.kind !== 'command_centre')) continue;
      const path = dir.areas.get(unit.area_code)?.path;
      if (!path || !(areaPath === path || areaPath.startsWith(`${path}/`))) continue;
      const depth = path.split('/').length;
      if (!best || depth > best.depth) best = { unit, depth };
    }
    return best?.unit;
  }

  async unit(id: number): Promise<UnitRow | undefined> {
    return (await this.get()).units.get(id);
  }

  async area(code: string): Promise<AreaRow | undefined> {
    return (await this.get()).areas.get(code);
  }

  /** The unit and every unit below it. */
  async subtree(unitId: number): Promise<number[]> {
    const dir = await this.get();
    const out: number[] = [];
    const stack = [unitId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      out.push(id);
      stack.push(...(dir.children.get(id) ?? []));
    }
    return out;
  }

  async scopeOf(user: { id: number; unit_id: number; roles: string[] }): Promise<ActorScope> {
    const unit = await this.unit(user.unit_id);
    const area = unit ? await this.area(unit.area_code) : undefined;
    const areaKind = unit !== undefined && AREA_KINDS.has(unit.kind);
    return {
      userId: String(user.id),
      roles: user.roles as Role[],
      unitIds: (await this.subtree(user.unit_id)).map(String),
      areaPaths: areaKind && area ? [area.path] : [],
      cityWide: areaKind && area?.level === 'city',
    };
  }
}
