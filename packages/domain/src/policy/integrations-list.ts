// The other systems that call Xiuhua with an API key. A key is issued for one of them and opens
// only its routes (policy/integrations.ts).

export const INTEGRATIONS = ['open311', 'police110', 'sensors'] as const;
export type Integration = (typeof INTEGRATIONS)[number];

export const INTEGRATION_NAMES: Record<Integration, { zh: string; en: string }> = {
  open311: { zh: 'Open311 客户端', en: 'Open311 client' },
  police110: { zh: '110 联动平台', en: '110 exchange' },
  sensors: { zh: '物联感知平台', en: 'Sensor platform' },
};

export function isIntegration(value: unknown): value is Integration {
  return typeof value === 'string' && (INTEGRATIONS as readonly string[]).includes(value);
}
