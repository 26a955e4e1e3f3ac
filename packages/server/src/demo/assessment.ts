// Demo assessment schemes (考评方案): handling units, streets (composite and 100-point deduction)
// and inspectors, with difficulty tiers, flag rules and fund groups as docs/domain.md ("Assessment")
// describes them, scaled to the demo's four streets. With cases, a few supervision findings are
// recorded and last month is published, so the rankings, flags and bulletins have something to show.

import type { Db } from '@xiuhua/db';
import { parsePeriod, previousPeriod } from '@xiuhua/domain/assessment';
import { cstDateOf } from '@xiuhua/domain/calendar';
import type { Actor } from '../platform/actor.ts';
import type { Services } from '../composition.ts';

/** Unit kinds that handle cases (the others file, dispatch or supervise them). */
export const HANDLING_KINDS: ReadonlySet<string> = new Set(['department', 'branch', 'squad', 'enterprise']);

export async function seedAssessment(
  db: Db,
  opts: { services: Services; admin: Actor; supervisor: Actor; now: Date; withCases: boolean },
): Promise<{ schemes: number; findings: number; published: number }> {
  const { scores, findings, publication } = opts.services.assessment;
  const units = await db
    .selectFrom('units')
    .select(['id', 'code', 'kind', 'area_code'])
    .orderBy('id')
    .execute();
  const handling = units.filter((u) => HANDLING_KINDS.has(u.kind));
  const unitSubjects = new Set((await opts.services.engine.subjects('unit')).map((s) => s.id));
  const handlingIds = handling.map((u) => String(u.id)).filter((id) => unitSubjects.has(id));
  // Street squads and district bodies face different workloads: each is ranked among its own.
  const streetSquads = handling.filter((u) => u.area_code.length === 9 && handlingIds.includes(String(u.id)));
  const district = handlingIds.filter((id) => !streetSquads.some((u) => String(u.id) === id));
  const streets = await db
    .selectFrom('areas')
    .select('code')
    .where('level', '=', 'street')
    .orderBy('code')
    .execute();

  const schemes = [
    {
      code: 'units-monthly',
      name: '责任单位月度综合考评',
      nameEn: 'Responsible units, monthly composite',
      config: {
        kind: 'composite',
        level: 'unit',
        subjects: handlingIds,
        // Timeliness carries most of the score: the on-time and overdue rates (docs/assessment.md).
        weights: [
          { indicator: 'timely_sign', weight: 10 },
          { indicator: 'handled_on_time', weight: 30 },
          { indicator: 'overdue_open_rate', weight: 15 },
          { indicator: 'closed_on_time', weight: 20 },
          { indicator: 'rework_rate', weight: 10 },
          { indicator: 'actual_resolution', weight: 5 },
          { indicator: 'satisfaction', weight: 10 },
        ],
        flags: { red: 1, black: 1 },
        tiers: [
          { code: 'district', name: '区级部门', flags: { red: 2, black: 1 }, subjects: district },
          {
            code: 'street',
            name: '街道中队',
            flags: { red: 1, black: 1 },
            subjects: streetSquads.map((u) => String(u.id)),
          },
        ].filter((t) => t.subjects.length > 0),
        fund: {
          rule: { baseByGroup: { A: 100_000, B: 50_000 } },
          groups: Object.fromEntries([
            ...district.map((id) => [id, 'A']),
            ...streetSquads.map((u) => [String(u.id), 'B']),
          ]),
        },
      },
    },
    {
      code: 'streets-monthly',
      name: '街道月度综合考评',
      nameEn: 'Streets, monthly composite',
      config: {
        kind: 'composite',
        level: 'street',
        weights: [
          { indicator: 'closure_rate', weight: 20 },
          { indicator: 'timely_handling', weight: 25 },
          { indicator: 'closed_on_time', weight: 25 },
          { indicator: 'actual_resolution', weight: 10 },
          { indicator: 'satisfaction', weight: 20 },
        ],
        flags: { red: 1, black: 1 },
        fund: {
          rule: { baseByGroup: { A: 100_000, B: 50_000 } },
          groups: Object.fromEntries(streets.map((s) => [s.code, 'B'])),
        },
      },
    },
    {
      code: 'streets-deduction',
      name: '街道市容环境百分考核',
      nameEn: 'Streets, 100-point deduction',
      config: {
        kind: 'deduction',
        level: 'street',
        deductions: [
          { code: 'garbage', name: '暴露垃圾未及时清理', points: 2 },
          { code: 'stall', name: '占道经营、跨门经营', points: 1 },
          { code: 'ads', name: '乱张贴、小广告', points: 0.5 },
          { code: 'road', name: '道路破损未及时修复', points: 3 },
          { code: 'frontage', name: '门前三包责任不落实', points: 1 },
        ],
        grades: [
          { grade: '良好', min: 90 },
          { grade: '一般', min: 75 },
          { grade: '较差', min: 0 },
        ],
        flags: { red: 1, black: 1 },
      },
    },
    {
      code: 'inspectors-monthly',
      name: '监督员月度考评',
      nameEn: 'Inspectors, monthly',
      config: {
        kind: 'composite',
        level: 'person',
        role: 'inspector',
        weights: [
          { indicator: 'valid_reports', weight: 30 },
          { indicator: 'on_time_verification', weight: 25 },
          { indicator: 'on_time_check', weight: 25 },
          { indicator: 'missed_reports', weight: 20 },
        ],
        flags: { red: 1, black: 1 },
      },
    },
  ];
  const created = [];
  for (const body of schemes) created.push(await scores.createScheme(opts.admin, body));

  let recorded = 0;
  if (opts.withCases && streets.length > 0) {
    const deduction = created.find((s) => s.code === 'streets-deduction')!;
    const codes = ['garbage', 'stall', 'ads', 'road', 'frontage'];
    // One to five findings per street over the last fortnight, the same every time.
    for (const [i, street] of streets.entries()) {
      for (let j = 0; j <= (i * 3 + 1) % 5; j++) {
        const day = cstDateOf(new Date(opts.now.getTime() - (1 + ((i + j * 5) % 14)) * 86_400_000));
        await findings.record(opts.supervisor, deduction, {
          subjectId: street.code,
          date: day,
          code: codes[(i + j) % codes.length]!,
          note: '督查巡查发现',
        });
        recorded++;
      }
    }
  }
  let published = 0;
  if (opts.withCases) {
    const lastMonth = previousPeriod(parsePeriod(cstDateOf(opts.now).slice(0, 7))).key;
    for (const scheme of created) {
      await publication.publish(opts.supervisor, scheme, lastMonth, '演示数据：上月考评结果');
      published++;
    }
  }
  return { schemes: created.length, findings: recorded, published };
}
