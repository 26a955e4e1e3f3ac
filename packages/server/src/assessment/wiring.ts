// The scoring side of assessment, built from the app's services (the engine gives the figures).

import type { Db } from '@xiuhua/db';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../platform/directory.ts';
import type { AssessmentEngine } from './engine.ts';
import { AssessmentBulletins } from './bulletins.ts';
import { SupervisionFindings } from './findings.ts';
import { AssessmentPublication } from './publication.ts';
import { AssessmentScores } from './scores.ts';

export function assessmentServices(services: {
  db: Db;
  clock: Clock;
  directory: DirectoryService;
  engine: AssessmentEngine;
  catalogue: CatalogueService;
}) {
  const { db, clock, directory, engine, catalogue } = services;
  const scores = new AssessmentScores({ db, clock, directory, engine });
  const publication = new AssessmentPublication({ db, clock, scores, engine, catalogue, directory });
  const findings = new SupervisionFindings({ db, clock, scores, publication });
  const bulletins = new AssessmentBulletins({ db, clock, scores, engine, catalogue, directory });
  return { scores, publication, findings, bulletins };
}
