/**
 * POST requests: the form as clients send it, and the citizen case it becomes. Open311 has no
 * source of its own in the case model, so a request is a citizen report (`citizen_app`) whose
 * reporter is `Open311 <client>`, the name of its api_key. A request with an address but no
 * lat/long becomes a case without a location, which the district centre sees and places
 * (sql/010_incident_unplaced.sql).
 */
import type { Context } from 'hono';
import { parseUrlEncoded, readMultipart } from '../http/form.ts';
import { decodeUtf8 } from '../http/json.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { createIncident, type IncidentDeps } from '../incidents/create.ts';
import type { IdempotencyGuard } from '../incidents/queries.ts';
import { reportNote } from './requests.ts';
import { reporterName, type PostBody } from './schema.ts';
import { serviceNotice } from './services.ts';

export interface Receipt {
  service_request_id: string;
  service_notice: string;
  account_id: string | null;
}

export async function submitRequest(deps: IncidentDeps, body: PostBody, client: string, guard: IdempotencyGuard | null) {
  const ref = await deps.reference.get();
  const category = ref.categories.get(body.service_code);
  if (!category) throw notFound(`service_code ${body.service_code} was not found; see GET services`);
  const created = await createIncident(
    deps,
    {
      source: 'citizen_app',
      categoryCode: category.code,
      priority: 'normal',
      level: 'grid',
      lon: body.long,
      lat: body.lat,
      description: body.description || category.name,
      // Without lat/long the case is found by its address until it is placed.
      address: body.address_string || (body.address_id ? `地址编号 ${body.address_id}` : null),
      reporterName: reporterName(body.first_name, body.last_name),
      reporterPhone: body.phone ?? null,
      actor: { role: 'citizen', name: `Open311 ${client}` },
      note: reportNote(body.media_url),
    },
    { idempotency: guard },
  );
  const { state } = created;
  const receipt: Receipt = {
    service_request_id: state.ticket,
    service_notice: serviceNotice(ref, state.categoryCode, state.level, state.priority),
    account_id: body.account_id ?? null,
  };
  return { receipt, replayed: created.replayed };
}

/** The form of a POST: urlencoded as the spec says (also when mislabelled), or multipart. */
export async function readForm(c: Context): Promise<Record<string, string[]>> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await readMultipart(c.req);
    return Object.fromEntries(Object.entries(form).map(([k, v]) => [k, [v].flat().filter((x): x is string => typeof x === 'string')]));
  }
  const text = decodeUtf8(new Uint8Array(await c.req.arrayBuffer()));
  if (/^\s*[[{]/.test(text)) throw badRequest('send the request as application/x-www-form-urlencoded, not JSON');
  const form: Record<string, string[]> = {};
  for (const [k, v] of parseUrlEncoded(text)) (form[k] ??= []).push(v);
  return form;
}

/** What identifies a request for Idempotency-Key: its fields in name order, without the api_key. */
export function canonicalForm(form: Record<string, string>): string {
  const { api_key: _key, jurisdiction_id: _jurisdiction, ...fields } = form;
  return JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
