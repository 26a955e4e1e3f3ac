// Every error code the API answers with, closed: each with its usual HTTP status and a short
// sentence in Chinese and English that a desk operator understands. The server answers `message`
// from here in the request's language; the console renders from here in the UI's language; the
// error table in docs/api.md is generated from here (scripts/error-table.ts). A code thrown in the
// server that is missing here fails packages/server/test/error-codes.test.ts.
//
// `{field}` in a text is the request field at fault: in Chinese its label when FIELD_LABELS has
// one (「单位」), else its name (「unitId」); in English its name; without one it reads as "the
// input". VALIDATION also takes `{reason}`, the schema's complaint in that language.

export interface ErrorText {
  /** The status the code is usually answered with (some codes also come with another 4xx). */
  readonly status: number;
  readonly zh: string;
  readonly en: string;
}

export const ERROR_CODES = {
  // 400: the request is wrong
  VALIDATION: { status: 400, zh: '{field}{reason}', en: '{field} {reason}' },
  MALFORMED_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  BAD_REQUEST: { status: 400, zh: '请求有误，无法处理', en: 'The request cannot be processed' },
  MISSING_FIELD: { status: 400, zh: '请填写{field}', en: '{field} is required' },
  INVALID_FIELD: { status: 400, zh: '{field}填写有误', en: '{field} is not valid' },
  INVALID_PARAMETER: { status: 400, zh: '参数{field}有误', en: 'Parameter {field} is not valid' },
  INVALID_CHARACTER: {
    status: 400,
    zh: '{field}含有不可见的控制字符，请删除后重试',
    en: '{field} holds an invisible control character; remove it and try again',
  },
  INVALID_HEADER: { status: 400, zh: '请求头有误', en: 'A request header is not valid' },
  INVALID_COORDINATE: { status: 400, zh: '坐标有误', en: 'The coordinates are not valid' },
  INVALID_IMAGE: { status: 400, zh: '图片已损坏或无法读取', en: 'The image is damaged or cannot be read' },
  INVALID_PHOTO: { status: 400, zh: '照片无法使用', en: 'A photo cannot be used' },
  PHOTO_REQUIRED: {
    status: 400,
    zh: '本类案件处置反馈须上传至少一张处置后照片',
    en: 'A report-back on this class needs at least one after-photo',
  },
  INVALID_CALENDAR: { status: 400, zh: '工作日历设置有误', en: 'The working calendar is not valid' },
  INVALID_SCHEDULE: {
    status: 400,
    zh: '作息时间或排班设置有误',
    en: 'The duty schedule or roster is not valid',
  },
  INVALID_CATALOGUE: { status: 400, zh: '案件类别目录有误', en: 'The case catalogue is not valid' },
  INVALID_FORM_TOKEN: {
    status: 400,
    zh: '表单已失效，请刷新页面后重试',
    en: 'The form is not valid; reload the page',
  },
  FORM_EXPIRED: {
    status: 400,
    zh: '表单已过期，请刷新页面后重试',
    en: 'The form has expired; reload the page',
  },
  TOO_FAST: {
    status: 400,
    zh: '提交太快，请稍候再提交',
    en: 'Sent too quickly; wait a moment and send again',
  },
  REJECTED: { status: 400, zh: '提交未被接受', en: 'The submission was not accepted' },

  // 401 / 403: who you are and what you may do
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign in first' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  API_KEY_REQUIRED: { status: 403, zh: '此接口需使用 API 密钥调用', en: 'These endpoints take an API key' },
  API_KEY_INVALID: { status: 403, zh: 'API 密钥无效', en: 'The API key is not valid' },
  WRONG_INTEGRATION: {
    status: 403,
    zh: '此 API 密钥不属于该对接系统',
    en: 'This API key belongs to another integration',
  },
  INTEGRATION_ONLY: {
    status: 403,
    zh: '对接系统账号只能调用其对接接口',
    en: 'An integration account may only call its integration',
  },
  INTEGRATION_NO_SIGN_IN: {
    status: 403,
    zh: '对接系统账号不能登录控制台',
    en: 'An integration account cannot sign in',
  },
  ROLE_NOT_ALLOWED: { status: 403, zh: '您的角色无权进行此操作', en: 'Your role may not do this' },
  SEPARATION_OF_DUTIES: {
    status: 403,
    zh: '监管分离：不能核查、结案或回访本人或本单位处置的案件',
    en: 'Separation of duties: you may not check, close or call back on your own or your unit’s work',
  },
  OWN_DECISION: {
    status: 403,
    zh: '不能复核本人作出的决定或本人提出的申诉',
    en: 'You may not review a decision you made or an appeal you submitted',
  },
  NOT_IN_SCOPE: { status: 403, zh: '此事项不在您的管辖范围内', en: 'This is outside your area' },
  CROSS_SITE_REQUEST: {
    status: 403,
    zh: '请求来自其他网页，已拒绝；请在本系统的页面中操作',
    en: 'The request came from another web page and was refused; use this system’s own pages',
  },
  CONFIDENTIAL_CHANNEL: {
    status: 403,
    zh: '该渠道的案件不对外公开',
    en: 'Cases from this channel are not public',
  },

  // 404: no such thing
  NOT_FOUND: {
    status: 404,
    zh: '找不到该记录，可能已被删除或您无权查看',
    en: 'Not found, or not visible to you',
  },

  // 409: the state does not allow it
  CONFLICT: {
    status: 409,
    zh: '当前状态不允许此操作，或已被他人修改，请刷新后重试',
    en: 'The current state does not allow this, or it changed since you loaded it; refresh and try again',
  },
  INVALID_TRANSITION: {
    status: 409,
    zh: '案件当前状态不允许此操作',
    en: 'The case’s state does not allow this action',
  },
  DUPLICATE: { status: 409, zh: '{field}已被使用', en: '{field} is already taken' },
  IN_USE: { status: 409, zh: '该记录已被使用，不能删除', en: 'It is in use and cannot be deleted' },
  AREA_MOVE: {
    status: 409,
    zh: '区域已存在于其他上级之下，不能移动',
    en: 'The area exists under another parent; areas cannot move',
  },
  CALL_COMPLETED: { status: 409, zh: '该来电已处理完毕', en: 'The call is already completed' },
  ALREADY_RATED: { status: 409, zh: '已经评价过了', en: 'Already rated' },
  NOT_CLOSED: {
    status: 409,
    zh: '问题尚未处理完毕，暂不能评价',
    en: 'The problem is not fixed yet; rate it once it is',
  },
  ALREADY_PUBLISHED: { status: 409, zh: '已经发布，不能修改', en: 'Already published; it cannot change' },
  NOT_PUBLISHED: { status: 409, zh: '尚未发布', en: 'Not published yet' },
  PERIOD_PUBLISHED: { status: 409, zh: '该考核周期已发布', en: 'This assessment period is published' },
  PERIOD_NOT_ENDED: { status: 409, zh: '该考核周期尚未结束', en: 'This assessment period has not ended' },
  OUT_OF_ORDER: {
    status: 409,
    zh: '之后的周期已发布，此周期不能再发布',
    en: 'A later period is published; this one can no longer be',
  },
  MONTHS_NOT_PUBLISHED: {
    status: 409,
    zh: '请先发布本季度的各月考核',
    en: 'Publish the quarter’s months first',
  },

  // 413 / 415: size and type
  BODY_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'The request is too large' },
  FILE_TOO_LARGE: { status: 413, zh: '文件过大', en: 'The file is too large' },
  IMAGE_TOO_LARGE: { status: 413, zh: '图片过大', en: 'The image is too large' },
  UNSUPPORTED_MEDIA: { status: 415, zh: '不支持该文件类型', en: 'This kind of file is not accepted' },

  // 422: well-formed, but refers to something that does not exist or does not fit
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '该 Idempotency-Key 已用于另一份内容不同的报告，新报告请使用新的 Idempotency-Key',
    en: 'This Idempotency-Key came before with another report; send a new key with a new report',
  },
  UNKNOWN_CLASS: { status: 422, zh: '案件类别不存在', en: 'No such case class' },
  INACTIVE_CLASS: {
    status: 422,
    zh: '该案件类别已停用，不能用于新案件，请选择其他类别',
    en: 'This case class is not in use for new cases; choose another class',
  },
  UNKNOWN_UNIT: { status: 422, zh: '处置单位不存在', en: 'No such unit' },
  UNKNOWN_AREA: { status: 422, zh: '区域不存在', en: 'No such area' },
  UNKNOWN_SCHEDULE: { status: 422, zh: '作息时间表不存在', en: 'No such duty schedule' },
  UNKNOWN_CELL: { status: 422, zh: '单元网格不存在', en: 'No such grid cell' },
  UNKNOWN_CASE: { status: 422, zh: '案件不存在', en: 'No such case' },
  UNKNOWN_USER: { status: 422, zh: '用户不存在', en: 'No such user' },
  UNKNOWN_INSPECTOR: { status: 422, zh: '监督员不存在', en: 'No such inspector' },
  UNKNOWN_COMPONENT: { status: 422, zh: '部件不存在', en: 'No such component' },
  UNKNOWN_ADDRESS: { status: 422, zh: '地址无法识别', en: 'The address is not known' },
  UNKNOWN_DEVICE: { status: 422, zh: '设备不存在', en: 'No such device' },
  UNKNOWN_PHOTO: { status: 422, zh: '照片不存在或已失效', en: 'No such photo, or it has expired' },
  OUTSIDE_GRID: { status: 422, zh: '位置不在任何单元网格内', en: 'The location is outside the grid' },
  UNIT_NOT_ELIGIBLE: {
    status: 422,
    zh: '该单位不负责案件所在区域',
    en: 'This unit does not cover the case’s area',
  },
  CALENDAR_NOT_COVERED: {
    status: 422,
    zh: '工作日历未覆盖该日期',
    en: 'The working calendar does not cover that date',
  },
  DEVICE_INACTIVE: { status: 422, zh: '设备已停用', en: 'The device is switched off' },
  UNMAPPED_ALARM_TYPE: {
    status: 422,
    zh: '该设备的报警类型未对应案件类别',
    en: 'The device maps no class to this alarm type',
  },
  MISSING_POSITION: {
    status: 422,
    zh: '设备没有位置，请提供位置',
    en: 'The device has no position; send one',
  },
  INTEGRATION_REQUIRED: {
    status: 422,
    zh: '对接系统账号的密钥须指定一个对接系统',
    en: 'An integration account’s key needs its integration',
  },
  STAFF_KEY_UNBOUND: {
    status: 422,
    zh: '工作人员的密钥不能指定对接系统',
    en: 'A staff member’s key takes no integration',
  },

  // 429: too many
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  ACCOUNT_LOCKED: {
    status: 429,
    zh: '账户暂时锁定，请 {minutes} 分钟后再试',
    en: 'The account is locked for now; try again in {minutes} min',
  },
  QUOTA_EXCEEDED: {
    status: 429,
    zh: '提交次数已达上限，请稍后再试或拨打 12345',
    en: 'Too many reports; try again later or call 12345',
  },

  // 5xx: the server
  INTERNAL: { status: 500, zh: '系统内部错误，请稍后再试', en: 'Internal error; try again later' },
  AREA_MISSING: {
    status: 500,
    zh: '网格数据不完整，请联系管理员',
    en: 'The grid data is incomplete; tell an administrator',
  },
  LIVE_UNAVAILABLE: { status: 503, zh: '实时更新暂不可用', en: 'Live updates are not available' },

  // The console's own, for answers that are not this API's JSON
  BAD_RESPONSE: {
    status: 502,
    zh: '服务器返回了无法识别的内容',
    en: 'The server answered something unreadable',
  },
  PHOTO_LOST: {
    status: 410,
    zh: '照片已不在本机上，请重新拍摄',
    en: 'The photo is no longer on this device; take it again',
  },
  HTTP_ERROR: { status: 500, zh: '请求失败', en: 'The request failed' },
} as const satisfies Record<string, ErrorText>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorLang = 'zh' | 'en';

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);

