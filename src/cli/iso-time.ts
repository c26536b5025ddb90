import { HubError } from '../errors/hub-error';

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date (midnight UTC) or date-time with a zone; a time without a zone would depend on this machine's. */
export function isoTime(option: string, value: string): Date {
  const bad = (why: string) => new HubError('BAD_USER_INPUT', `${option} '${value}' is not ${why}; give an ISO time such as 2026-11-23T08:00:00Z or 2026-11-23.`);
  const match = ISO_TIME.exec(value.trim());
  if (!match) {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value.trim())) throw bad('a time with a zone (add Z for UTC, or an offset such as +08:00)');
    throw bad('an ISO time');
  }
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const realDay = calendar.getUTCFullYear() === Number(year) && calendar.getUTCMonth() === Number(month) - 1 && calendar.getUTCDate() === Number(day);
  if (!realDay || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw bad('a real date and time');
  const time = new Date(value.trim());
  if (Number.isNaN(time.getTime())) throw bad('an ISO time');
  return time;
}
