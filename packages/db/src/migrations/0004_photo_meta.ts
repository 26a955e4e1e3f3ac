// Photos, second step: anonymous uploads from the citizen portal and the camera's GPS position.
// - origin 'public': no uploader; the uploader holds a claim (random secret, stored hashed) and
//   shows it when attaching the photo to a report. Unattached public photos are swept after a day;
//   kept_at marks the ones the sweep found on a case, so it never looks at them again.
// - gps_*: the EXIF position of the original as the camera wrote it (WGS84). Shown to staff only;
//   the stored JPEG itself carries no metadata at all.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table photos alter column uploaded_by drop not null;
    alter table photos
      add column origin text not null default 'staff' check (origin in ('staff', 'public')),
      add column claim_hash text check (claim_hash ~ '^[0-9a-f]{64}$'),
      add column kept_at timestamptz,
      add column gps_lon double precision check (gps_lon between -180 and 180),
      add column gps_lat double precision check (gps_lat between -90 and 90),
      add column gps_altitude double precision check (gps_altitude between -12000 and 12000),
      add column gps_direction double precision check (gps_direction >= 0 and gps_direction < 360),
      add constraint photos_origin check (
        (origin = 'staff' and uploaded_by is not null and claim_hash is null)
        or (origin = 'public' and uploaded_by is null and claim_hash is not null)
      ),
      add constraint photos_gps_pair check ((gps_lon is null) = (gps_lat is null));
    -- the sweep looks for old public uploads not yet seen on a case
    create index photos_public_pending on photos (created_at) where origin = 'public' and kept_at is null;
  `.execute(db);
}
