// Bulletins as Excel workbooks (exceljs): one sheet per section, a title row, a bold frozen header
// row with Chinese headings, column widths and a filter, so a bulletin opens ready to print or sort.

import ExcelJS from 'exceljs';
import type { RankingBulletin, RedCaseBulletin } from './bulletins.ts';

interface Column {
  header: string;
  width: number;
  /** Excel number format, e.g. '0.00'. */
  format?: string;
}

const FLAG_NAMES: Record<string, string> = { red: '红旗', black: '黑旗' };
const STATUS_NAMES = { published: '正式发布', provisional: '未发布（实时计算，仅供参考）' } as const;

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(workbook: ExcelJS.Workbook, name: string): string {
  const base = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || 'Sheet';
  let candidate = base;
  for (let i = 2; workbook.getWorksheet(candidate); i++) candidate = `${base}(${i})`;
  return candidate;
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: Column[],
  rows: (string | number | null)[][],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(workbook, name), {
    views: [{ state: 'frozen', ySplit: 2, xSplit: 0 }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, columns.length);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = sheet.getRow(2);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const values of rows) sheet.addRow(values);
  columns.forEach((c, i) => {
    if (c.format) sheet.getColumn(i + 1).numFmt = c.format;
  });
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
  return sheet;
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

function newWorkbook(title: string): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Xiuhua 绣花';
  workbook.title = title;
  return workbook;
}

/** 考评排名通报: one sheet per scheme. */
export async function rankingWorkbook(bulletin: RankingBulletin): Promise<Buffer> {
  const workbook = newWorkbook(`考评排名通报 ${bulletin.period.key}`);
  for (const section of bulletin.sections) {
    const columns: Column[] = [
      { header: '分档', width: 14 },
      { header: '排名', width: 8 },
      { header: '考评对象', width: 32 },
      { header: '得分', width: 10, format: '0.00' },
      { header: '等级', width: 8 },
      { header: '红黑旗', width: 10 },
      { header: '上期得分', width: 10, format: '0.00' },
      { header: '上期排名', width: 10 },
      { header: '升降', width: 10, format: '+0.00;-0.00;0.00' },
      ...(section.withFund ? [{ header: '季度资金（元）', width: 16, format: '#,##0' }] : []),
    ];
    const rows = section.rows.map((r) => [
      r.tierName,
      r.rank,
      r.subjectName,
      r.score,
      r.grade,
      r.flag ? FLAG_NAMES[r.flag]! : null,
      r.previousScore,
      r.previousRank,
      r.delta,
      ...(section.withFund ? [r.fund] : []),
    ]);
    const status = STATUS_NAMES[section.status];
    addSheet(
      workbook,
      section.scheme.name,
      `${section.scheme.name} ${bulletin.period.key}（${status}）`,
      columns,
      rows,
    );
  }
  if (bulletin.sections.length === 0)
    addSheet(
      workbook,
      '考评排名',
      `考评排名通报 ${bulletin.period.key}：无考评方案`,
      [{ header: '说明', width: 40 }],
      [],
    );
  return await toBuffer(workbook);
}

/** 红灯超时案件通报: every case red in the period, grouped by the responsible unit. */
export async function redCaseWorkbook(bulletin: RedCaseBulletin): Promise<Buffer> {
  const workbook = newWorkbook(`红灯超时案件通报 ${bulletin.period.key}`);
  const columns: Column[] = [
    { header: '责任单位', width: 28 },
    { header: '案件编号', width: 14 },
    { header: '类别', width: 18 },
    { header: '街道', width: 14 },
    { header: '地址', width: 30 },
    { header: '处置时限', width: 18 },
    { header: '处置完成', width: 18 },
    { header: '超时（小时）', width: 12, format: '0.0' },
    { header: '当前状态', width: 12 },
  ];
  const time = (d: Date | null) =>
    d === null ? '未完成' : new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  const rows = bulletin.units.flatMap((u) =>
    u.cases.map((c) => [
      u.unitName,
      c.number,
      c.className,
      c.streetName,
      c.address,
      time(c.dueAt),
      time(c.endedAt),
      c.overdueHours,
      c.stateName,
    ]),
  );
  addSheet(
    workbook,
    '红灯超时案件',
    `红灯超时案件通报 ${bulletin.period.firstDay} 至 ${bulletin.period.lastDay}（共${rows.length}件）`,
    columns,
    rows,
  );
  return await toBuffer(workbook);
}
