// util.time: AppSync formats with Java DateTimeFormatter patterns; this covers the pattern letters
// resolvers use (y M d H h m s S a E Z X z and 'quoted' literals) in any IANA time zone.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Parts { y: number; M: number; d: number; H: number; m: number; s: number; S: number; wd: number; offsetMin: number }

function partsIn(ms: number, tz = 'UTC'): Parts {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const y = Number(p.year), M = Number(p.month), d = Number(p.day), H = Number(p.hour) % 24, m = Number(p.minute), s = Number(p.second);
  const asUtc = Date.UTC(y, M - 1, d, H, m, s);
  const offsetMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday);
  return { y, M, d, H, m, s, S: ((ms % 1000) + 1000) % 1000, wd, offsetMin };
}

const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, '0');

function offset(min: number, colon: boolean, zForZero: boolean): string {
  if (min === 0 && zForZero) return 'Z';
  const sign = min < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(min) / 60), 2);
  const mm = pad(Math.abs(min) % 60, 2);
  return `${sign}${h}${colon ? ':' : ''}${mm}`;
}

function tokens(pattern: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      out.push(pattern.slice(i, end < 0 ? pattern.length : end + 1));
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push(pattern.slice(i, j));
      i = j;
    } else {
      out.push(c);
      i++;
    }
  }
  return out;
}

export function formatMs(ms: number, pattern: string, tz = 'UTC'): string {
  const p = partsIn(ms, tz);
  return tokens(pattern).map((t) => {
    const n = t.length;
    switch (t[0]) {
      case "'": return t.length === 2 ? "'" : t.slice(1, -1);
      case 'y': case 'u': return n === 2 ? pad(p.y % 100, 2) : pad(p.y, n);
      case 'M': return n >= 4 ? MONTHS[p.M - 1] : n === 3 ? MONTHS[p.M - 1].slice(0, 3) : pad(p.M, n);
      case 'd': return pad(p.d, n);
      case 'H': return pad(p.H, n);
      case 'h': return pad(p.H % 12 || 12, n);
      case 'm': return pad(p.m, n);
      case 's': return pad(p.s, n);
      case 'S': return pad(p.S, 3).slice(0, n).padEnd(n, '0');
      case 'a': return p.H < 12 ? 'AM' : 'PM';
      case 'E': return n >= 4 ? DAYS[p.wd] : DAYS[p.wd].slice(0, 3);
      case 'Z': return offset(p.offsetMin, n >= 4, false);
      case 'X': return offset(p.offsetMin, n >= 3, true);
      case 'x': return offset(p.offsetMin, n >= 3, false);
      case 'z': case 'V': return tz;
      default: return t;
    }
  }).join('');
}

/** Parses a timestamp written in a (numeric) Java pattern back to epoch milliseconds. */
export function parseFormatted(ts: string, pattern: string, tz = 'UTC'): number {
  const fields: string[] = [];
  let re = '';
  for (const t of tokens(pattern)) {
    const c = t[0];
    if (c === "'") re += (t.length === 2 ? "'" : t.slice(1, -1)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if ('yuMdHhmsS'.includes(c)) { fields.push(c); re += `(\\d{${c === 'S' ? '1,9' : t.length === 1 ? '1,2' : t.length}})`; }
    else if (c === 'a') { fields.push('a'); re += '(AM|PM|am|pm)'; }
    else if ('ZXx'.includes(c)) { fields.push('Z'); re += '(Z|[+-]\\d{2}:?\\d{2})'; }
    else if (/[A-Za-z]/.test(c)) { fields.push('_'); re += '(\\S+)'; }
    else re += t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(ts);
  if (!m) throw new Error(`Text '${ts}' could not be parsed with pattern '${pattern}'`);
  const v: Record<string, string> = {};
  fields.forEach((f, i) => (v[f] = m[i + 1]));
  let H = Number(v.H ?? v.h ?? 0);
  if (v.a) H = (H % 12) + (v.a.toUpperCase() === 'PM' ? 12 : 0);
  const y = Number(v.y ?? v.u ?? 1970);
  const local = Date.UTC(y, Number(v.M ?? 1) - 1, Number(v.d ?? 1), H, Number(v.m ?? 0), Number(v.s ?? 0), Number((v.S ?? '0').padEnd(3, '0').slice(0, 3)));
  if (v.Z) {
    if (v.Z === 'Z') return local;
    const sign = v.Z[0] === '-' ? -1 : 1;
    const digits = v.Z.slice(1).replace(':', '');
    return local - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  // Interpret in tz: correct by the zone's offset at that instant.
  return local - partsIn(local, tz).offsetMin * 60000;
}

export function timeUtils() {
  return {
    nowISO8601: () => new Date().toISOString(),
    nowEpochSeconds: () => Math.floor(Date.now() / 1000),
    nowEpochMilliSeconds: () => Date.now(),
    nowFormatted: (format: string, tz?: string) => formatMs(Date.now(), format, tz),
    parseFormattedToEpochMilliSeconds: (ts: string, format: string, tz?: string) => parseFormatted(ts, format, tz),
    parseISO8601ToEpochMilliSeconds: (ts: string) => {
      const ms = Date.parse(ts);
      if (Number.isNaN(ms)) throw new Error(`Text '${ts}' could not be parsed as ISO 8601`);
      return ms;
    },
    epochMilliSecondsToSeconds: (ms: number) => Math.floor(ms / 1000),
    epochMilliSecondsToISO8601: (ms: number) => new Date(ms).toISOString(),
    epochMilliSecondsToFormatted: (ms: number, format: string, tz?: string) => formatMs(ms, format, tz),
  };
}
