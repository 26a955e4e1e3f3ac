// The few parts of lunar-javascript (6tail, MIT; ships no types) the holiday rule uses.
declare module 'lunar-javascript' {
  interface Solar {
    toYmd(): string;
    next(days: number): Solar;
    getLunar(): Lunar;
  }
  interface Lunar {
    getSolar(): Solar;
    getJieQiTable(): Record<string, Solar>;
  }
  const lunar: {
    Solar: { fromYmd(year: number, month: number, day: number): Solar };
    Lunar: { fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar };
  };
  export default lunar;
}
