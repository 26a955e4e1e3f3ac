// Uploaded photos: the re-encoded JPEG and its thumbnail live on disk (photoDir/<path>.jpg and
// <path>_thumb.jpg); this row is written only after both files are durably on disk.
// Case photos and event attachments reference them by URL (/api/photos/<id>); the GIN indexes
// answer "which cases reference this photo" when deciding who may view it.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table photos (
      id uuid primary key,
      -- relative to the photo directory, without extension: 'YYYY/MM/<id>'
      path text not null unique check (path ~ '^[0-9]{4}/[0-9]{2}/[0-9a-f-]{36}$'),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      -- hash of the bytes as uploaded: the same upload by the same user returns the same photo
      source_sha256 text not null check (source_sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by int not null references users (id),
      width int not null check (width > 0),
      height int not null check (height > 0),
      bytes int not null check (bytes > 0),
      taken_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index photos_source on photos (uploaded_by, source_sha256);

    create index cases_photos on cases using gin (photos jsonb_path_ops);
    create index case_events_attachments on case_events using gin (attachments jsonb_path_ops);
  `.execute(db);
}
