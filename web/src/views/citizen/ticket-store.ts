/** "My tickets": the tickets this phone reported or follows, kept in localStorage (no account needed). */

export interface StoredTicket {
  ticket: string;
  /** Category code, to name the ticket before its status has loaded. */
  category: string;
  addedAt: string;
}

const STORAGE_KEY = 'lianqin.citizen.tickets';

export function storedTickets(): StoredTicket[] {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is StoredTicket => typeof v?.ticket === 'string') : [];
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

/** Adds a ticket at the top (once). */
export function rememberTicket(ticket: string, category: string): void {
  const rest = storedTickets().filter((t) => t.ticket !== ticket);
  save([{ ticket, category, addedAt: new Date().toISOString() }, ...rest]);
}

export function forgetTicket(ticket: string): void {
  save(storedTickets().filter((t) => t.ticket !== ticket));
}
