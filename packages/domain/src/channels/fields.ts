// The fields each intake channel records beside the common case facts: who reported
// it through which door, and what that door's own paperwork says — a leader's instruction (批示)
// with its text and reply date, a petition (信访) number, a media report, a third-party survey
// finding (第三方测评), an online post, a sensor alarm. The console renders its form from these
// specs and the server validates with them, so both speak the same field names and limits.
// See docs/domain.md, "Channels".

import type { CaseSource } from '../workflow/states.ts';

export type SourceFieldType = 'text' | 'longText' | 'url' | 'dateTime' | 'date' | 'number' | 'choice';

export interface Label {
  zh: string;
  en: string;
}

export interface SourceField extends Label {
  key: string;
  type: SourceFieldType;
  required: boolean;
  /** text, longText, url: most characters after trimming. */
  maxLength?: number;
  /** text: what the value must look like (machine identifiers). */
  pattern?: RegExp;
  /** number: inclusive bounds; integer: whole numbers only. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** choice: the allowed values. */
  choices?: readonly ({ value: string } & Label)[];
  /** date: not before the (China) day of this dateTime field of the same record. */
  notBefore?: string;
  placeholder?: Label;
}

export interface SourceSchema extends Label {
  source: CaseSource;
  fields: readonly SourceField[];
}

const text = (
  key: string,
  label: Label,
  maxLength: number,
  required = true,
  extra: Partial<SourceField> = {},
) => ({ key, type: 'text', required, maxLength, ...label, ...extra }) as const satisfies SourceField;
const longText = (key: string, label: Label, maxLength: number) =>
  ({ key, type: 'longText', required: true, maxLength, ...label }) as const satisfies SourceField;
const url = (key: string, label: Label) =>
  ({ key, type: 'url', required: false, maxLength: 500, ...label }) as const satisfies SourceField;
const dateTime = (key: string, label: Label, required = true) =>
  ({ key, type: 'dateTime', required, ...label }) as const satisfies SourceField;
const replyDate = (key: string, label: Label, notBefore: string) =>
  ({ key, type: 'date', required: false, notBefore, ...label }) as const satisfies SourceField;

