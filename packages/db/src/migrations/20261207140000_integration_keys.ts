// API keys are bound to the integration they were issued for (Open311 client, 110 exchange, sensor
// platform): a key opens only that integration's routes (@xiuhua/domain/policy, integrations.ts).
// Staff members' own keys stay unbound.
//
// Keys issued before this change are bound where the account's records say what it is: an
// integration account that has posted only Open311 requests, or only 110 transfers, or only sensor
// alarms gets its keys bound to that integration. The others stay unbound and are refused
// (WRONG_INTEGRATION) until the administrator issues a bound key.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table api_keys add column integration text
      check (integration in ('open311', 'police110', 'sensors'));

    with used as (
      select client_user_id as user_id, 'open311' as integration from open311_requests
      union
      select created_by, 'police110' from police_transfers where direction = 'inbound'
      union
      select received_by, 'sensors' from sensor_alarms
    ), only_one as (
      select used.user_id, min(used.integration) as integration
      from used join users u on u.id = used.user_id
      where u.roles = array['integration']::text[]
      group by used.user_id
      having count(*) = 1
    )
    update api_keys k set integration = only_one.integration
    from only_one where k.user_id = only_one.user_id;
  `.execute(db);
}
