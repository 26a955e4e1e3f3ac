// Components (部件) and the devices that watch them. A component's code is the county code, the
// 5-digit catalogue class and a serial (docs/domain.md, "The catalogue"), so the code alone says
// where and what it is. Device types carry the alarm types they usually send and the class such
// an alarm usually means, as defaults for the admin form — each device's own mapping is what counts.

import type { Label } from './fields.ts';

export const COMPONENT_STATUSES = [
  { value: 'normal', zh: '完好', en: 'Normal' },
  { value: 'damaged', zh: '损坏', en: 'Damaged' },
  { value: 'missing', zh: '缺失', en: 'Missing' },
  { value: 'retired', zh: '已注销', en: 'Retired' },
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number]['value'];

const COMPONENT_CODE = /^(\d{6})(\d{5})(\d{4,8})$/;

/** Why a component code does not fit its class and county, or null if it does. */
export function componentCodeProblem(code: string, classCode: string, districtCode: string): string | null {
  const m = COMPONENT_CODE.exec(code);
  if (!m) return 'a component code is the 6-digit county code, the 5-digit class code and a 4–8 digit serial';
  if (m[2] !== classCode) return `the code's class part ${m[2]} is not the component's class ${classCode}`;
  if (m[1] !== districtCode)
    return `the code's county part ${m[1]} is not the county of its position (${districtCode})`;
  return null;
}

export interface AlarmDefault extends Label {
  alarmType: string;
  /** The class the alarm opens a case of; 'component' = the linked component's own class. */
  target: { kind: 'event'; classCode: string } | { kind: 'component' };
}

export interface DeviceType extends Label {
  value: string;
  alarms: readonly AlarmDefault[];
}

export const DEVICE_TYPES: readonly DeviceType[] = [
  {
    value: 'manhole_cover',
    zh: '井盖监测',
    en: 'Manhole cover sensor',
    alarms: [
      {
        alarmType: 'cover_open',
        zh: '井盖开启/位移',
        en: 'Cover open or moved',
        target: { kind: 'component' },
      },
      { alarmType: 'tilt', zh: '井盖倾斜', en: 'Cover tilted', target: { kind: 'component' } },
    ],
  },
  {
    value: 'water_level',
    zh: '积水监测',
    en: 'Water level sensor',
    alarms: [
      {
        alarmType: 'water_high',
        zh: '积水超限',
        en: 'Water above limit',
        target: { kind: 'event', classCode: '10003' },
      },
    ],
  },
  {
    value: 'bin_fill',
    zh: '满溢监测',
    en: 'Bin fill sensor',
    alarms: [
      {
        alarmType: 'bin_full',
        zh: '垃圾满溢',
        en: 'Bin full',
        target: { kind: 'event', classCode: '06042' },
      },
    ],
  },
  {
    value: 'street_light',
    zh: '路灯控制器',
    en: 'Street light controller',
    alarms: [{ alarmType: 'lamp_fault', zh: '灯具故障', en: 'Lamp fault', target: { kind: 'component' } }],
  },
  {
    value: 'video_ai',
    zh: '视频AI识别',
    en: 'Video AI camera',
    alarms: [
      {
        alarmType: 'exposed_garbage',
        zh: '暴露垃圾',
        en: 'Exposed garbage',
        target: { kind: 'event', classCode: '06010' },
      },
      {
        alarmType: 'street_stall',
        zh: '占道经营',
        en: 'Street stall',
        target: { kind: 'event', classCode: '09006' },
      },
      {
        alarmType: 'illegal_parking',
        zh: '机动车乱停放',
        en: 'Illegal parking',
        target: { kind: 'event', classCode: '09009' },
      },
    ],
  },
  { value: 'other', zh: '其他设备', en: 'Other device', alarms: [] },
];

export function deviceTypeOf(value: string): DeviceType | undefined {
  return DEVICE_TYPES.find((t) => t.value === value);
}

/** Events the channels write on a case without changing its state. */
export const CHANNEL_EVENTS: Readonly<Record<string, Label>> = {
  sensor_alarm: { zh: '传感器重复报警', en: 'Repeated sensor alarm' },
};
