// Whether a report-back on a class needs an after-photo (处置后照片). The console asked for one
// on every class while the server took report-backs without any; the rule now lives in the
// catalogue, per class version, and the server enforces it (@xiuhua/domain/policy, cases.ts).
// Every existing class version requires a photo, as the console did.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table catalogue_classes add column report_back_photo text not null default 'required'
      check (report_back_photo in ('required', 'optional'))
  `.execute(db);
}
