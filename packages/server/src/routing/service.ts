// Routing: which unit a case goes to. Rules (admin-edited) are matched by the domain's
// suggestUnit(); with no matching rule, the class's default unit type picks the unit of that
// type whose area most specifically contains the case.

import type { CaseRow, Db } from '@xiuhua/db';
import * as routing from '@xiuhua/domain/routing';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DirectoryService } from '../platform/directory.ts';

export interface Suggestion {
  unitId: number | null;
  unitName: string | null;
  ruleId: string | null;
  explanation: string;
}

export class RoutingService {
  #db: Db;
  #directory: DirectoryService;
  #catalogue: CatalogueService;

  constructor(db: Db, directory: DirectoryService, catalogue: CatalogueService) {
    this.#db = db;
    this.#directory = directory;
    this.#catalogue = catalogue;
  }

  async rules(): Promise<routing.RoutingRule[]> {
    const dir = await this.#directory.get();
    const rows = await this.#db.selectFrom('routing_rules').selectAll().orderBy('id').execute();
    return rows.map((r) => ({
      id: `R${r.id}`,
      label: r.label ?? undefined,
      kind: r.kind,
      classCode: r.class_code,
      areaCode: r.area_code,
      level: r.level,
      unitId: String(r.unit_id),
      unitName: dir.units.get(r.unit_id)?.name ?? String(r.unit_id),
      priority: r.priority,
      enabled: r.enabled,
    }));
  }

  async suggest(
    row: Pick<
      CaseRow,
      'kind' | 'class_code' | 'district_code' | 'street_code' | 'community_code' | 'cell_code' | 'level'
    >,
  ): Promise<Suggestion> {
    const dir = await this.#directory.get();
    const { rows, catalogue } = await this.#catalogue.current();
    const cls = rows.get(`${row.kind}:${row.class_code}`);
    const major = catalogue.majors.find((m) => m.kind === row.kind && row.class_code.startsWith(m.code));
    const names = {
      // a rule may name the major class (06): its name too, or the explanation says only "06"
      classes: {
        [row.class_code]: cls?.name ?? row.class_code,
        ...(major ? { [major.code]: major.name } : {}),
      },
      areas: Object.fromEntries(
        [row.district_code, row.street_code, row.community_code].map((c) => [c, dir.areas.get(c)?.name ?? c]),
      ),
    };
    const fallback = cls
      ? {
          defaultUnitType: cls.default_unit_type,
          units: [...dir.units.values()]
            .filter((u) => u.active && u.unit_type)
            .map((u) => ({ id: String(u.id), name: u.name, unitType: u.unit_type!, areaCode: u.area_code })),
        }
      : undefined;
    const result = routing.suggestUnit(
      await this.rules(),
      {
        kind: row.kind,
        classCode: row.class_code,
        areaPath: {
          districtCode: row.district_code,
          streetCode: row.street_code,
          communityCode: row.community_code,
          cellCode: row.cell_code,
        },
        level: row.level,
      },
      { names, fallback },
    );
    if (!result)
      return {
        unitId: null,
        unitName: null,
        ruleId: null,
        explanation: '没有匹配的派遣规则，请人工选择处置单位',
      };
    return {
      unitId: Number(result.unitId),
      unitName: result.unitName,
      ruleId: result.ruleId,
      explanation: result.explanation,
    };
  }
}
