// Open311 GeoReport v2 (docs/open311.md): the extra questions a service asks (service definition
// attributes) and what a client sent with each request that the case itself does not hold.
// Reporter data kept here (email, names, device and account ids) is never returned by any GET.

import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Attributes per catalogue class (service_code = kind letter + class code). Keyed by code, not
    -- by class version, so an edit of the class keeps its questions.
    create table open311_attributes (
      kind text not null check (kind in ('component', 'event')),
      class_code text not null check (class_code ~ '^[0-9]{5}$'),
      code text not null check (code ~ '^[A-Za-z0-9_]{1,40}$'),
      position int not null check (position > 0),
      variable boolean not null default true,
      datatype text not null check (datatype in
        ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
      required boolean not null default false,
      datatype_description text,
      description text not null check (length(description) between 1 and 500),
      -- [{ "key": "...", "name": "..." }] for the list types, [] otherwise
      "values" jsonb not null default '[]',
      check ((datatype in ('singlevaluelist', 'multivaluelist')) = (jsonb_array_length("values") > 0)),
      primary key (kind, class_code, code),
      unique (kind, class_code, position)
    );

    create table open311_requests (
      case_id bigint primary key references cases (id),
      -- the integration user whose API key posted it
      client_user_id int not null references users (id),
      token uuid not null unique,
      jurisdiction_id text,
      -- { CODE: "value" | ["v1", "v2"] }, checked against open311_attributes when posted
      attributes jsonb not null default '{}',
      address_id text,
      zipcode text,
      media_url text,
      email text,
      first_name text,
      last_name text,
      device_id text,
      account_id text,
      created_at timestamptz not null
    );
    create index open311_requests_client on open311_requests (client_user_id, created_at desc);

    -- A few useful questions for common events (seed; admins change them in the API).
    insert into open311_attributes
      (kind, class_code, code, position, datatype, required, description, datatype_description, "values")
    values
      ('event', '06010', 'AMOUNT', 1, 'singlevaluelist', true, '垃圾大约有多少？ How much garbage is there?', null,
        '[{"key":"BAGS_1_3","name":"1–3 袋 / 1–3 bags"},{"key":"BAGS_4_10","name":"4–10 袋 / 4–10 bags"},{"key":"PILE","name":"成堆（>1 m³）/ A pile (over 1 m³)"}]'),
      ('event', '06010', 'KINDS', 2, 'multivaluelist', false, '是什么垃圾？ What kind of garbage?', null,
        '[{"key":"HOUSEHOLD","name":"生活垃圾 / Household"},{"key":"CONSTRUCTION","name":"建筑垃圾 / Construction debris"},{"key":"BULKY","name":"大件垃圾 / Bulky items"},{"key":"HAZARDOUS","name":"有害垃圾 / Hazardous"}]'),
      ('event', '06035', 'ITEMS', 1, 'string', false, '有哪些物品？ Which items (sofa, mattress…)?', '例如：沙发、床垫 / e.g. sofa, mattress', '[]'),
      ('event', '06035', 'COUNT', 2, 'number', false, '大约几件？ About how many pieces?', '整数 / a whole number', '[]'),
      ('event', '06037', 'ANIMAL', 1, 'singlevaluelist', false, '什么动物？ Which animal?', null,
        '[{"key":"CAT","name":"猫 / Cat"},{"key":"DOG","name":"狗 / Dog"},{"key":"BIRD","name":"鸟 / Bird"},{"key":"RODENT","name":"老鼠 / Rodent"},{"key":"OTHER","name":"其他 / Other"}]'),
      ('event', '06037', 'ON_ROAD', 2, 'singlevaluelist', false, '是否在车行道上？ Is it on the carriageway?', null,
        '[{"key":"YES","name":"是 / Yes"},{"key":"NO","name":"否 / No"}]'),
      ('event', '06013', 'SIZE', 1, 'singlevaluelist', true, '破损有多大？ How big is the damage?', null,
        '[{"key":"SMALL","name":"小于 0.5 m² / Under 0.5 m²"},{"key":"MEDIUM","name":"0.5–2 m²"},{"key":"LARGE","name":"大于 2 m² / Over 2 m²"}]'),
      ('event', '06013', 'HAZARD', 2, 'singlevaluelist', false, '是否影响车辆或行人安全？ Is it a danger to traffic or pedestrians?', null,
        '[{"key":"YES","name":"是 / Yes"},{"key":"NO","name":"否 / No"}]'),
      ('event', '06028', 'SINCE', 1, 'datetime', false, '噪声从什么时候开始？ Since when has the noise been going on?', 'ISO 8601，带时区 / ISO 8601 with offset', '[]'),
      ('event', '07001', 'SURFACE', 1, 'singlevaluelist', false, '贴（画）在哪里？ Where is it posted or painted?', null,
        '[{"key":"WALL","name":"墙面 / Wall"},{"key":"POLE","name":"电线杆、灯杆 / Pole"},{"key":"GROUND","name":"地面 / Ground"},{"key":"OTHER","name":"其他 / Other"}]'),
      ('event', '07001', 'TEXT', 2, 'text', false, '广告内容（可选） Text of the ad, if legible', null, '[]');
  `.execute(db);
}
