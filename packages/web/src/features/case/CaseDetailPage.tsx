// Everything about one case on one page: the facts, where it is, the photos before and after,
// each step's deadline and how it went, and the full timeline of who did what, when and why.
// The actions the user may take now are at the top.

import { CHANNEL_EVENTS } from '@xiuhua/domain/channels';
import {
  ACTOR_ROLE_NAMES,
  type ActorRole,
  CASE_ACTIONS,
  type CaseAction,
  isCaseAction,
  transitionOf,
} from '@xiuhua/domain/workflow';
import {
  Alert,
  Card,
  Col,
  Descriptions,
  Empty,
  Image,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { useCase, useCaseEvents } from '../../api/hooks.ts';
import type { CaseEvent, Photo } from '../../api/types.ts';
import { defineMessages, useI18n } from '../../i18n/index.tsx';
import { CaseActions } from '../../shared/CaseActions.tsx';
import { ColourDot, Due, formatTime, StateTag } from '../../shared/tags.tsx';
import { SourceDetailsCard } from '../intake/SourceFields.tsx';
import { stepsOf } from './steps.ts';
import { DisputeCard } from './DisputeCard.tsx';
import { TimedItemsCard } from './TimedItemsCard.tsx';

const MapPicker = lazy(() => import('../../shared/MapPicker.tsx'));

defineMessages({
  'detail.facts': { zh: '基本信息', en: 'Facts' },
  'detail.photosBefore': { zh: '处置前照片', en: 'Photos before' },
  'detail.photosAfter': { zh: '处置后/核查照片', en: 'Photos after' },
  'detail.steps': { zh: '环节时限', en: 'Step deadlines' },
  'detail.timeline': { zh: '办理过程', en: 'Timeline' },
  'detail.step': { zh: '环节', en: 'Step' },
  'detail.started': { zh: '开始', en: 'Started' },
  'detail.dueAt': { zh: '时限', en: 'Due' },
  'detail.limitNote': { zh: '时限依据', en: 'Limit in force' },
  'detail.centre': { zh: '派遣中心', en: 'Dispatching centre' },
  'detail.centre.area': { zh: '区（市）指挥中心', en: 'District (city) command centre' },
  'detail.ended': { zh: '完成', en: 'Ended' },
  'detail.outcome': { zh: '结果', en: 'Outcome' },
  'detail.on_time': { zh: '按期', en: 'On time' },
  'detail.late': { zh: '超期', en: 'Late' },
  'detail.running': { zh: '进行中', en: 'Running' },
  'detail.untimed': { zh: '不计时', en: 'Not timed' },
  'detail.counts': {
    zh: '返工 {rework} · 重办 {reopen} · 延期 {postpone} · 退回 {return}',
    en: 'Rework {rework} · reopened {reopen} · postponed {postpone} · returned {return}',
  },
  'detail.notFound': { zh: '案件不存在或无权查看', en: 'No such case, or not yours to see' },
  'detail.merged': { zh: '已并入案件 {id}', en: 'Merged into case {id}' },
  'detail.separationWaived': {
    zh: '处置与核查合一单位，豁免监管分离',
    en: 'Dual-role unit: separation of duties waived',
  },
  'step.accept': { zh: '受理', en: 'Accept' },
  'step.verify': { zh: '核实', en: 'Verify' },
  'step.file': { zh: '立案', en: 'File' },
  'step.dispatch': { zh: '派遣', en: 'Dispatch' },
  'step.handle': { zh: '处置', en: 'Handle' },
  'step.check': { zh: '核查', en: 'Check' },
  'step.close': { zh: '结案', en: 'Close' },
});

const OUTCOME_COLOURS = { on_time: 'green', late: 'red', running: 'blue', untimed: 'default' } as const;

function thumb(url: string): string {
  return url.startsWith('/api/photos/') ? `${url}/thumb` : url;
}

function Photos({ photos }: { photos: Photo[] }) {
  if (photos.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Image.PreviewGroup>
      <Space wrap>
        {photos.map((p) => (
          <Image
            key={p.url}
            src={thumb(p.url)}
            preview={{ src: p.url }}
            width={96}
            height={96}
            style={{ objectFit: 'cover' }}
          />
        ))}
      </Space>
    </Image.PreviewGroup>
  );
}

/** The photos taken after the report: the handler's report-backs and the inspector's checks. */
const AFTER_PHOTO_ACTIONS = new Set(['report_back', 'check_pass', 'check_fail']);

function afterPhotosOf(events: CaseEvent[]): Photo[] {
  return events
    .filter((e) => AFTER_PHOTO_ACTIONS.has(e.action))
    .flatMap((e) => (e.attachments as Photo[]).filter((a) => a && typeof a.url === 'string'));
}

export default function CaseDetailPage() {
  const { id } = useParams();
  const { t, pick } = useI18n();
  const query = useCase(id);
  const events = useCaseEvents(id);
  const row = query.data;
  if (query.isPending) return <Spin />;
  if (!row) return <Empty description={t('detail.notFound')} />;
  const log = events.data ?? [];
  const steps = stepsOf(log);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="case-detail">
      <Card size="small">
        <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="case-number">
              {row.number}
            </Typography.Title>
            <StateTag state={row.state} />
            <ColourDot colour={row.colour} />
            <Typography.Text type="secondary">
              {row.classCode} {row.className}
            </Typography.Text>
          </Space>
          <CaseActions caseRow={row} actions={CASE_ACTIONS as readonly CaseAction[]} />
        </Space>
        {row.mergedIntoId && (
          <Alert style={{ marginTop: 8 }} type="info" title={t('detail.merged', { id: row.mergedIntoId })} />
        )}
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('detail.facts')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
              <Descriptions.Item label={t('case.class')}>
                {t(`case.kind.${row.kind}`)} · {row.classCode} {row.className}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.level')}>{t(`level.${row.level}`)}</Descriptions.Item>
              <Descriptions.Item label={t('detail.centre')}>
                <span data-testid="case-centre">{row.centreUnit?.name ?? t('detail.centre.area')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('case.description')} span={2}>
                {row.description}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.area')}>
                {row.area.districtName} / {row.area.streetName} / {row.area.communityName}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.cell')}>{row.cellCode}</Descriptions.Item>
              {row.segment && (
                <Descriptions.Item label={t('case.segment')}>
                  {row.segment.roadName} · {row.segment.description}
                </Descriptions.Item>
              )}
              {(row.zone || row.keyPlace) && (
                <Descriptions.Item label={t('case.zone')}>
                  {[row.zone?.name, row.keyPlace?.name].filter(Boolean).join(' / ')}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('case.address')}>{row.address ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.location')}>
                {row.location.lon.toFixed(6)}, {row.location.lat.toFixed(6)}
              </Descriptions.Item>
              <Descriptions.Item label={t('case.source')}>{t(`source.${row.source}`)}</Descriptions.Item>
              <Descriptions.Item label={t('case.reportedAt')}>{formatTime(row.reportedAt)}</Descriptions.Item>
              {row.reporter && (
                <Descriptions.Item label={t('case.reporter')}>
                  {row.reporter.name ?? ''} {row.reporter.phone ?? ''}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('case.unit')}>{row.assigneeUnit?.name ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('case.due')}>
                <Due row={row} />
              </Descriptions.Item>
              {row.limitNote && (
                <Descriptions.Item label={t('detail.limitNote')} span={2}>
                  <span data-testid="limit-note">{pick(row.limitNote)}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('common.actions')} span={2}>
                {t('detail.counts', row.counts)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <SourceDetailsCard row={row} style={{ marginTop: 12 }} />
          <Card size="small" title={t('detail.steps')} style={{ marginTop: 12 }}>
            <Table
              size="small"
              pagination={false}
              dataSource={steps}
              data-testid="step-table"
              columns={[
                { title: t('detail.step'), dataIndex: 'step', render: (s: string) => t(`step.${s}`) },
                { title: t('detail.started'), dataIndex: 'startedAt', render: formatTime },
                { title: t('detail.dueAt'), dataIndex: 'dueAt', render: formatTime },
                { title: t('detail.ended'), dataIndex: 'endedAt', render: formatTime },
                {
                  title: t('detail.outcome'),
                  dataIndex: 'outcome',
                  render: (o: keyof typeof OUTCOME_COLOURS) => (
                    <Tag color={OUTCOME_COLOURS[o]}>{t(`detail.${o}`)}</Tag>
                  ),
                },
              ]}
            />
          </Card>
          <DisputeCard caseRow={row} />
          <TimedItemsCard caseId={row.id} />
          <Card size="small" title={t('detail.photosBefore')} style={{ marginTop: 12 }}>
            <Photos photos={row.photos} />
          </Card>
          <Card size="small" title={t('detail.photosAfter')} style={{ marginTop: 12 }}>
            <Photos photos={afterPhotosOf(log)} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('case.location')}>
            <Suspense fallback={<Spin />}>
              <MapPicker value={row.location} height={260} />
            </Suspense>
          </Card>
          <Card size="small" title={t('detail.timeline')} style={{ marginTop: 12 }}>
            <Timeline
              data-testid="timeline"
              items={log.map((e) => ({
                key: e.seq,
                color: e.action.startsWith('check_fail') || e.action === 'return' ? 'red' : 'blue',
                content: (
                  <div data-action={e.action}>
                    <Space size={6} wrap>
                      <strong>{pick(actionName(e))}</strong>
                      <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
                    </Space>
                    <div>
                      {e.actor.name ??
                        pick(
                          ACTOR_ROLE_NAMES[e.actor.role as ActorRole] ?? {
                            zh: e.actor.role,
                            en: e.actor.role,
                          },
                        )}
                      {e.actor.unitName ? ` · ${e.actor.unitName}` : ''}
                      {typeof e.data.unitName === 'string' ? ` → ${e.data.unitName}` : ''}
                    </div>
                    {e.reason && <div style={{ color: '#595959' }}>“{e.reason}”</div>}
                    {e.data.separationWaived === true && (
                      <Tag color="orange" data-testid="separation-waived">
                        {t('detail.separationWaived')}
                      </Tag>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

function actionName(e: CaseEvent): { zh: string; en: string } {
  if (isCaseAction(e.action)) return transitionOf(e.action);
  return CHANNEL_EVENTS[e.action] ?? { zh: e.actionName, en: 'Reported' };
}