/** Sources with their own fields. The others (patrol, hotline, citizen app, Open311, 110, walk-in) have none. */
export const SOURCE_SCHEMAS: readonly SourceSchema[] = [
  {
    source: 'leader_instruction',
    zh: '领导批示',
    en: 'Leader instruction',
    fields: [
      text('leader', { zh: '批示领导', en: 'Leader' }, 50),
      text('position', { zh: '领导职务', en: 'Position' }, 100, true, {
        placeholder: { zh: '例：区长、分管副区长', en: 'e.g. District mayor' },
      }),
      longText('instruction', { zh: '批示内容', en: 'Instruction' }, 2000),
      dateTime('instructedAt', { zh: '批示时间', en: 'Instructed at' }),
      text('documentNumber', { zh: '批示文号', en: 'Document number' }, 64, false, {
        placeholder: { zh: '例：闵府批〔2026〕12号', en: 'e.g. 闵府批〔2026〕12号' },
      }),
      replyDate('replyDueDate', { zh: '要求反馈日期', en: 'Reply due' }, 'instructedAt'),
    ],
  },
  {
    source: 'media',
    zh: '媒体曝光',
    en: 'Media exposure',
    fields: [
      text('outlet', { zh: '媒体名称', en: 'Outlet' }, 100, true, {
        placeholder: { zh: '例：闵行报、上海电视台《新闻坊》', en: 'e.g. Minhang Daily' },
      }),
      {
        key: 'mediaType',
        type: 'choice',
        required: false,
        zh: '媒体类型',
        en: 'Media type',
        choices: [
          { value: 'newspaper', zh: '报纸', en: 'Newspaper' },
          { value: 'tv', zh: '电视', en: 'Television' },
          { value: 'radio', zh: '广播', en: 'Radio' },
          { value: 'website', zh: '网站', en: 'Website' },
          { value: 'new_media', zh: '新媒体', en: 'Social media' },
        ],
      },
      text('title', { zh: '报道标题', en: 'Headline' }, 200),
      url('url', { zh: '报道链接', en: 'Link' }),
      dateTime('publishedAt', { zh: '发布时间', en: 'Published at' }),
      replyDate('replyDueDate', { zh: '整改反馈期限', en: 'Reply due' }, 'publishedAt'),
    ],
  },
  {
    source: 'petition',
    zh: '信访',
    en: 'Petition',
    fields: [
      text('petitionNumber', { zh: '信访件编号', en: 'Petition number' }, 64),
      {
        key: 'channel',
        type: 'choice',
        required: true,
        zh: '信访形式',
        en: 'Channel',
        choices: [
          { value: 'visit', zh: '来访', en: 'Visit' },
          { value: 'letter', zh: '来信', en: 'Letter' },
          { value: 'online', zh: '网上信访', en: 'Online' },
          { value: 'phone', zh: '电话', en: 'Phone' },
        ],
      },
      dateTime('receivedAt', { zh: '登记时间', en: 'Received at' }),
      {
        key: 'petitionerCount',
        type: 'number',
        required: false,
        integer: true,
        min: 1,
        max: 10000,
        zh: '信访人数',
        en: 'Petitioners',
      },
      replyDate('replyDueDate', { zh: '答复期限', en: 'Reply due' }, 'receivedAt'),
    ],
  },
  {
    source: 'survey',
    zh: '第三方测评',
    en: 'Third-party survey',
    fields: [
      text('organisation', { zh: '测评机构', en: 'Organisation' }, 100),
      text('batch', { zh: '测评批次', en: 'Survey batch' }, 50, true, {
        placeholder: { zh: '例：2026年9月第2轮', en: 'e.g. 2026-09 round 2' },
      }),
      text('findingNumber', { zh: '问题编号', en: 'Finding number' }, 64),
      text('checkItem', { zh: '测评项目', en: 'Check item' }, 200, true, {
        placeholder: { zh: '例：跨门经营、暴露垃圾', en: 'e.g. out-of-store business' },
      }),
      {
        key: 'objectType',
        type: 'choice',
        required: false,
        zh: '测评对象',
        en: 'Surveyed object',
        choices: [
          { value: 'road', zh: '道路', en: 'Road' },
          { value: 'market', zh: '菜场', en: 'Market' },
          { value: 'metro_exit', zh: '轨交站点出入口', en: 'Metro exit' },
          { value: 'school', zh: '学校出入口', en: 'School gate' },
          { value: 'hospital', zh: '医院出入口', en: 'Hospital gate' },
          { value: 'residential', zh: '居住小区', en: 'Residential compound' },
          { value: 'other', zh: '其他', en: 'Other' },
        ],
      },
      {
        key: 'deduction',
        type: 'number',
        required: false,
        min: 0,
        max: 100,
        zh: '扣分',
        en: 'Points deducted',
      },
      dateTime('surveyedAt', { zh: '测评时间', en: 'Surveyed at' }, false),
    ],
  },
  {
    source: 'online_opinion',
    zh: '网络舆情',
    en: 'Online opinion',
    fields: [
      text('platform', { zh: '平台', en: 'Platform' }, 50, true, {
        placeholder: { zh: '例：微博、抖音、本地论坛', en: 'e.g. Weibo, Douyin' },
      }),
      text('title', { zh: '标题/摘要', en: 'Title' }, 200, false),
      url('url', { zh: '链接', en: 'Link' }),
      dateTime('postedAt', { zh: '发布时间', en: 'Posted at' }, false),
    ],
  },
  {
    source: 'sensor',
    zh: '传感器报警',
    en: 'Sensor alarm',
    fields: [
      text('deviceId', { zh: '设备编号', en: 'Device id' }, 64, true, { pattern: /^[A-Za-z0-9_.:-]+$/ }),
      text('alarmType', { zh: '报警类型', en: 'Alarm type' }, 40, true, { pattern: /^[A-Za-z0-9_.:-]+$/ }),
      dateTime('alarmAt', { zh: '报警时间', en: 'Alarm time' }),
      text('alarmId', { zh: '报警编号', en: 'Alarm id' }, 100, false),
      { key: 'reading', type: 'number', required: false, zh: '读数', en: 'Reading' },
      text('unit', { zh: '读数单位', en: 'Unit' }, 16, false),
      text('componentCode', { zh: '关联部件', en: 'Component' }, 40, false),
    ],
  },
];

const BY_SOURCE = new Map(SOURCE_SCHEMAS.map((s) => [s.source, s]));

/** The schema of a source's own fields, or undefined when the source has none. */
export function sourceSchemaOf(source: string): SourceSchema | undefined {
  return BY_SOURCE.get(source as CaseSource);
}
