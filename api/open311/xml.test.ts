/** The XML writer (escaping, lists, empty elements) and the strict reader the other tests use. */
import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from './encode.ts';
import { parseXml, xmlValue } from './xml-read.ts';

describe('toXml', () => {
  it('writes the spec example of an error list exactly', () => {
    expect(toXml('errors', [{ code: 403, description: 'Invalid api_key received' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<errors>\n  <error>\n    <code>403</code>\n    <description>Invalid api_key received</description>\n  </error>\n</errors>\n',
    );
  });

  it('writes null and empty lists as empty elements, booleans and numbers as text', () => {
    expect(toXml('service_definition', { service_code: '06010', attributes: [], x: null, metadata: false, lat: 32.05 })).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_definition>\n  <service_code>06010</service_code>\n  <attributes/>\n' +
        '  <x/>\n  <metadata>false</metadata>\n  <lat>32.05</lat>\n</service_definition>\n',
    );
  });

  it('escapes markup and drops characters XML 1.0 cannot carry, keeping Chinese and line breaks', () => {
    expect(escapeXml('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeXml('铃\u0007声\u0000]]>')).toBe('铃声]]&gt;');
    expect(escapeXml('x\ud800y😀')).toBe('xy😀');
    const nasty = '垃圾 <script>alert("x")</script> & 1 > 0\n第二行\t\'"';
    expect(xmlValue(parseXml(toXml('service_requests', [{ description: nasty }])))).toEqual([{ description: nasty }]);
  });

  it('refuses a list without its item element name', () => {
    expect(() => toXml('things', [1])).toThrow(/no XML item element/);
  });
});

describe('parseXml (strict)', () => {
  const doc = (body: string) => `<?xml version="1.0" encoding="utf-8"?>\n${body}`;

  it('reads elements, entities and lists by the Spark convention', () => {
    const value = xmlValue(parseXml(doc('<services><service><service_code>01</service_code><group>a &amp; b &#x4e2d;&#25991;</group></service><service><service_code/></service></services>')));
    expect(value).toEqual([{ service_code: '01', group: 'a & b 中文' }, { service_code: '' }]);
  });

  it.each([
    ['no declaration', '<a/>'],
    ['an unclosed element', doc('<a><b></b>')],
    ['crossed tags', doc('<a><b></a></b>')],
    ['a bare ampersand', doc('<a>x & y</a>')],
    ['a bare <', doc('<a>x < y</a>')],
    ['an unknown entity', doc('<a>&nbsp;</a>')],
    ['two roots', doc('<a/><b/>')],
    ['a control character', doc('<a>\u0007</a>')],
    ['a reference to NUL', doc('<a>&#0;</a>')],
    ['a reference to a lone surrogate', doc('<a>&#xD800;</a>')],
    ['a reference past U+10FFFF', doc('<a>&#x110000;</a>')],
    ['attributes', doc('<a b="c"/>')],
  ])('refuses %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(/not well-formed/);
  });
});
