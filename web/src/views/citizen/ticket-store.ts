/**
 * "My tickets": the tickets this phone reported or follows, each with the access token of its
 * link (the server shows a ticket only to whoever holds it), kept in localStorage: no account
 * needed. A ticket without a token (typed in by number) opens only for a signed-in reporter.
 */

export interface StoredTicket {
  ticket: string;
  /** The ticket's access token (its link's `access=`), or null when unknown. */
  access: string | null;
  /** Category code, to name the ticket before its status has loaded. */
  category: string;
  addedAt: string;
}

const STORAGE_KEY = 'lianqin.citizen.tickets';
const TICKET = /^[A-Z]{2}\d{6,20}$/;

export function storedTickets(): StoredTicket[] {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (!Array.isArray(value)) return [];
    // Entries saved before tickets had tokens have no `access`.
    return value
      .filter((v): v is StoredTicket => typeof v?.ticket === 'string')
      .map((v) => ({ ...v, access: typeof v.access === 'string' ? v.access : null, category: v.category ?? '' }));
  } catch {
    return [];
  }
}

function save(tickets: StoredTicket[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(tickets));
  } catch {
    // Private mode: the list lasts as long as the page.
  }
}

/** Adds a ticket at the top (once); a known token is kept when none is given. */
export function rememberTicket(ticket: string, access: string | null, category = ''): void {
  const all = storedTickets();
  const known = all.find((t) => t.ticket === ticket);
  const rest = all.filter((t) => t.ticket !== ticket);
  save([{ ticket, access: access ?? known?.access ?? null, category: category || known?.category || '', addedAt: new Date().toISOString() }, ...rest]);
}

/** Adds tickets not kept yet at the end, and tokens to those kept without one (a citizen's account). */
export function keepTickets(items: { ticket: string; access: string; createdAt: string }[]): void {
  const all = storedTickets();
  for (const item of items) {
    const known = all.find((t) => t.ticket === item.ticket);
    if (known) known.access ??= item.access;
    else all.push({ ticket: item.ticket, access: item.access, category: '', addedAt: item.createdAt });
  }
  save(all);
}

/** The access token kept with a ticket, or null. */
export function accessOf(ticket: string): string | null {
  return storedTickets().find((t) => t.ticket === ticket)?.access ?? null;
}

export function forgetTicket(ticket: string): void {
  save(storedTickets().filter((t) => t.ticket !== ticket));
}

/** The ticket and token of a pasted link (`…/report.html#ticket=PK…&access=…`), or a bare ticket number. */
export function parseTicketLink(value: string): { ticket: string; access: string | null } | null {
  const text = value.trim();
  const ticket = /(?:^|[#&?]ticket=)([A-Za-z]{2}\d{6,20})(?:$|[&\s])/.exec(text)?.[1] ?? (TICKET.test(text.toUpperCase()) ? text : null);
  if (!ticket) return null;
  const access = /[#&?]access=([A-Za-z0-9_-]{16,64})/.exec(text)?.[1] ?? null;
  return { ticket: ticket.toUpperCase(), access };
}
