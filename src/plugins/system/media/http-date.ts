const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = String.raw`(\d\d):(\d\d):(\d\d)`;
const MONTH = `(${MONTHS.join('|')})`;
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms a recipient must still accept.
const IMF_FIXDATE = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) ${MONTH} (\d{4}) ${TIME} GMT$`);
const RFC_850 = new RegExp(
  String.raw`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (\d\d)-${MONTH}-(\d\d) ${TIME} GMT$`,
);
const ASCTIME = new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ([ \d]\d) ${TIME} (\d{4})$`);

/**
 * The time an HTTP-date names, in milliseconds, or undefined when the value is not one: a condition on a date the
 * server can't read must be ignored (RFC 9110 §13.1.3, §13.1.4), and `Date.parse` takes far more than HTTP-dates
 * (`"1"` is a date to it).
 * @example
 * httpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777000
 * httpDate('yesterday');                     // undefined
 */
export function httpDate(value: string): number | undefined {
  let parts: [day: string, month: string, year: number, hour: string, minute: string, second: string] | undefined;
  let match = IMF_FIXDATE.exec(value);
  if (match) parts = [match[1]!, match[2]!, Number(match[3]), match[4]!, match[5]!, match[6]!];
  else if ((match = RFC_850.exec(value))) {
    // A two-digit year that would be more than 50 years ahead is in the past century (§5.6.7).
    const year = 2000 + Number(match[3]);
    parts = [
      match[1]!,
      match[2]!,
      year > new Date().getUTCFullYear() + 50 ? year - 100 : year,
      match[4]!,
      match[5]!,
      match[6]!,
    ];
  } else if ((match = ASCTIME.exec(value)))
    parts = [match[2]!.trim(), match[1]!, Number(match[6]), match[3]!, match[4]!, match[5]!];
  if (!parts) return undefined;
  const [day, _month, year, hour, minute, second] = parts.map(Number) as number[];
  const monthIndex = MONTHS.indexOf(parts[1]);
  const time = Date.UTC(year!, monthIndex, day!, hour!, minute!, second!);
  // Out-of-range fields (31 Feb, 25:00) would roll over into another date: not a date at all.
  const valid = new Date(time).getUTCDate() === day && hour! < 24 && minute! < 60 && second! < 60;
  return valid ? time : undefined;
}