/** What fills a text's `{…}`: the field at fault, and for VALIDATION the reason. */
export interface ErrorParams {
  field?: string | undefined;
  reason?: string | undefined;
  /** ACCOUNT_LOCKED: the minutes left. */
  minutes?: number | undefined;
}

/** Chinese labels of the request fields errors name most, by their whole path. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  unitId: '单位',
  username: '登录名',
  password: '密码',
  displayName: '姓名',
  roles: '角色',
  phone: '电话',
  code: '编码',
  name: '名称',
  description: '问题描述',
  classCode: '案件类别',
  kind: '类型',
  source: '来源',
  sourceDetails: '来源信息',
  location: '位置',
  'location.lon': '经度',
  'location.lat': '纬度',
  address: '地址',
  areaCode: '区域',
  parentCode: '上级区域',
  reporter: '报告人',
  photos: '照片',
  level: '等级',
  reason: '原因',
  inspectorId: '监督员',
  targetCaseId: '目标案件',
  deviceId: '设备',
  period: '考核周期',
  integration: '对接系统',
};

/** How a field is named in a language: 「单位」 or 「unitId」 in Chinese, unitId in English. */
export function fieldName(field: string, lang: ErrorLang): string {
  if (lang === 'en') return field;
  return `「${FIELD_LABELS[field] ?? field}」`;
}

const NO_FIELD: Record<ErrorLang, string> = { zh: '输入内容', en: 'the input' };

/** The sentence for a code in a language; an unknown code reads as HTTP_ERROR. */
export function errorText(code: string, lang: ErrorLang, params: ErrorParams = {}): string {
  const entry: ErrorText = isErrorCode(code) ? ERROR_CODES[code] : ERROR_CODES.HTTP_ERROR;
  const template = entry[lang];
  const field = params.field
    ? fieldName(params.field, lang)
    : template.startsWith('{field}')
      ? NO_FIELD[lang].replace(/^[a-z]/, (c) => c.toUpperCase())
      : NO_FIELD[lang];
  return template
    .replaceAll('{field}', field)
    .replaceAll('{reason}', params.reason ?? '')
    .replaceAll('{minutes}', String(params.minutes ?? 15))
    .trim();
}
