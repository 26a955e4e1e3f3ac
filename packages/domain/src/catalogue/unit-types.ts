/**
 * Kinds of responsible unit (责任单位类型) that a Chinese city command centre dispatches to.
 * A catalogue class names one as its default; routing rules and the fallback pick a concrete
 * unit of that type. Codes are stable identifiers stored in data: never rename one.
 */
export const UNIT_TYPES = [
  { code: 'sanitation', zh: '环卫', en: 'Sanitation' },
  { code: 'municipal_roads', zh: '市政道路养护', en: 'Municipal roads and bridges maintenance' },
  { code: 'drainage', zh: '排水', en: 'Drainage and sewerage' },
  { code: 'water_supply', zh: '供水', en: 'Water supply' },
  { code: 'water_affairs', zh: '水务河道', en: 'Water affairs and river management' },
  { code: 'power', zh: '电力', en: 'Electric power' },
  { code: 'telecom', zh: '通信', en: 'Telecommunications' },
  { code: 'gas', zh: '燃气', en: 'Gas supply' },
  { code: 'heating', zh: '供热', en: 'District heating' },
  { code: 'street_lighting', zh: '路灯', en: 'Street lighting' },
  { code: 'traffic_police', zh: '交警', en: 'Traffic police' },
  { code: 'transport', zh: '交通运输/公交', en: 'Transport and public transit' },
  { code: 'greening', zh: '园林绿化', en: 'Parks and greening' },
  { code: 'urban_enforcement', zh: '城管执法', en: 'Urban management enforcement' },
  { code: 'street_office', zh: '街道办事处', en: 'Street (subdistrict) office' },
  { code: 'housing', zh: '房管/物业', en: 'Housing administration and property management' },
  { code: 'construction', zh: '住房城乡建设', en: 'Housing and construction (site supervision)' },
  { code: 'market_regulation', zh: '市场监管', en: 'Market regulation' },
  { code: 'ecology_environment', zh: '生态环境', en: 'Ecology and environment' },
  { code: 'public_security', zh: '公安', en: 'Public security (police)' },
  { code: 'fire', zh: '消防', en: 'Fire and rescue' },
  { code: 'civil_affairs', zh: '民政', en: 'Civil affairs (relief and assistance)' },
  { code: 'culture_tourism', zh: '文化旅游（文物）', en: 'Culture, tourism and heritage' },
] as const;

export type UnitType = (typeof UNIT_TYPES)[number];
export type UnitTypeCode = UnitType['code'];

const unitTypesByCode: ReadonlyMap<string, UnitType> = new Map(UNIT_TYPES.map((type) => [type.code, type]));

export function isUnitTypeCode(value: unknown): value is UnitTypeCode {
  return typeof value === 'string' && unitTypesByCode.has(value);
}

export function unitTypeByCode(code: string): UnitType | undefined {
  return unitTypesByCode.get(code);
}
