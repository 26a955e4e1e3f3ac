// The four find/handle modes (issue 12): a case carries the command centre holding it for
// dispatch — the street office acting as its street's centre for what the street's own grid staff
// found or what the city handed down (下派), the district or city centre for what was escalated
// (上报); null for the centre over the whole area, as every case before this migration. A case's
// level gains `segment` (一般问题解决在路段内), routed like `community` until road segments exist.

import { type Kysely, sql } from 'kysely';

const LEVELS = sql.raw(`('community', 'segment', 'street', 'district', 'city')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table cases add column centre_unit_id int references units (id);
    alter table cases drop constraint cases_level_check;
    alter table cases add constraint cases_level_check check (level in ${LEVELS});
    alter table routing_rules drop constraint routing_rules_level_check;
    alter table routing_rules add constraint routing_rules_level_check check (level in ${LEVELS});
  `.execute(db);
}
