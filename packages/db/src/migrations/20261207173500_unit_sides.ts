// 监管分离: every unit is on a side — supervision (finds and judges), command (files and
// dispatches; street offices act as their street's centre) or handling (fixes). Cases are
// dispatched to handling units only. `dual_role` marks a small street office whose people both
// handle and judge: the separation-of-duties rule is waived there, and the event says so.
// Existing units take the side of their kind (@xiuhua/domain/workflow defaultSideOf).

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table units
      add column side text not null default 'handling'
        check (side in ('supervision', 'command', 'handling')),
      add column dual_role boolean not null default false;
    update units set side = case
      when kind = 'supervision_centre' then 'supervision'
      when kind in ('command_centre', 'street_office') then 'command'
      else 'handling' end;
  `.execute(db);
}
