// Dates and small labels.

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateTimeYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "14:05" today, "Mar 3, 14:05" this year, "Mar 3, 2027, 14:05" in another year (a task due next January). */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  const today = new Date();
  if (date.toDateString() === today.toDateString()) return timeOnly.format(date);
  return date.getFullYear() === today.getFullYear() ? dateTime.format(date) : dateTimeYear.format(date);
}

/** "5 minutes ago". */
export function timeAgo(iso) {
  if (!iso) return 'never';
  // A moment the server saw can be a little ahead of this device's clock: "in 3 seconds" would be nonsense for the past.
  const seconds = Math.min(0, Math.round((new Date(iso).getTime() - Date.now()) / 1000));
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(value, unit);
    value = Math.round(value / size);
  }
  return '';
}

/** A <time> element with the full date as its tooltip. */
export function timeElement(iso, text = formatTime(iso)) {
  const el = document.createElement('time');
  if (iso) {
    el.dateTime = iso;
    el.title = new Date(iso).toLocaleString();
  }
  el.textContent = text;
  return el;
}

export const KIND_LABELS = { approval: 'Approval', choice: 'Choice', question: 'Question', permission: 'Permission' };

export const STATUS_LABELS = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  responded: 'Answered',
  dismissed: 'Dismissed',
  expired: 'Expired',
  cancelled: 'Cancelled',
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  timed_out: 'Timed out',
  delivered: 'Delivered',
};

export const initial = (name) => (name ?? '?').trim().charAt(0).toUpperCase() || '?';
