// A case at a glance, for the panel beside a queue.

import { Descriptions, Image, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { Case } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { ColourDot, Due, formatTime, StateTag } from './tags.tsx';

export function CaseSummary({ row, column = 1 }: { row: Case; column?: number }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <Link to={`/cases/${row.id}`}>{row.number}</Link> <StateTag state={row.state} />
      </Typography.Title>
      <Descriptions
        size="small"
        column={column}
        bordered
        styles={{ label: { width: 96 } }}
        data-testid="case-summary"
      >
        <Descriptions.Item label={t('case.class')}>
          {t(`case.kind.${row.kind}`)} · {row.classCode} {row.className}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.description')}>{row.description}</Descriptions.Item>
        <Descriptions.Item label={t('case.area')}>
          {row.area.streetName} / {row.area.communityName} · {row.cellCode}
        </Descriptions.Item>
        {row.address && <Descriptions.Item label={t('case.address')}>{row.address}</Descriptions.Item>}
        <Descriptions.Item label={t('case.source')}>
          {t(`source.${row.source}`)} · {formatTime(row.reportedAt)}
        </Descriptions.Item>
        {row.reporter && (
          <Descriptions.Item label={t('case.reporter')}>
            {row.reporter.name ?? ''} {row.reporter.phone ?? ''}
          </Descriptions.Item>
        )}
        {row.assigneeUnit && (
          <Descriptions.Item label={t('case.unit')}>{row.assigneeUnit.name}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('case.due')}>
          <Space>
            <Due row={row} />
            <ColourDot colour={row.colour} />
          </Space>
        </Descriptions.Item>
      </Descriptions>
      {row.photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap style={{ marginTop: 8 }}>
            {row.photos.map((p) => (
              <Image key={p.url} src={p.url} width={72} height={72} style={{ objectFit: 'cover' }} />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </>
  );
}
