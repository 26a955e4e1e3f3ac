// Migrations in order. Forward-only: never edit one that has shipped; add the next.

import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_console.ts';
import * as m0003 from './0003_photos.ts';
import * as m0004 from './0004_photo_meta.ts';
import * as m0005 from './0005_open311.ts';
import * as m0006 from './0006_citizen.ts';
import * as m0007 from './0007_patrol.ts';
import * as m0008 from './0008_hotline.ts';
import * as m0009 from './0009_channels.ts';
import * as m0010 from './0010_assessment_facts.ts';
import * as m0011 from './0011_assessment_schemes.ts';
import * as m20261207140000 from './20261207140000_integration_keys.ts';
import * as m20261207140500 from './20261207140500_admin_events.ts';
import * as m20261207171500 from './20261207171500_report_back_photo.ts';
import * as m20261207173000 from './20261207173000_idempotency_fingerprint.ts';
import * as m20261207173100 from './20261207173100_login_throttle.ts';
import * as m20261207173500 from './20261207173500_unit_sides.ts';
import * as m20261207174000 from './20261207174000_duty_schedules.ts';
import * as m20261207174100 from './20261207174100_duty_rosters.ts';
import * as m20261207210000 from './20261207210000_timed_items.ts';
import * as m20261207210100 from './20261207210100_appeals.ts';
import * as m20261207210500 from './20261207210500_roads_segments.ts';
import * as m20261207212000 from './20261207212000_case_centres.ts';
import * as m20261207213000 from './20261207213000_calendar_published.ts';
import * as m20261207214000 from './20261207214000_disputes.ts';
import * as m20261208010000 from './20261208010000_road_posts.ts';
import * as m20261208011000 from './20261208011000_night_checks.ts';
import * as m20261208012000 from './20261208012000_place_limits.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_console': m0002,
  '0003_photos': m0003,
  '0004_photo_meta': m0004,
  '0005_open311': m0005,
  '0006_citizen': m0006,
  '0007_patrol': m0007,
  '0008_hotline': m0008,
  '0009_channels': m0009,
  '0010_assessment_facts': m0010,
  '0011_assessment_schemes': m0011,
  '20261207140000_integration_keys': m20261207140000,
  '20261207140500_admin_events': m20261207140500,
  '20261207171500_report_back_photo': m20261207171500,
  '20261207173000_idempotency_fingerprint': m20261207173000,
  '20261207173100_login_throttle': m20261207173100,
  '20261207173500_unit_sides': m20261207173500,
  '20261207174000_duty_schedules': m20261207174000,
  '20261207174100_duty_rosters': m20261207174100,
  '20261207210000_timed_items': m20261207210000,
  '20261207210100_appeals': m20261207210100,
  '20261207210500_roads_segments': m20261207210500,
  '20261207212000_case_centres': m20261207212000,
  '20261207213000_calendar_published': m20261207213000,
  '20261207214000_disputes': m20261207214000,
  '20261208010000_road_posts': m20261208010000,
  '20261208011000_night_checks': m20261208011000,
  '20261208012000_place_limits': m20261208012000,
};
