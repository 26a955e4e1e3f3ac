// "我的上报": the tracking codes this phone has sent, kept in localStorage (no account needed).

export interface MyReport {
  code: string;
  category: { zh: string; en: string };
  at: string;
}

const KEY = 'xh.citizen.reports';
const MAX = 50;

export function myReports(): MyReport[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((r) => typeof r?.code === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberReport(report: MyReport): void {
  const rest = myReports().filter((r) => r.code !== report.code);
  save([report, ...rest].slice(0, MAX));
}

export function forgetReport(code: string): void {
  save(myReports().filter((r) => r.code !== code));
}

function save(list: MyReport[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // storage full or disabled (private mode): the code is still shown on screen
  }
}

/** 'K7M2PQ9XRT' → 'K7M2P-Q9XRT', easier to read aloud and copy by hand. */
export const formatCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;
