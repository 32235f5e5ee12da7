/** Discovery, the service list and service definitions, in JSON and XML. */
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { asXmlText } from './xml-read.ts';
import { get } from './test-support.ts';
import { SPECIFICATION } from './spec.ts';

const t = testApp();
afterAll(() => t.db.close());

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('discovery', () => {
  it('names this endpoint, its formats and how to get a key, in JSON and XML alike', async () => {
    const json = await get(t.app, 'http://lianqin.test/open311/v2/discovery.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.body).toMatchObject({
      changeset: expect.stringMatching(W3C),
      contact: expect.stringContaining('联勤指挥中心'),
      key_service: expect.stringContaining('api_key'),
      endpoints: [{ specification: SPECIFICATION, url: 'http://lianqin.test/open311/v2', type: 'production', formats: ['text/xml', 'application/json'] }],
    });
    const xml = await get(t.app, 'http://lianqin.test/open311/v2/discovery.xml');
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(xml.root).toBe('discovery');
    expect(xml.body).toEqual(asXmlText(json.body));
  });

  it('lets web pages of other origins read and post (CORS), errors included', async () => {
    const preflight = await t.app.request('/open311/v2/requests.json', {
      method: 'OPTIONS', headers: { origin: 'https://app.example.cn', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    for (const path of ['/open311/v2/services.json', '/open311/v2/services/00000.json']) {
      const answer = await t.app.request(path, { headers: { origin: 'https://app.example.cn' } });
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });

  it('sends the root of the endpoint to discovery', async () => {
    const answer = await t.app.request('/open311/v2');
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/open311/v2/discovery.json');
  });
});

describe('GET services', () => {
  it('lists every GB/T 47678.5 matter as a service, grouped by major class', async () => {
    const { status, body } = await get(t.app, '/open311/v2/services.json');
    expect(status).toBe(200);
    expect(body).toHaveLength(250);
    expect(body.find((s: any) => s.service_code === '06010')).toEqual({
      service_code: '06010',
      service_name: '暴露垃圾',
      description: 'GB/T 47678.5-2026 管理事项 06010：暴露垃圾（市容环境类）',
      metadata: false,
      type: 'realtime',
      keywords: '暴露垃圾, 市容环境',
      group: '市容环境类',
    });
    expect(body.every((s: any) => /^\d{5}$/.test(s.service_code) && typeof s.service_code === 'string')).toBe(true);
  });

  it('answers the same list as <services><service>…', async () => {
    const json = await get(t.app, '/open311/v2/services.json');
    const xml = await get(t.app, '/open311/v2/services.xml?jurisdiction_id=pukou.nanjing.gov.cn');
    expect(xml.root).toBe('services');
    expect(xml.text).toContain('<services>\n  <service>\n    <service_code>');
    expect(xml.body).toEqual(asXmlText(json.body));
  });
});

describe('GET service definition', () => {
  it('gives the time limit as an attribute for information (variable false)', async () => {
    const xml = await get(t.app, '/open311/v2/services/06010.xml');
    expect(xml.text).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_definition>\n  <service_code>06010</service_code>\n  <attributes>\n' +
        '    <attribute>\n      <variable>false</variable>\n      <code>time_limit</code>\n      <datatype>string</datatype>\n' +
        '      <required>false</required>\n      <datatype_description/>\n      <order>1</order>\n' +
        '      <description>网格员到场核实后就地处置，立案后 4 个工作小时内办结（工作日 8:00–12:00、14:00–18:00 计时）。</description>\n' +
        '    </attribute>\n  </attributes>\n</service_definition>\n',
    );
    const json = await get(t.app, '/open311/v2/services/06010.json');
    expect(json.body).toMatchObject({ service_code: '06010', attributes: [{ variable: false, code: 'time_limit', datatype_description: null, order: 1 }] });
    expect(xml.body).toEqual(asXmlText(json.body));
  });

  it('states calendar hours for matters that cannot wait for working time', async () => {
    const { body } = await get(t.app, '/open311/v2/services/10001.json');
    expect(body.attributes[0].description).toBe('网格员到场核实后就地处置，立案后 2 小时内办结。');
  });

  it.each(['json', 'xml'])('answers 404 with the error list for an unknown service (%s)', async (format) => {
    const { status, body } = await get(t.app, `/open311/v2/services/99999.${format}`);
    expect(status).toBe(404);
    expect(asXmlText(body)).toEqual([{ code: '404', description: 'service_code 99999 was not found; see GET services' }]);
  });
});
