// The provisional calendar (暂定): a year's days off computed from 《全国年节及纪念日放假办法》 as in
// force from 2025, for years whose official arrangement is not published. Kept out of
// `@xiuhua/domain/calendar` so the console bundle does not carry the lunar library.
export {
  PROVISIONAL_LAST_YEAR,
  provisionalFirstYear,
  provisionalYear,
  type RuleDay,
  ruleDays,
} from './holiday-rule.ts';
