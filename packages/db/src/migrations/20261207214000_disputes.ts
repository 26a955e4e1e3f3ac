// Jurisdiction disputes (权属争议): opened by the second "not our duty" return of a case since its
// filing; the centre rules which unit is responsible (on a timed item), the ruled unit may appeal
// one level up, and the reviewer's word is final. The case's own events record each move, so the
// assessment facts (退回不当率, 准确派遣率) follow from them. See docs/disputes.md.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table jurisdiction_disputes (
      id int generated always as identity primary key,
      case_id bigint not null references cases (id),
      state text not null check (state in ('open', 'ruled', 'appealed', 'final')),
      centre_unit_id int not null references units (id),
      returns jsonb not null,
      opened_at timestamptz not null,
      timed_item_id bigint references timed_items (id),
      responsible_unit_id int references units (id),
      ruled_by int references users (id),
      ruled_at timestamptz,
      ruling_reason text,
      appeal_id bigint references appeals (id),
      final_by int references users (id),
      final_at timestamptz,
      version int not null default 1
    );
    create unique index jurisdiction_disputes_one_open on jurisdiction_disputes (case_id)
      where state <> 'final';
    create index jurisdiction_disputes_case on jurisdiction_disputes (case_id);
  `.execute(db);
}
